#include "core/tabular/error_copy.hpp"

#include <algorithm>

#include "core/tabular/xlsx_writer.hpp"

namespace linli::tabular {

std::vector<std::string> RowErrors(const Table& table, const ImportReport& report) {
  std::vector<std::string> errors(table.rows.size());
  for (const ImportProblem& problem : report.problems) {
    const auto row = std::lower_bound(
        table.rows.begin(), table.rows.end(), problem.row,
        [](const TableRow& candidate, int number) { return candidate.number < number; });
    if (row == table.rows.end() || row->number != problem.row) continue;
    std::string& text = errors[static_cast<size_t>(row - table.rows.begin())];
    if (!text.empty()) text += "；";
    if (!problem.column.empty()) text += problem.column + "：";
    text += problem.message;
  }
  return errors;
}

core::Result<std::string> ErrorCopy(const Table& table, const ImportReport& report,
                                    const std::string& sheet_name) {
  XlsxWriteOptions options;
  options.sheet_name = sheet_name;
  options.row_errors = RowErrors(table, report);
  return WriteXlsxToBytes(table, options);
}

}  // namespace linli::tabular
