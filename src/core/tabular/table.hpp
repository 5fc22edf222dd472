// Tables read from and written to spreadsheet files (.csv, .xlsx) for imports and exports.
//
// A Table is a header row plus data rows of UTF-8 text cells. Every row keeps its 1-based
// row number in the source (the sheet row, or the CSV line on which the record starts), so
// that reports can name "第 5 行" and cells as "C5" (CellName). Blank rows are skipped and
// never delivered; the first non-blank row is the header. Readers stream rows to a RowSink
// (so a million-row import need not hold the file as a Table) or build a Table.
// Limits (ReadLimits) protect the server from hostile files: cell size, rows, columns, and —
// counted by the readers themselves as they decode (ReadBudget, ReadCounts) — the cells and the
// decoded text of the whole file, and for .xlsx the uncompressed sizes. The total of cells and
// text is what a Table of the file costs in memory, however few bytes the file itself has (an
// .xlsx of 18 KB whose cells all name one long shared string decodes to hundreds of MB).
// Errors are kInvalidArgument with a Chinese message naming the row and column (field = the
// cell name such as "C5", or "file" for the file as a whole); over the whole file's cells or
// text, kPayloadTooLarge (field "file").
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
  // The whole file, counted by the reader as it delivers rows (header included): cell slots
  // (an empty cell before a filled one in its row counts) and decoded text bytes (every
  // delivered cell, plus for .xlsx the shared-string table it keeps). Over either: refused with
  // kPayloadTooLarge ("文件内容过大：…"). The defaults fit the command line's large imports;
  // uploads use the server's tighter import limits (app/config.hpp, http/import_response.hpp).
  size_t max_total_cells = 25'000'000;
  uint64_t max_total_text_bytes = 2ull << 30;
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

// What a reader decoded so far (also when it refused the file: up to the refusal).
struct ReadCounts {
  size_t rows = 0;            // non-blank rows delivered, header included
  size_t cells = 0;           // cell slots delivered
  uint64_t text_bytes = 0;    // decoded text: delivered cells plus kept shared strings
  size_t shared_strings = 0;  // .xlsx: entries of the shared-string table
};

// The readers' running count against ReadLimits::max_total_cells and max_total_text_bytes.
// REQUIRES: limits outlives the budget.
class ReadBudget {
 public:
  explicit ReadBudget(const ReadLimits& limits, ReadCounts* counts = nullptr)
      : limits_(limits), counts_(counts != nullptr ? counts : &own_) {}
  // A row about to be delivered: its cells and their text.
  core::Status ChargeRow(const TableRow& row);
  // Text the reader keeps apart from rows (an .xlsx shared string).
  core::Status ChargeSharedString(size_t bytes);
  const ReadCounts& counts() const { return *counts_; }

 private:
  core::Error TextTooLarge(std::string_view where) const;

  const ReadLimits& limits_;
  ReadCounts own_;
  ReadCounts* counts_;
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

// Collects rows from a reader into a Table (the reader has counted them against its limits).
class TableBuilder {
 public:
  RowSink Sink();
  // kInvalidArgument "文件是空的" when no row was delivered.
  core::Result<Table> Finish() &&;
  Table& table() { return table_; }

 private:
  Table table_;
  bool has_header_ = false;
};

// Error helpers shared by the readers.
core::Error CellError(size_t column, int row, std::string_view what);
core::Error FileError(std::string_view what);
// "64 MB", "512 KB", "300 字节": a limit in bytes as a person reads it.
std::string ByteSize(uint64_t bytes);

}  // namespace linli::tabular
