#include "core/tabular/column_map.hpp"

#include <algorithm>

namespace linli::tabular {
namespace {

constexpr std::string_view kFullWidthSpace = "\xE3\x80\x80";  // U+3000

bool IsAsciiSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

std::vector<std::string> SheetTemplate::Titles() const {
  std::vector<std::string> titles;
  titles.reserve(columns.size());
  for (const TemplateColumn& column : columns) titles.push_back(column.title);
  return titles;
}

std::vector<std::string> SplitListCell(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (size_t i = 0; i < text.size();) {
    if (text[i] == ';') {
      out.push_back(std::move(current));
      current.clear();
      ++i;
    } else if (text.substr(i, 3) == "；") {
      out.push_back(std::move(current));
      current.clear();
      i += 3;
    } else {
      current += text[i++];
    }
  }
  out.push_back(std::move(current));
  return out;
}

std::string_view TrimCell(std::string_view text) {
  while (true) {
    if (!text.empty() && IsAsciiSpace(text.front())) {
      text.remove_prefix(1);
    } else if (text.starts_with(kFullWidthSpace)) {
      text.remove_prefix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  while (true) {
    if (!text.empty() && IsAsciiSpace(text.back())) {
      text.remove_suffix(1);
    } else if (text.ends_with(kFullWidthSpace)) {
      text.remove_suffix(kFullWidthSpace.size());
    } else {
      break;
    }
  }
  return text;
}

ColumnMap::ColumnMap(const SheetTemplate& sheet, const TableRow& header)
    : sheet_(&sheet), header_row_(header.number), sheet_columns_(sheet.columns.size(), kAbsent) {
  const auto column_of = [&](std::string_view name) -> std::optional<size_t> {
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      const TemplateColumn& column = sheet.columns[c];
      if (column.title == name ||
          std::find(column.aliases.begin(), column.aliases.end(), name) != column.aliases.end()) {
        return c;
      }
    }
    return std::nullopt;
  };
  for (size_t i = 0; i < header.cells.size(); ++i) {
    const std::string_view name = TrimCell(header.cells[i]);
    if (name.empty()) continue;
    const std::string cell = CellName(i, header_row_);
    if (const auto column = column_of(name)) {
      size_t& slot = sheet_columns_[*column];
      if (slot == kAbsent) {
        slot = i;
      } else {
        const std::string& title = Title(*column);
        problems_.push_back(
            {header_row_, title, cell,
             "列“" + title + "”出现了两次（" + CellName(slot, header_row_) + " 和 " + cell + "）"});
      }
    } else if (std::find(sheet.ignored.begin(), sheet.ignored.end(), name) == sheet.ignored.end()) {
      problems_.push_back(
          {header_row_, std::string(name), cell,
           "未知的列“" + std::string(name) + "”（" + cell + "），请使用导入模板的列名"});
    }
  }
  for (size_t c = 0; c < sheet.columns.size(); ++c) {
    if (sheet.columns[c].required && sheet_columns_[c] == kAbsent) {
      problems_.push_back({header_row_, Title(c), "", "缺少必填列“" + Title(c) + "”"});
    }
  }
}

std::optional<size_t> ColumnMap::SheetColumn(size_t column) const {
  const size_t at = sheet_columns_[column];
  if (at == kAbsent) return std::nullopt;
  return at;
}

std::string_view ColumnMap::Cell(const TableRow& row, size_t column) const {
  const size_t at = sheet_columns_[column];
  if (at >= row.cells.size()) return {};  // also kAbsent
  return TrimCell(row.cells[at]);
}

}  // namespace linli::tabular
