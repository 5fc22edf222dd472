// Reading .csv files for imports (RFC 4180) into rows or a Table (see table.hpp).
//
// Comma-separated; a field may be double-quoted and then hold commas, line breaks and doubled
// quotes; a quote inside an unquoted field is kept as text (as spreadsheet programs write it);
// text after a closing quote or an unterminated quoted field is an error naming the row.
// Records end with LF, CRLF or a lone CR. The text must be UTF-8 (a byte order mark is skipped);
// with ReadLimits::accept_gb18030, a file that is not UTF-8 but valid GB18030/GBK is converted
// (what Excel in Chinese saves as "CSV"); anything else is refused with
// "文件不是 UTF-8 编码，请另存为 UTF-8 CSV" naming the row. Cells longer than
// ReadLimits::max_cell_bytes are refused before they are copied; the rows delivered are counted
// against the file's cells and decoded text (ReadBudget; counts, when given, shows them).
// Thread-safety: pure functions.
#pragma once

#include <filesystem>
#include <string_view>

#include "core/result.hpp"
#include "core/tabular/table.hpp"
#include "core/text.hpp"

namespace linli::tabular {

// REQUIRES: sink is callable. Row numbers are the lines on which records start.
core::Status ForEachCsvRow(std::string_view bytes, const ReadLimits& limits, const RowSink& sink,
                           ReadCounts* counts = nullptr);
core::Result<Table> ReadCsv(std::string_view bytes, const ReadLimits& limits = {},
                            ReadCounts* counts = nullptr);

using core::IsValidUtf8;  // core/text.hpp

}  // namespace linli::tabular
