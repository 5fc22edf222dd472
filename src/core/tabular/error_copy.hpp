// The error copy of an import: the input file as .xlsx with a red "错误" column that holds
// each row's problems ("列：问题；列：问题"), rows at their original row numbers — the same
// for every import, built from its ImportReport.
// Thread-safety: pure functions (see xlsx_writer.hpp).
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/tabular/import_report.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {

// One text per data row of table ("" for a row without a problem in the report): its problems
// in the report's order, each "column：message" (or the message alone), joined by "；".
// Problems of the header row and of rows the table does not hold are left out.
// REQUIRES: table's row numbers increase (as the readers deliver them).
std::vector<std::string> RowErrors(const Table& table, const ImportReport& report);

// The table written as .xlsx with the 错误 column of RowErrors.
core::Result<std::string> ErrorCopy(const Table& table, const ImportReport& report,
                                    const std::string& sheet_name = "导入错误");

}  // namespace linli::tabular
