#include "core/tabular/problem_collector.hpp"

#include <algorithm>
#include <mutex>
#include <tuple>
#include <utility>

#include "core/parallel.hpp"

namespace linli::tabular {

ProblemCollector::ProblemCollector(const ColumnMap& columns, size_t limit)
    : ProblemCollector(columns, limit, true) {}

ProblemCollector::ProblemCollector(const ColumnMap& columns, size_t limit, bool with_header)
    : columns_(&columns), limit_(limit) {
  if (!with_header) return;
  for (const ImportProblem& problem : columns.problems()) {
    const size_t letters = problem.cell.find_first_of("0123456789");
    const auto sheet_column = ColumnFromLetters(std::string_view(problem.cell).substr(0, letters));
    ++count_;
    Keep(problem.row, sheet_column.value_or(kNoColumn), problem);
  }
}

ProblemCollector ProblemCollector::Fork() const { return {*columns_, limit_, false}; }

bool ProblemCollector::Before(const Entry& a, const Entry& b) {
  return std::tie(a.row, a.sheet_column, a.sequence) < std::tie(b.row, b.sheet_column, b.sequence);
}

void ProblemCollector::Keep(int row, size_t sheet_column, ImportProblem problem) {
  Entry entry{row, sheet_column, next_sequence_++, std::move(problem)};
  if (kept_.size() < limit_) {
    kept_.push_back(std::move(entry));
    std::push_heap(kept_.begin(), kept_.end(), Before);
    return;
  }
  if (kept_.empty() || !Before(entry, kept_.front())) return;  // after every kept one
  std::pop_heap(kept_.begin(), kept_.end(), Before);
  kept_.back() = std::move(entry);
  std::push_heap(kept_.begin(), kept_.end(), Before);
}

void ProblemCollector::Add(const TableRow& row, size_t column, std::string message) {
  ++count_;
  const auto sheet_column = columns_->SheetColumn(column);
  ImportProblem problem{row.number, columns_->Title(column),
                        sheet_column ? CellName(*sheet_column, row.number) : std::string(),
                        std::move(message)};
  Keep(row.number, sheet_column.value_or(kNoColumn), std::move(problem));
}

void ProblemCollector::AddRow(const TableRow& row, std::string message) {
  ++count_;
  Keep(row.number, kNoColumn, {row.number, "", "", std::move(message)});
}

void ProblemCollector::AddFile(std::string message) {
  ++count_;
  const int row = columns_->header_row();
  Keep(row, kNoColumn, {row, "", "", std::move(message)});
}

void ProblemCollector::Merge(ProblemCollector&& other) {
  count_ += other.count_;
  std::sort(other.kept_.begin(), other.kept_.end(),
            [](const Entry& a, const Entry& b) { return a.sequence < b.sequence; });
  for (Entry& entry : other.kept_) Keep(entry.row, entry.sheet_column, std::move(entry.problem));
  other.kept_.clear();
  other.count_ = 0;
}

ImportReport ProblemCollector::Finish() && {
  std::sort_heap(kept_.begin(), kept_.end(), Before);
  ImportReport report;
  report.problem_count = count_;
  report.problems.reserve(kept_.size());
  for (Entry& entry : kept_) report.problems.push_back(std::move(entry.problem));
  kept_.clear();
  return report;
}

core::Status CheckRowsInParallel(
    size_t row_count, ProblemCollector& problems,
    const std::function<void(size_t index, ProblemCollector& problems)>& check, size_t minimum) {
  std::mutex mutex;
  std::vector<std::pair<size_t, ProblemCollector>> shares;  // (first row, its problems)
  TRY(core::ForRanges(row_count, minimum, [&](size_t begin, size_t end) -> core::Status {
    ProblemCollector share = problems.Fork();
    for (size_t index = begin; index < end; ++index) check(index, share);
    const std::lock_guard lock(mutex);
    shares.emplace_back(begin, std::move(share));
    return core::Ok();
  }));
  std::sort(shares.begin(), shares.end(),
            [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [begin, share] : shares) problems.Merge(std::move(share));
  return core::Ok();
}

}  // namespace linli::tabular
