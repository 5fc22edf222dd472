// The report of a spreadsheet import: what every registry's import answers, and the options
// every import takes.
//
// A problem names the source row (the header is row 1 of a template), the column by its
// template title, the cell ("C7") when the file has that column, and a Chinese message. A report
// keeps the first problems in row then column order (bounded: ImportOptions::max_reported)
// and counts all of them. The pieces that build it are in column_map.hpp (the header against
// the declared columns), problem_collector.hpp (collecting problems, also on several threads)
// and error_copy.hpp (the input with a red 错误 column); docs/architecture.md, "Spreadsheets",
// says how a module writes its import with them.
// Thread-safety: plain values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace linli::tabular {

// Problems an import lists (and marks in its error copy) unless told otherwise.
inline constexpr size_t kListedProblems = 1000;

struct ImportProblem {
  int row = 0;          // 1-based row in the file
  std::string column;   // the template's title of the column, "" for the row or file as a whole
  std::string cell;     // "C7"; "" when the file lacks the column, or for a whole row or the file
  std::string message;  // Chinese
};

struct ImportReport {
  int64_t problem_count = 0;            // every problem found
  std::vector<ImportProblem> problems;  // the first ones, in row then column order

  bool truncated() const { return problem_count > static_cast<int64_t>(problems.size()); }
};

struct ImportOptions {
  bool dry_run = false;  // check everything, write nothing
  // Problems kept: listed in the report and marked in the error copy (all are counted).
  size_t max_reported = kListedProblems;
  std::string source_name;  // the file's name, for the audit record
};

}  // namespace linli::tabular
