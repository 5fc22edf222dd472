#include "core/tabular/table.hpp"

namespace linli::tabular {
namespace {

std::string_view TrimSpaces(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

constexpr size_t kMaxColumn = 16383;  // XFD

}  // namespace

std::optional<size_t> Table::ColumnIndex(std::string_view name) const {
  const std::string_view wanted = TrimSpaces(name);
  for (size_t i = 0; i < header.cells.size(); ++i) {
    if (TrimSpaces(header.cells[i]) == wanted) return i;
  }
  return std::nullopt;
}

const std::string& Table::Cell(const TableRow& row, size_t column) {
  static const std::string kEmpty;
  return column < row.cells.size() ? row.cells[column] : kEmpty;
}

std::string ColumnLetters(size_t column) {
  std::string letters;
  size_t n = column + 1;
  while (n > 0) {
    const size_t remainder = (n - 1) % 26;
    letters.insert(letters.begin(), static_cast<char>('A' + remainder));
    n = (n - 1) / 26;
  }
  return letters;
}

std::optional<size_t> ColumnFromLetters(std::string_view letters) {
  if (letters.empty() || letters.size() > 3) return std::nullopt;
  size_t n = 0;
  for (char c : letters) {
    if (c < 'A' || c > 'Z') return std::nullopt;
    n = n * 26 + static_cast<size_t>(c - 'A' + 1);
  }
  if (n - 1 > kMaxColumn) return std::nullopt;
  return n - 1;
}

std::string CellName(size_t column, int row) { return ColumnLetters(column) + std::to_string(row); }

core::Error CellError(size_t column, int row, std::string_view what) {
  const std::string name = CellName(column, row);
  return core::Error::InvalidArgument("第 " + std::to_string(row) + " 行 " + ColumnLetters(column) +
                                          " 列（单元格 " + name + "）" + std::string(what),
                                      name);
}

core::Error FileError(std::string_view what) {
  return core::Error::InvalidArgument(std::string(what), "file");
}

std::string ByteSize(uint64_t bytes) {
  if (bytes >= (1u << 20)) return std::to_string(bytes >> 20) + " MB";
  if (bytes >= (1u << 10)) return std::to_string(bytes >> 10) + " KB";
  return std::to_string(bytes) + " 字节";
}

core::Status ReadBudget::ChargeRow(const TableRow& row) {
  ++counts_->rows;
  counts_->cells += row.cells.size();
  if (counts_->cells > limits_.max_total_cells) {
    return core::Error::PayloadTooLarge("文件内容过大：单元格总数超过 " +
                                            std::to_string(limits_.max_total_cells) + "（第 " +
                                            std::to_string(row.number) + " 行），请拆分后再导入",
                                        "file");
  }
  for (const auto& cell : row.cells) counts_->text_bytes += cell.size();
  if (counts_->text_bytes > limits_.max_total_text_bytes) {
    return TextTooLarge("（第 " + std::to_string(row.number) + " 行）");
  }
  return core::Ok();
}

core::Status ReadBudget::ChargeSharedString(size_t bytes) {
  ++counts_->shared_strings;
  counts_->text_bytes += bytes;
  if (counts_->text_bytes > limits_.max_total_text_bytes) return TextTooLarge("（共享字符串）");
  return core::Ok();
}

core::Error ReadBudget::TextTooLarge(std::string_view where) const {
  return core::Error::PayloadTooLarge("文件内容过大：解码后的文本超过 " +
                                          ByteSize(limits_.max_total_text_bytes) +
                                          std::string(where) + "，请拆分后再导入",
                                      "file");
}

RowSink TableBuilder::Sink() {
  return [this](const TableRow& row) -> core::Status {
    if (!has_header_) {
      table_.header = row;
      has_header_ = true;
    } else {
      table_.rows.push_back(row);
    }
    return core::Ok();
  };
}

core::Result<Table> TableBuilder::Finish() && {
  if (!has_header_) return FileError("文件是空的，没有表头");
  return std::move(table_);
}

}  // namespace linli::tabular
