#include "core/tabular/xlsx_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iterator>

namespace linli::tabular {
namespace {

constexpr size_t kExcelMaxString = 32767;
constexpr lxw_row_t kExcelMaxRows = 1'048'576;

// Display width in Excel character units: CJK and other wide characters count double.
double DisplayWidth(const std::string& text) {
  double width = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    width += length >= 3 ? 2.0 : 1.0;
    i += length;
  }
  return width;
}

bool ReadsAsNumber(const std::string& text, double& value) {
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

// Excel's rules: 1..31 characters, none of []:*?/\, not starting or ending with an apostrophe.
bool ValidSheetName(const std::string& name) {
  if (name.empty() || name.front() == '\'' || name.back() == '\'') return false;
  if (name.find_first_of("[]:*?/\\") != std::string::npos) return false;
  size_t characters = 0;
  for (char c : name) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;
  }
  return characters <= 31;
}

class Workbook {
 public:
  Workbook(const std::string& path, bool constant_memory) {
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    workbook_ = workbook_new_opt(path.c_str(), &options);
  }
  ~Workbook() {
    if (workbook_ != nullptr) workbook_close(workbook_);
  }
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
  lxw_workbook* Get() { return workbook_; }
  lxw_error Close() {
    lxw_workbook* workbook = workbook_;
    workbook_ = nullptr;
    return workbook_close(workbook);
  }

 private:
  lxw_workbook* workbook_ = nullptr;
};

core::Error WriteFailed(std::string_view what) {
  return core::Error::Internal("写入 .xlsx 失败：" + std::string(what));
}

}  // namespace

namespace {

// One sheet of an open workbook.
core::Status WriteSheet(Workbook& workbook, const Table& table, const XlsxWriteOptions& options) {
  if (!options.row_errors.empty() && options.row_errors.size() != table.rows.size()) {
    return core::Error::Internal("row_errors must have one entry per row");
  }
  if (!ValidSheetName(options.sheet_name)) {
    return core::Error::InvalidArgument("工作表名称无效（最多 31 个字符，不能含 []:*?/\\）",
                                        "sheet_name");
  }
  lxw_worksheet* sheet = workbook_add_worksheet(workbook.Get(), options.sheet_name.c_str());
  if (sheet == nullptr) return WriteFailed("无法创建工作表");
  lxw_format* bold = workbook_add_format(workbook.Get());
  format_set_bold(bold);
  lxw_format* error_format = workbook_add_format(workbook.Get());
  format_set_bg_color(error_format, 0xFFC7CE);
  format_set_font_color(error_format, 0x9C0006);
  lxw_format* error_header = workbook_add_format(workbook.Get());
  format_set_bold(error_header);
  format_set_bg_color(error_header, 0xFFC7CE);
  format_set_font_color(error_header, 0x9C0006);

  const bool with_errors = !options.row_errors.empty();
  size_t columns = table.header.cells.size();
  for (const auto& row : table.rows) columns = std::max(columns, row.cells.size());
  const size_t error_column = columns;

  // Column widths from the header and the first rows (before any row is written: constant
  // memory mode needs it).
  std::vector<double> widths(columns + 1, 8.0);
  auto measure = [&](const std::vector<std::string>& cells) {
    for (size_t c = 0; c < cells.size(); ++c) {
      widths[c] = std::min(50.0, std::max(widths[c], DisplayWidth(cells[c]) + 2));
    }
  };
  measure(table.header.cells);
  for (size_t r = 0; r < table.rows.size() && r < 200; ++r) measure(table.rows[r].cells);
  widths[error_column] = 40.0;
  for (size_t c = 0; c < columns + (with_errors ? 1 : 0); ++c) {
    worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), widths[c],
                         nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);

  auto write_text = [&](lxw_row_t row, size_t column, const std::string& text,
                        lxw_format* format) -> core::Status {
    if (text.empty() && format == nullptr) return core::Ok();
    if (text.size() > kExcelMaxString) {
      return core::Error::InvalidArgument(
          "单元格 " + CellName(column, static_cast<int>(row) + 1) + " 超过 Excel 的 32767 字符上限",
          CellName(column, static_cast<int>(row) + 1));
    }
    const lxw_error error =
        worksheet_write_string(sheet, row, static_cast<lxw_col_t>(column), text.c_str(), format);
    if (error != LXW_NO_ERROR) return WriteFailed(lxw_strerror(error));
    return core::Ok();
  };

  lxw_row_t header_row =
      table.header.number > 0 ? static_cast<lxw_row_t>(table.header.number - 1) : 0;
  for (size_t c = 0; c < table.header.cells.size(); ++c) {
    TRY(write_text(header_row, c, table.header.cells[c], bold));
  }
  if (with_errors)
    TRY(write_text(header_row, error_column, options.error_column_title, error_header));

  lxw_row_t last = header_row;
  for (size_t r = 0; r < table.rows.size(); ++r) {
    const TableRow& row = table.rows[r];
    lxw_row_t target = last + 1;
    if (row.number > 0 && static_cast<lxw_row_t>(row.number - 1) > target) {
      target = static_cast<lxw_row_t>(row.number - 1);
    }
    if (target >= kExcelMaxRows) {
      return core::Error::InvalidArgument("行数超过 Excel 的 1048576 行上限", "file");
    }
    last = target;
    for (size_t c = 0; c < row.cells.size(); ++c) {
      const std::string& text = row.cells[c];
      double number = 0;
      if (std::find(options.numeric_columns.begin(), options.numeric_columns.end(), c) !=
              options.numeric_columns.end() &&
          ReadsAsNumber(text, number)) {
        const lxw_error error =
            worksheet_write_number(sheet, target, static_cast<lxw_col_t>(c), number, nullptr);
        if (error != LXW_NO_ERROR) return WriteFailed(lxw_strerror(error));
        continue;
      }
      TRY(write_text(target, c, text, nullptr));
    }
    if (with_errors && !options.row_errors[r].empty()) {
      TRY(write_text(target, error_column, options.row_errors[r], error_format));
    }
  }
  return core::Ok();
}

}  // namespace

core::Status WriteXlsxSheets(const std::vector<XlsxSheet>& sheets,
                             const std::filesystem::path& path) {
  if (sheets.empty()) return core::Error::Internal("a workbook needs a sheet");
  Workbook workbook(path.string(), sheets.front().options.constant_memory);
  if (workbook.Get() == nullptr) return WriteFailed("无法创建文件 " + path.string());
  for (const auto& sheet : sheets) TRY(WriteSheet(workbook, *sheet.table, sheet.options));
  const lxw_error closed = workbook.Close();
  if (closed != LXW_NO_ERROR) return WriteFailed(lxw_strerror(closed));
  return core::Ok();
}

core::Status WriteXlsx(const Table& table, const XlsxWriteOptions& options,
                       const std::filesystem::path& path) {
  return WriteXlsxSheets({XlsxSheet{&table, options}}, path);
}

core::Result<std::string> WriteXlsxToBytes(const Table& table, const XlsxWriteOptions& options) {
  return WriteXlsxSheetsToBytes({XlsxSheet{&table, options}});
}

core::Result<std::string> WriteXlsxSheetsToBytes(const std::vector<XlsxSheet>& sheets) {
  std::string path_template =
      (std::filesystem::temp_directory_path() / "linli_xlsx_XXXXXX").string();
  const int descriptor = ::mkstemp(path_template.data());
  if (descriptor < 0) return WriteFailed("无法创建临时文件");
  ::close(descriptor);
  const std::filesystem::path path = path_template;
  core::Status written = WriteXlsxSheets(sheets, path);
  std::string bytes;
  if (written.ok()) {
    std::ifstream in(path, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) written = WriteFailed("无法读取临时文件");
  }
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
  if (!written.ok()) return std::move(written).error();
  return bytes;
}

}  // namespace linli::tabular
