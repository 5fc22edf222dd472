// Writing a Table as an .xlsx file through libxlsxwriter: exports, templates, and the
// error-report copy of an import (the input with an extra highlighted "错误" column).
//
// Text is written as text (so ID numbers keep every digit), except in numeric_columns, where a
// cell that reads entirely as a number is written as a number. The header is bold and frozen.
// Rows keep their source row numbers when those increase (so an error copy lines up with the
// report's row numbers); rows numbered 0 are written one after another.
// Thread-safety: pure functions (libxlsxwriter keeps no global state); a temporary file is
// used for WriteXlsxToBytes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {

struct XlsxWriteOptions {
  std::string sheet_name = "Sheet1";  // at most 31 characters, none of []:*?/\ .
  std::vector<size_t> numeric_columns;
  // Empty, or one message per Table::rows entry: adds a column titled error_column_title whose
  // non-empty cells are highlighted in red.
  std::vector<std::string> row_errors;
  std::string error_column_title = "错误";
  // libxlsxwriter's constant-memory mode (rows streamed to a temporary file, strings inline):
  // memory stays flat for large exports.
  bool constant_memory = true;
};

core::Status WriteXlsx(const Table& table, const XlsxWriteOptions& options,
                       const std::filesystem::path& path);
core::Result<std::string> WriteXlsxToBytes(const Table& table,
                                           const XlsxWriteOptions& options = {});

// A workbook of several sheets, in order (each its table and options; the first sheet's
// constant_memory decides for the workbook). Sheet names must differ.
struct XlsxSheet {
  const Table* table = nullptr;
  XlsxWriteOptions options;
};
core::Status WriteXlsxSheets(const std::vector<XlsxSheet>& sheets,
                             const std::filesystem::path& path);
core::Result<std::string> WriteXlsxSheetsToBytes(const std::vector<XlsxSheet>& sheets);

}  // namespace linli::tabular
