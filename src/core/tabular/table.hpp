// Tables read from and written to spreadsheet files (.csv, .xlsx) for imports and exports.
//
// A Table is a header row plus data rows of UTF-8 text cells. Every row keeps its 1-based
// row number in the source (the sheet row, or the CSV line on which the record starts), so
// that reports can name "第 5 行" and cells as "C5" (CellName). Blank rows are skipped and
// never delivered; the first non-blank row is the header. Readers stream rows to a RowSink
// (so a million-row import need not hold the file as a Table) or build a Table.
// Limits (ReadLimits) protect the server from hostile files: cell size, rows, columns, total
// cells, and for .xlsx the uncompressed sizes.
// Errors are kInvalidArgument with a Chinese message naming the row and column (field = the
// cell name such as "C5", or "file" for the file as a whole).
// Thread-safety: plain values and pure functions; readers keep no shared state.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace linli::tabular {

struct TableRow {
  int number = 0;                  // 1-based row number in the source
  std::vector<std::string> cells;  // trailing empty cells are dropped by the readers
};

struct Table {
  TableRow header;
  std::vector<TableRow> rows;
  bool date_1904 = false;  // .xlsx only: the workbook counts dates from 1904 (ExcelSerialToDate)

  // Index of the header cell equal to name (surrounding spaces ignored), if any.
  std::optional<size_t> ColumnIndex(std::string_view name) const;
  // The cell, or "" when the row is shorter.
  static const std::string& Cell(const TableRow& row, size_t column);
};

struct ReadLimits {
  size_t max_cell_bytes = 32 * 1024;
  size_t max_rows = 1'100'000;  // data rows, header excluded
  size_t max_columns = 1024;
  size_t max_total_cells = 25'000'000;  // when building a Table (memory)
  // .xlsx: uncompressed bytes of an XML part held in memory (workbook, relations, shared
  // strings), of the sheet (streamed, so this bounds time rather than memory), and in total.
  uint64_t max_part_bytes = 64ull << 20;
  uint64_t max_sheet_bytes = 512ull << 20;
  uint64_t max_total_bytes = 640ull << 20;
  size_t max_shared_strings = 2'000'000;
  // .csv: input that is not UTF-8 but valid GB18030 (which includes GBK; what Excel in Chinese
  // saves as "CSV") is converted; otherwise it is refused.
  bool accept_gb18030 = true;
};

// Receives the header first, then every non-blank data row, in order. An error stops reading
// and is returned by the reader.
using RowSink = std::function<core::Status(const TableRow& row)>;

// 0 -> "A", 25 -> "Z", 26 -> "AA", 16383 -> "XFD".
std::string ColumnLetters(size_t column);
// "A" -> 0 ... ; nullopt unless 1..3 upper-case letters within XFD.
std::optional<size_t> ColumnFromLetters(std::string_view letters);
// (2, 5) -> "C5".
std::string CellName(size_t column, int row);

// Collects rows from a reader into a Table, enforcing max_total_cells.
class TableBuilder {
 public:
  explicit TableBuilder(const ReadLimits& limits) : limits_(limits) {}
  RowSink Sink();
  // kInvalidArgument "文件是空的" when no row was delivered.
  core::Result<Table> Finish() &&;
  Table& table() { return table_; }

 private:
  ReadLimits limits_;
  Table table_;
  bool has_header_ = false;
  size_t cells_ = 0;
};

// Error helpers shared by the readers.
core::Error CellError(size_t column, int row, std::string_view what);
core::Error FileError(std::string_view what);

}  // namespace linli::tabular
