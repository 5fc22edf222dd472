#include "core/tabular/csv_reader.hpp"

#include <iconv.h>

#include <algorithm>
#include <cerrno>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace linli::tabular {
namespace {

// 1-based line of a byte offset (LF counted).
int LineOf(std::string_view text, size_t offset) {
  return 1 + static_cast<int>(
                 std::count(text.begin(), text.begin() + std::min(offset, text.size()), '\n'));
}

// Text converted to UTF-8, in a buffer left uninitialised: of the room allowed for the worst
// case (2x) only the pages written cost memory.
struct ConvertedText {
  std::unique_ptr<char[]> bytes;
  size_t size = 0;
};

// Whole-input GB18030 -> UTF-8 through glibc iconv; nullopt when the input is not GB18030.
std::optional<ConvertedText> Gb18030ToUtf8(std::string_view input) {
  iconv_t converter = iconv_open("UTF-8", "GB18030");
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  const size_t room = input.size() * 2 + 16;  // a GB18030 character never grows beyond 2x
  ConvertedText output{std::unique_ptr<char[]>(new char[room]), 0};
  char* in = const_cast<char*>(input.data());
  size_t in_left = input.size();
  char* out = output.bytes.get();
  size_t out_left = room;
  const size_t result = iconv(converter, &in, &in_left, &out, &out_left);
  iconv_close(converter);
  if (result == static_cast<size_t>(-1) || in_left != 0) return std::nullopt;
  output.size = room - out_left;
  return output;
}

class CsvParser {
 public:
  CsvParser(std::string_view text, int first_line, const ReadLimits& limits, ReadCounts* counts)
      : text_(text), line_(first_line), limits_(limits), budget_(limits, counts) {}

  core::Status Run(const RowSink& sink) {
    TableRow row;
    size_t data_rows = 0;
    bool header_seen = false;
    while (position_ < text_.size()) {
      row.number = line_;
      row.cells.clear();
      TRY(ReadRecord(row));
      while (!row.cells.empty() && row.cells.back().empty()) row.cells.pop_back();
      if (row.cells.empty()) continue;  // blank line
      if (header_seen && ++data_rows > limits_.max_rows) {
        return core::Error::InvalidArgument("文件超过 " + std::to_string(limits_.max_rows) +
                                                " 行数据（第 " + std::to_string(row.number) +
                                                " 行），请拆分后再导入",
                                            "file");
      }
      header_seen = true;
      TRY(budget_.ChargeRow(row));
      TRY(sink(row));
    }
    return core::Ok();
  }

 private:
  core::Error RowError(int row, std::string_view what) const {
    return core::Error::InvalidArgument(
        "第 " + std::to_string(row) + " 行格式错误：" + std::string(what),
        "row " + std::to_string(row));
  }

  core::Status Append(std::string& field, std::string_view part, const TableRow& row) {
    if (field.size() + part.size() > limits_.max_cell_bytes) {
      return CellError(row.cells.size(), row.number,
                       "内容超过 " + std::to_string(limits_.max_cell_bytes / 1024) + " KB");
    }
    field.append(part);
    return core::Ok();
  }

  core::Status EndField(TableRow& row, std::string& field) {
    if (row.cells.size() >= limits_.max_columns) {
      return core::Error::InvalidArgument("第 " + std::to_string(row.number) + " 行超过 " +
                                              std::to_string(limits_.max_columns) + " 列",
                                          "row " + std::to_string(row.number));
    }
    row.cells.push_back(std::move(field));
    field.clear();
    return core::Ok();
  }

  // Consumes one record and its line break.
  core::Status ReadRecord(TableRow& row) {
    std::string field;
    while (true) {
      if (position_ >= text_.size()) return EndField(row, field);
      const char c = text_[position_];
      if (c == ',') {
        ++position_;
        TRY(EndField(row, field));
        continue;
      }
      if (c == '\n' || c == '\r') {
        ++position_;
        if (c == '\r' && position_ < text_.size() && text_[position_] == '\n') ++position_;
        ++line_;
        return EndField(row, field);
      }
      if (c == '"' && field.empty()) {
        TRY(ReadQuoted(row, field));
        // After the closing quote: a separator, a line break or the end.
        if (position_ < text_.size() && text_[position_] != ',' && text_[position_] != '\n' &&
            text_[position_] != '\r') {
          return RowError(row.number,
                          "第 " + std::to_string(row.cells.size() + 1) + " 列引号结束后还有字符");
        }
        continue;  // the loop ends the field at the separator, line break or end
      }
      size_t end = text_.find_first_of(",\r\n", position_);
      if (end == std::string_view::npos) end = text_.size();
      TRY(Append(field, text_.substr(position_, end - position_), row));
      position_ = end;
    }
  }

  core::Status ReadQuoted(TableRow& row, std::string& field) {
    const int start_line = line_;
    ++position_;  // opening quote
    while (true) {
      const size_t quote = text_.find('"', position_);
      if (quote == std::string_view::npos) {
        return RowError(start_line,
                        "第 " + std::to_string(row.cells.size() + 1) + " 列的引号没有结束");
      }
      const std::string_view part = text_.substr(position_, quote - position_);
      line_ += static_cast<int>(std::count(part.begin(), part.end(), '\n'));
      TRY(Append(field, part, row));
      position_ = quote + 1;
      if (position_ < text_.size() && text_[position_] == '"') {
        TRY(Append(field, "\"", row));
        ++position_;
        continue;
      }
      return core::Ok();
    }
  }

  std::string_view text_;
  size_t position_ = 0;
  int line_;
  const ReadLimits& limits_;
  ReadBudget budget_;
};

}  // namespace

core::Status ForEachCsvRow(std::string_view bytes, const ReadLimits& limits, const RowSink& sink,
                           ReadCounts* counts) {
  if (bytes.starts_with("PK\x03\x04")) {
    return FileError("文件是 .xlsx 或其他压缩文件，不是 CSV 文本，请按 .xlsx 上传或另存为 CSV");
  }
  if (bytes.starts_with("\xFF\xFE") || bytes.starts_with("\xFE\xFF")) {
    return FileError("文件是 UTF-16 编码，请另存为 UTF-8 CSV");
  }
  ConvertedText converted;
  std::string_view text = bytes;
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  size_t bad_offset = 0;
  if (!IsValidUtf8(text, &bad_offset)) {
    std::optional<ConvertedText> gb;
    if (limits.accept_gb18030) gb = Gb18030ToUtf8(text);
    if (!gb) {
      const int line = LineOf(text, bad_offset);
      return core::Error::InvalidArgument(
          "文件不是 UTF-8 编码，请另存为 UTF-8 CSV（第 " + std::to_string(line) + " 行）",
          "row " + std::to_string(line));
    }
    converted = std::move(*gb);
    text = std::string_view(converted.bytes.get(), converted.size);
  }
  if (const size_t nul = text.find('\0'); nul != std::string_view::npos) {
    const int line = LineOf(text, nul);
    return core::Error::InvalidArgument(
        "文件含有空字符，不是文本 CSV（第 " + std::to_string(line) + " 行）",
        "row " + std::to_string(line));
  }
  CsvParser parser(text, 1, limits, counts);
  return parser.Run(sink);
}

core::Result<Table> ReadCsv(std::string_view bytes, const ReadLimits& limits, ReadCounts* counts) {
  TableBuilder builder;
  TRY(ForEachCsvRow(bytes, limits, builder.Sink(), counts));
  return std::move(builder).Finish();
}

}  // namespace linli::tabular
