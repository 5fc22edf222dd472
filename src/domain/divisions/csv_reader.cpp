#include "domain/divisions/csv_reader.hpp"

#include <algorithm>
#include <fstream>

namespace linli::divisions {

CsvReader::CsvReader(std::string_view text, std::string source_name)
    : text_(text), source_name_(std::move(source_name)) {
  if (text_.starts_with("\xEF\xBB\xBF")) position_ = 3;
}

core::Error CsvReader::Malformed(std::string_view what) const {
  return core::Error::InvalidArgument(source_name_ + " 第 " + std::to_string(record_line_) +
                                      " 行格式错误：" + std::string(what));
}

core::Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  fields.clear();
  if (position_ >= text_.size()) return false;
  record_line_ = current_line_;
  std::string field;
  bool quoted_field = false;  // the current field was quoted (and its closing quote seen)
  while (true) {
    if (position_ >= text_.size()) {  // last record without a line break
      fields.push_back(std::move(field));
      return true;
    }
    const char c = text_[position_];
    if (c == '"') {
      if (!field.empty() || quoted_field) return Malformed("未加引号的字段中出现引号");
      ++position_;
      while (true) {
        if (position_ >= text_.size()) return Malformed("引号字段没有结束");
        const size_t special = text_.find_first_of("\"\n", position_);
        if (special == std::string_view::npos) {
          position_ = text_.size();
          return Malformed("引号字段没有结束");
        }
        field.append(text_.substr(position_, special - position_));
        position_ = special;
        const char q = text_[position_++];
        if (q == '"') {
          if (position_ < text_.size() && text_[position_] == '"') {
            field += '"';
            ++position_;
            continue;
          }
          break;
        }
        if (q == '\n') ++current_line_;
        field += q;
      }
      quoted_field = true;
      continue;
    }
    if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      quoted_field = false;
      ++position_;
      continue;
    }
    if (c == '\r' && position_ + 1 < text_.size() && text_[position_ + 1] == '\n') {
      ++position_;
      continue;
    }
    if (c == '\n') {
      ++position_;
      ++current_line_;
      fields.push_back(std::move(field));
      return true;
    }
    if (quoted_field) return Malformed("引号字段结束后还有字符");
    size_t end = text_.find_first_of(",\"\r\n", position_ + 1);
    if (end == std::string_view::npos) end = text_.size();
    field.append(text_.substr(position_, end - position_));
    position_ = end;
  }
}

bool CsvReader::SkipLineWithout(std::string_view needle) {
  if (position_ >= text_.size()) return false;
  size_t end = text_.find('\n', position_);
  if (end == std::string_view::npos) end = text_.size();
  const std::string_view line = text_.substr(position_, end - position_);
  if (line.find(needle) != std::string_view::npos) return false;
  if (std::count(line.begin(), line.end(), '"') % 2 != 0) return false;
  position_ = end < text_.size() ? end + 1 : end;
  ++current_line_;
  return true;
}

const std::string& CsvRecord::operator[](std::string_view column) const {
  for (size_t i = 0; i < header_.size(); ++i) {
    if (header_[i] == column) return fields_.at(i);
  }
  static const std::string kEmpty;
  return kEmpty;
}

core::Status ForEachCsvRecordInText(
    std::string_view text, const std::string& source_name,
    const std::vector<std::string>& required_columns,
    const std::function<core::Status(const CsvRecord&, int line)>& fn,
    std::string_view line_filter) {
  CsvReader reader(text, source_name);
  std::vector<std::string> header;
  ASSIGN_OR_RETURN(bool has_header, reader.Next(header));
  if (!has_header) return core::Error::InvalidArgument(source_name + " 是空文件");
  for (const auto& column : required_columns) {
    if (std::find(header.begin(), header.end(), column) == header.end()) {
      return core::Error::InvalidArgument(source_name + " 第 1 行缺少列 " + column);
    }
  }
  std::vector<std::string> fields;
  while (true) {
    if (!line_filter.empty() && reader.SkipLineWithout(line_filter)) continue;
    ASSIGN_OR_RETURN(bool more, reader.Next(fields));
    if (!more) break;
    if (fields.size() == 1 && fields.front().empty()) continue;  // blank line
    if (fields.size() != header.size()) {
      return core::Error::InvalidArgument(source_name + " 第 " + std::to_string(reader.line()) +
                                          " 行字段数为 " + std::to_string(fields.size()) +
                                          "，表头为 " + std::to_string(header.size()));
    }
    TRY(fn(CsvRecord(header, fields), reader.line()));
  }
  return core::Ok();
}

core::Status ForEachCsvRecord(const std::filesystem::path& path,
                              const std::vector<std::string>& required_columns,
                              const std::function<core::Status(const CsvRecord&, int line)>& fn,
                              std::string_view line_filter) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::InvalidArgument("无法打开区划数据文件 " + path.string());
  std::string text;
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > 0) {
    text.resize(static_cast<size_t>(size));
    in.read(text.data(), size);
  }
  if (in.bad() || size < 0) {
    return core::Error::InvalidArgument("读取区划数据文件失败 " + path.string());
  }
  return ForEachCsvRecordInText(text, path.string(), required_columns, fn, line_filter);
}

}  // namespace linli::divisions
