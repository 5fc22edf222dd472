// Reading the first worksheet of an .xlsx file (Office Open XML) into rows or a Table.
//
// There is no maintained C/C++ .xlsx reading library in Debian 12 (docs/decisions/
// 0003-xlsx-reader.md), so this is a small reader over minizip (the zip container, read from
// memory) and expat (streaming XML): _rels/.rels -> the workbook -> its relations -> the first
// visible sheet and the shared strings. Cells: shared strings (rich-text runs joined, phonetic
// runs dropped), inline strings, numbers (their stored text, e.g. "42", "3.5", dates as serial
// numbers: see ExcelSerialToDate), booleans ("TRUE"/"FALSE"), error values ("#N/A"); Excel's
// _xHHHH_ escapes are decoded. Merged cells are ignored (the value stays in the top-left cell).
// Refused, with a Chinese message naming the cell or the file: formula cells ("单元格 C5 含公式，
// 请粘贴为数值"), cells over ReadLimits::max_cell_bytes, too many rows/columns/shared strings,
// more cells or decoded text than the file's budget (the shared-string table is held once and
// counted, and so is every cell's copy of an entry: "文件内容过大：解码后的文本超过 N MB"),
// entries whose uncompressed size exceeds the limits (zip bombs), a DOCTYPE in any part (entity
// attacks), encrypted or legacy .xls files, and anything that is not a zip holding the workbook
// parts ("文件不是有效的 .xlsx").
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "core/identity/date.hpp"
#include "core/result.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {

struct XlsxSheetInfo {
  std::string sheet_name;  // the sheet that was read
  bool date_1904 = false;  // the workbook's date system
};

// Streams the first visible sheet's non-blank rows (header first) to sink. info (optional)
// is filled before the first row is delivered; counts (optional) with what was decoded.
core::Status ForEachXlsxRow(std::string_view bytes, const ReadLimits& limits, const RowSink& sink,
                            XlsxSheetInfo* info = nullptr, ReadCounts* counts = nullptr);
core::Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits = {},
                             ReadCounts* counts = nullptr);

// True when bytes start like a zip archive (an .xlsx, or a .docx renamed...).
bool LooksLikeZip(std::string_view bytes);

// The calendar date of an Excel serial day number (the fraction, a time of day, is dropped).
// 1900 system: 1 = 1900-01-01, and 60 is Excel's non-existent 1900-02-29 (refused); 1904
// system: 0 = 1904-01-01. kInvalidArgument outside 1..9999-12-31.
core::Result<identity::Date> ExcelSerialToDate(double serial, bool date_1904 = false);

}  // namespace linli::tabular
