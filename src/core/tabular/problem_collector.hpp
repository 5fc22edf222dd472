// Collecting the problems of an import, in row then column order and bounded.
//
// A ProblemCollector starts with the header's problems (ColumnMap::problems) and takes the
// problems of data rows by template column: it names the column by its title and the cell
// ("C7") when the file has that column. Phases may find problems in any order (a check
// against the registry after the row checks); Finish() gives them by row, then by the file's
// column (problems without a cell last in their row), then in the order they were added. Only
// the first `limit` in that order are kept, so a file that is wrong on every row costs bounded
// memory; all are counted.
// CheckRowsInParallel checks the data rows on every core, each share of the rows with a
// collector of its own (Fork), merged in row order.
// Thread-safety: a collector is used by one thread at a time; Fork gives one to each thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/tabular/column_map.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {

class ProblemCollector {
 public:
  // Starts with columns.problems(). REQUIRES: columns outlives the collector.
  explicit ProblemCollector(const ColumnMap& columns, size_t limit = kListedProblems);

  // An empty collector for the same columns and limit (without the header's problems), for
  // one thread's share of the rows; Merge it back.
  ProblemCollector Fork() const;

  // A problem in a data row, in template column `column` (an index into the template).
  void Add(const TableRow& row, size_t column, std::string message);
  // A problem of a data row as a whole.
  void AddRow(const TableRow& row, std::string message);
  // A problem of the file as a whole (reported at the header row), e.g. "文件中没有数据行".
  void AddFile(std::string message);
  // Takes over another collector's problems, as if they were added now.
  void Merge(ProblemCollector&& other);

  bool Any() const { return count_ > 0; }
  int64_t count() const { return count_; }

  // The kept problems in order, and the count of all.
  ImportReport Finish() &&;

 private:
  struct Entry {
    int row = 0;
    size_t sheet_column = 0;  // kNoColumn after every cell of the row
    uint64_t sequence = 0;
    ImportProblem problem;
  };
  static constexpr size_t kNoColumn = static_cast<size_t>(-1);
  static bool Before(const Entry& a, const Entry& b);

  ProblemCollector(const ColumnMap& columns, size_t limit, bool with_header);
  void Keep(int row, size_t sheet_column, ImportProblem problem);

  const ColumnMap* columns_;
  size_t limit_;
  int64_t count_ = 0;
  uint64_t next_sequence_ = 0;
  std::vector<Entry> kept_;  // a max-heap under Before: the last kept problem on top
};

// Calls check(index, problems) for every data row index in [0, row_count) on every core
// (core::ForRanges; one call on this thread below `minimum` rows), each share of the rows with
// a collector forked from `problems`, merged into it in row order. check must write only state
// of its own row.
core::Status CheckRowsInParallel(
    size_t row_count, ProblemCollector& problems,
    const std::function<void(size_t index, ProblemCollector& problems)>& check,
    size_t minimum = 20'000);

}  // namespace linli::tabular
