#include "core/tabular/xlsx_reader.hpp"

#include <expat.h>
#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace linli::tabular {
namespace {

constexpr char kNotXlsx[] = "文件不是有效的 .xlsx";
constexpr size_t kReadChunk = 64 * 1024;
constexpr int kMaxSheetRow = 1'048'576;

// ---- zip container over memory ------------------------------------------------------------

struct MemoryFile {
  std::string_view data;
  uint64_t position = 0;
};

voidpf OpenMemory(voidpf opaque, const void* /*filename*/, int /*mode*/) {
  static_cast<MemoryFile*>(opaque)->position = 0;
  return opaque;
}
uLong ReadMemory(voidpf opaque, voidpf /*stream*/, void* buffer, uLong size) {
  auto* file = static_cast<MemoryFile*>(opaque);
  if (file->position >= file->data.size()) return 0;
  const uint64_t available = file->data.size() - file->position;
  const uLong count = static_cast<uLong>(std::min<uint64_t>(size, available));
  std::memcpy(buffer, file->data.data() + file->position, count);
  file->position += count;
  return count;
}
uLong WriteMemory(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T TellMemory(voidpf opaque, voidpf /*stream*/) {
  return static_cast<MemoryFile*>(opaque)->position;
}
long SeekMemory(voidpf opaque, voidpf /*stream*/, ZPOS64_T offset, int origin) {
  auto* file = static_cast<MemoryFile*>(opaque);
  uint64_t base = 0;
  switch (origin) {
    case ZLIB_FILEFUNC_SEEK_SET:
      base = 0;
      break;
    case ZLIB_FILEFUNC_SEEK_CUR:
      base = file->position;
      break;
    case ZLIB_FILEFUNC_SEEK_END:
      base = file->data.size();
      break;
    default:
      return -1;
  }
  if (offset > file->data.size() || base + offset > file->data.size()) return -1;
  file->position = base + offset;
  return 0;
}
int CloseMemory(voidpf, voidpf) { return 0; }
int ErrorMemory(voidpf, voidpf) { return 0; }

class Zip {
 public:
  Zip(std::string_view bytes, const ReadLimits& limits) : limits_(limits) {
    file_.data = bytes;
    zlib_filefunc64_def functions{};
    functions.zopen64_file = OpenMemory;
    functions.zread_file = ReadMemory;
    functions.zwrite_file = WriteMemory;
    functions.ztell64_file = TellMemory;
    functions.zseek64_file = SeekMemory;
    functions.zclose_file = CloseMemory;
    functions.zerror_file = ErrorMemory;
    functions.opaque = &file_;
    zip_ = unzOpen2_64("memory", &functions);
  }
  ~Zip() {
    if (zip_ != nullptr) unzClose(zip_);
  }
  Zip(const Zip&) = delete;
  Zip& operator=(const Zip&) = delete;

  bool IsOpen() const { return zip_ != nullptr; }

  bool Has(const std::string& name) { return unzLocateFile(zip_, name.c_str(), 2) == UNZ_OK; }

  // The size the entry declares uncompressed (Read checks it against what inflates), or 0.
  uint64_t DeclaredSize(const std::string& name) {
    unz_file_info64 info{};
    if (unzLocateFile(zip_, name.c_str(), 2) != UNZ_OK ||
        unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return 0;
    }
    return info.uncompressed_size;
  }

  // Streams the entry's bytes to fn in chunks, refusing more than cap bytes.
  core::Status Read(const std::string& name, uint64_t cap,
                    const std::function<core::Status(std::string_view)>& fn) {
    if (unzLocateFile(zip_, name.c_str(), 2) != UNZ_OK) {
      return FileError(std::string(kNotXlsx) + "（缺少 " + name + "）");
    }
    unz_file_info64 info{};
    if (unzGetCurrentFileInfo64(zip_, &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK) {
      return FileError(std::string(kNotXlsx) + "（压缩包已损坏）");
    }
    if ((info.flag & 1) != 0) return FileError("文件有密码保护，请取消密码后再导入");
    if (info.uncompressed_size > cap || total_ + info.uncompressed_size > limits_.max_total_bytes) {
      return TooBig(name);
    }
    if (unzOpenCurrentFile(zip_) != UNZ_OK) {
      return FileError(std::string(kNotXlsx) + "（无法解压 " + name + "）");
    }
    std::string buffer(kReadChunk, '\0');
    uint64_t read = 0;
    core::Status status = core::Ok();
    while (true) {
      const int count = unzReadCurrentFile(zip_, buffer.data(), static_cast<unsigned>(kReadChunk));
      if (count < 0) {
        status = FileError(std::string(kNotXlsx) + "（" + name + " 已损坏或被截断）");
        break;
      }
      if (count == 0) break;
      read += static_cast<uint64_t>(count);
      total_ += static_cast<uint64_t>(count);
      if (read > cap || total_ > limits_.max_total_bytes) {
        status = TooBig(name);
        break;
      }
      status = fn(std::string_view(buffer.data(), static_cast<size_t>(count)));
      if (!status.ok()) break;
    }
    const int closed = unzCloseCurrentFile(zip_);
    if (status.ok() && closed != UNZ_OK) {
      status = FileError(std::string(kNotXlsx) + "（" + name + " 校验失败，文件已损坏）");
    }
    return status;
  }

  core::Result<std::string> ReadAll(const std::string& name) {
    std::string out;
    TRY(Read(name, limits_.max_part_bytes, [&](std::string_view chunk) -> core::Status {
      out.append(chunk);
      return core::Ok();
    }));
    return out;
  }

 private:
  static core::Error TooBig(const std::string& name) {
    return FileError("文件解压后过大（" + name + "），可能是恶意文件，请拆分或另存后再导入");
  }

  const ReadLimits& limits_;
  MemoryFile file_;
  unzFile zip_ = nullptr;
  uint64_t total_ = 0;
};

// ---- streaming XML over expat -------------------------------------------------------------

std::string_view LocalName(const XML_Char* name) {
  std::string_view text(name);
  const size_t bar = text.rfind('|');
  return bar == std::string_view::npos ? text : text.substr(bar + 1);
}

const XML_Char* Attribute(const XML_Char** attributes, std::string_view local) {
  for (size_t i = 0; attributes[i] != nullptr; i += 2) {
    if (LocalName(attributes[i]) == local) return attributes[i + 1];
  }
  return nullptr;
}

class XmlHandler {
 public:
  virtual ~XmlHandler() = default;
  virtual core::Status Start(std::string_view name, const XML_Char** attributes) = 0;
  virtual core::Status End(std::string_view name) = 0;
  virtual core::Status Text(std::string_view text) = 0;
};

class XmlParser {
 public:
  XmlParser(XmlHandler& handler, std::string part)
      : handler_(handler), part_(std::move(part)), parser_(XML_ParserCreateNS(nullptr, '|')) {
    XML_SetUserData(parser_, this);
    XML_SetElementHandler(parser_, OnStart, OnEnd);
    XML_SetCharacterDataHandler(parser_, OnText);
    XML_SetStartDoctypeDeclHandler(parser_, OnDoctype);
    XML_SetParamEntityParsing(parser_, XML_PARAM_ENTITY_PARSING_NEVER);
  }
  ~XmlParser() { XML_ParserFree(parser_); }
  XmlParser(const XmlParser&) = delete;
  XmlParser& operator=(const XmlParser&) = delete;

  core::Status Feed(std::string_view chunk, bool final) {
    if (parser_ == nullptr) return core::Error::Internal("XML 解析器创建失败");
    if (XML_Parse(parser_, chunk.data(), static_cast<int>(chunk.size()), final ? 1 : 0) ==
        XML_STATUS_ERROR) {
      if (!status_.ok()) return status_;
      return FileError(std::string(kNotXlsx) + "（" + part_ + " 第 " +
                       std::to_string(XML_GetCurrentLineNumber(parser_)) + " 行 XML 错误：" +
                       XML_ErrorString(XML_GetErrorCode(parser_)) + "）");
    }
    return status_;
  }

 private:
  void Stop(core::Status status) {
    if (!status_.ok()) return;
    status_ = std::move(status);
    XML_StopParser(parser_, XML_FALSE);
  }
  static void OnStart(void* data, const XML_Char* name, const XML_Char** attributes) {
    auto* self = static_cast<XmlParser*>(data);
    if (!self->status_.ok()) return;
    if (auto status = self->handler_.Start(LocalName(name), attributes); !status.ok()) {
      self->Stop(std::move(status));
    }
  }
  static void OnEnd(void* data, const XML_Char* name) {
    auto* self = static_cast<XmlParser*>(data);
    if (!self->status_.ok()) return;
    if (auto status = self->handler_.End(LocalName(name)); !status.ok()) {
      self->Stop(std::move(status));
    }
  }
  static void OnText(void* data, const XML_Char* text, int length) {
    auto* self = static_cast<XmlParser*>(data);
    if (!self->status_.ok()) return;
    if (auto status = self->handler_.Text(std::string_view(text, static_cast<size_t>(length)));
        !status.ok()) {
      self->Stop(std::move(status));
    }
  }
  static void OnDoctype(void* data, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* self = static_cast<XmlParser*>(data);
    self->Stop(FileError(std::string(kNotXlsx) + "（" + self->part_ + " 含 DOCTYPE）"));
  }

  XmlHandler& handler_;
  std::string part_;
  XML_Parser parser_;
  core::Status status_ = core::Ok();
};

core::Status ParseWhole(XmlHandler& handler, const std::string& part, std::string_view xml) {
  XmlParser parser(handler, part);
  return parser.Feed(xml, true);
}

// ---- package structure --------------------------------------------------------------------

struct Relationship {
  std::string id;
  std::string type;
  std::string target;
};

class RelationshipsHandler final : public XmlHandler {
 public:
  core::Status Start(std::string_view name, const XML_Char** attributes) override {
    if (name != "Relationship") return core::Ok();
    const XML_Char* mode = Attribute(attributes, "TargetMode");
    if (mode != nullptr && std::string_view(mode) == "External") return core::Ok();
    Relationship relationship;
    if (const auto* id = Attribute(attributes, "Id")) relationship.id = id;
    if (const auto* type = Attribute(attributes, "Type")) relationship.type = type;
    if (const auto* target = Attribute(attributes, "Target")) relationship.target = target;
    if (relationships.size() < 10'000) relationships.push_back(std::move(relationship));
    return core::Ok();
  }
  core::Status End(std::string_view) override { return core::Ok(); }
  core::Status Text(std::string_view) override { return core::Ok(); }

  std::vector<Relationship> relationships;
};

class WorkbookHandler final : public XmlHandler {
 public:
  core::Status Start(std::string_view name, const XML_Char** attributes) override {
    if (name == "workbookPr") {
      if (const auto* value = Attribute(attributes, "date1904")) {
        const std::string_view text(value);
        date_1904 = text == "1" || text == "true";
      }
    } else if (name == "sheet") {
      const XML_Char* id = Attribute(attributes, "id");  // r:id
      if (id == nullptr) return core::Ok();
      const XML_Char* state = Attribute(attributes, "state");
      const bool hidden = state != nullptr && std::string_view(state) != "visible";
      const XML_Char* sheet_name = Attribute(attributes, "name");
      if (first_id.empty()) {
        first_id = id;
        first_name = sheet_name != nullptr ? sheet_name : "";
      }
      if (!hidden && visible_id.empty()) {
        visible_id = id;
        visible_name = sheet_name != nullptr ? sheet_name : "";
      }
    }
    return core::Ok();
  }
  core::Status End(std::string_view) override { return core::Ok(); }
  core::Status Text(std::string_view) override { return core::Ok(); }

  bool date_1904 = false;
  std::string first_id, first_name, visible_id, visible_name;
};

bool EndsWith(std::string_view text, std::string_view suffix) { return text.ends_with(suffix); }

// Resolves a relationship target against the folder of the part that holds it.
std::string ResolveTarget(std::string_view base_folder, std::string_view target) {
  std::vector<std::string> segments;
  std::string_view rest = target;
  if (rest.starts_with('/')) {
    rest.remove_prefix(1);
  } else {
    std::string_view base = base_folder;
    while (!base.empty()) {
      const size_t slash = base.find('/');
      segments.emplace_back(base.substr(0, slash));
      if (slash == std::string_view::npos) break;
      base.remove_prefix(slash + 1);
    }
  }
  while (!rest.empty()) {
    const size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment == "..") {
      if (!segments.empty()) segments.pop_back();
    } else if (!segment.empty() && segment != ".") {
      segments.emplace_back(segment);
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  std::string out;
  for (const auto& segment : segments) {
    if (!out.empty()) out += '/';
    out += segment;
  }
  return out;
}

std::string FolderOf(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string RelationshipsPathOf(std::string_view part) {
  const size_t slash = part.rfind('/');
  if (slash == std::string_view::npos) return "_rels/" + std::string(part) + ".rels";
  return std::string(part.substr(0, slash)) + "/_rels/" + std::string(part.substr(slash + 1)) +
         ".rels";
}

// Excel escapes characters XML cannot carry as _xHHHH_ (e.g. _x000D_ for CR).
std::string DecodeExcelEscapes(std::string text) {
  if (text.find("_x") == std::string::npos) return text;
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    if (i + 7 <= text.size() && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_') {
      unsigned value = 0;
      const auto [end, error] =
          std::from_chars(text.data() + i + 2, text.data() + i + 6, value, 16);
      if (error == std::errc() && end == text.data() + i + 6 &&
          !(value >= 0xD800 && value <= 0xDFFF)) {
        if (value < 0x80) {
          out += static_cast<char>(value);
        } else if (value < 0x800) {
          out += static_cast<char>(0xC0 | (value >> 6));
          out += static_cast<char>(0x80 | (value & 0x3F));
        } else {
          out += static_cast<char>(0xE0 | (value >> 12));
          out += static_cast<char>(0x80 | ((value >> 6) & 0x3F));
          out += static_cast<char>(0x80 | (value & 0x3F));
        }
        i += 7;
        continue;
      }
    }
    out += text[i++];
  }
  return out;
}

// ---- shared strings -----------------------------------------------------------------------

// The shared-string table, held once: the text of every entry in one arena and each entry's
// end in it. Cells name an entry by index; the sheet copies an entry only into the cells that
// name it, and the reader's budget counts every copy (ReadBudget::ChargeRow), so a few bytes of
// file cannot fan out into unbounded memory.
class SharedStrings {
 public:
  // The arena's room; reserved pages cost no memory until text is written to them, and the
  // arena then never moves (one copy of the text, not three while it doubles).
  void Reserve(uint64_t bytes) { text_.reserve(static_cast<size_t>(bytes)); }
  void Add(std::string_view text) {
    text_.append(text);
    ends_.push_back(text_.size());
  }
  // An entry longer than max_cell_bytes: kept as a mark, refused only if a cell names it.
  void AddTooLong() { ends_.push_back(text_.size() | kTooLong); }
  size_t Count() const { return ends_.size(); }
  // REQUIRES: index < Count(). nullopt for an entry marked too long.
  std::optional<std::string_view> At(size_t index) const {
    if ((ends_[index] & kTooLong) != 0) return std::nullopt;
    const uint64_t begin = index == 0 ? 0 : ends_[index - 1] & ~kTooLong;
    return std::string_view(text_).substr(begin, ends_[index] - begin);
  }

 private:
  static constexpr uint64_t kTooLong = 1ull << 63;
  std::string text_;
  std::vector<uint64_t> ends_;
};

class SharedStringsHandler final : public XmlHandler {
 public:
  SharedStringsHandler(const ReadLimits& limits, ReadBudget& budget)
      : limits_(limits), budget_(budget) {}

  core::Status Start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_item_ = true;
      current_.clear();
      too_long_ = false;
    } else if (name == "rPh") {
      ++phonetic_depth_;
    } else if (name == "t" && in_item_ && phonetic_depth_ == 0) {
      in_text_ = true;
    }
    return core::Ok();
  }
  core::Status End(std::string_view name) override {
    if (name == "si" && in_item_) {
      in_item_ = false;
      if (strings.Count() >= limits_.max_shared_strings) {
        return FileError("文件的共享字符串超过 " + std::to_string(limits_.max_shared_strings) +
                         " 个，请拆分后再导入");
      }
      if (too_long_) {
        strings.AddTooLong();
        return budget_.ChargeSharedString(0);
      }
      current_ = DecodeExcelEscapes(std::move(current_));
      TRY(budget_.ChargeSharedString(current_.size()));
      strings.Add(current_);
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "t") {
      in_text_ = false;
    }
    return core::Ok();
  }
  core::Status Text(std::string_view text) override {
    if (!in_text_ || too_long_) return core::Ok();
    if (current_.size() + text.size() > limits_.max_cell_bytes) {
      too_long_ = true;  // refused only if a cell uses it
      current_.clear();
      return core::Ok();
    }
    current_.append(text);
    return core::Ok();
  }

  SharedStrings strings;

 private:
  const ReadLimits& limits_;
  ReadBudget& budget_;
  std::string current_;
  bool too_long_ = false;
  bool in_item_ = false;
  bool in_text_ = false;
  int phonetic_depth_ = 0;
};

// ---- the sheet ----------------------------------------------------------------------------

// "C5" -> column 2 (the row part is checked only for shape).
std::optional<size_t> ColumnOfReference(std::string_view reference) {
  size_t letters = 0;
  while (letters < reference.size() && reference[letters] >= 'A' && reference[letters] <= 'Z') {
    ++letters;
  }
  for (size_t i = letters; i < reference.size(); ++i) {
    if (reference[i] < '0' || reference[i] > '9') return std::nullopt;
  }
  return ColumnFromLetters(reference.substr(0, letters));
}

std::optional<int> ParseRowNumber(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < 1 ||
      value > kMaxSheetRow) {
    return std::nullopt;
  }
  return value;
}

class SheetHandler final : public XmlHandler {
 public:
  SheetHandler(const ReadLimits& limits, const SharedStrings& shared, ReadBudget& budget,
               const RowSink& sink)
      : limits_(limits), shared_(shared), budget_(budget), sink_(sink) {}

  core::Status Start(std::string_view name, const XML_Char** attributes) override {
    if (name == "row") {
      TRY(FlushRow());
      in_row_ = true;
      int number = last_row_ + 1;
      if (const auto* r = Attribute(attributes, "r")) {
        const auto parsed = ParseRowNumber(r);
        if (!parsed) return FileError(std::string(kNotXlsx) + "（行号无效：" + r + "）");
        number = *parsed;
      }
      if (number > kMaxSheetRow) return FileError(std::string(kNotXlsx) + "（行号超出范围）");
      if (number <= last_row_) {
        return FileError(std::string(kNotXlsx) + "（第 " + std::to_string(number) +
                         " 行重复或顺序错误）");
      }
      row_.number = number;
      row_.cells.clear();
      next_column_ = 0;
    } else if (name == "c" && in_row_) {
      in_cell_ = true;
      column_ = next_column_;
      if (const auto* r = Attribute(attributes, "r")) {
        const auto column = ColumnOfReference(r);
        if (!column) return FileError(std::string(kNotXlsx) + "（单元格位置无效：" + r + "）");
        column_ = *column;
      }
      if (column_ > 16383) return FileError(std::string(kNotXlsx) + "（列超出范围）");
      if (column_ < next_column_) {
        return FileError(std::string(kNotXlsx) + "（单元格 " + CellName(column_, row_.number) +
                         " 重复或顺序错误）");
      }
      const auto* type = Attribute(attributes, "t");
      type_ = type != nullptr ? type : "n";
      value_.clear();
    } else if (in_cell_ && name == "f") {
      return core::Error::InvalidArgument(
          "单元格 " + CellName(column_, row_.number) + " 含公式，请粘贴为数值",
          CellName(column_, row_.number));
    } else if (in_cell_ && name == "v") {
      in_value_ = true;
    } else if (in_cell_ && name == "is") {
      in_inline_ = true;
    } else if (in_inline_ && name == "rPh") {
      ++phonetic_depth_;
    } else if (in_inline_ && name == "t" && phonetic_depth_ == 0) {
      in_value_ = true;
    }
    return core::Ok();
  }

  core::Status End(std::string_view name) override {
    if (name == "v" || name == "t") {
      in_value_ = false;
    } else if (name == "rPh") {
      if (phonetic_depth_ > 0) --phonetic_depth_;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "c" && in_cell_) {
      in_cell_ = false;
      TRY(FinishCell());
    } else if (name == "row") {
      TRY(FlushRow());
    }
    return core::Ok();
  }

  core::Status Text(std::string_view text) override {
    if (!in_value_) return core::Ok();
    if (value_.size() + text.size() > limits_.max_cell_bytes) return TooLong();
    value_.append(text);
    return core::Ok();
  }

  core::Status Finish() { return FlushRow(); }

 private:
  core::Error TooLong() const {
    return CellError(column_, row_.number,
                     "内容超过 " + std::to_string(limits_.max_cell_bytes / 1024) + " KB");
  }

  core::Status FinishCell() {
    std::string text;
    if (type_ == "s") {
      size_t index = 0;
      const auto [end, error] =
          std::from_chars(value_.data(), value_.data() + value_.size(), index);
      if (error != std::errc() || end != value_.data() + value_.size() ||
          index >= shared_.Count()) {
        return CellError(column_, row_.number, "引用了不存在的共享字符串，文件已损坏");
      }
      const std::optional<std::string_view> shared = shared_.At(index);
      if (!shared) return TooLong();
      text.assign(*shared);
    } else if (type_ == "inlineStr" || type_ == "str") {
      text = DecodeExcelEscapes(std::move(value_));
    } else if (type_ == "b") {
      text = value_ == "1" ? "TRUE" : value_ == "0" ? "FALSE" : value_;
    } else {
      text = std::move(value_);  // n, d, e: the stored text
    }
    value_.clear();
    next_column_ = column_ + 1;
    if (text.empty()) return core::Ok();
    if (column_ >= limits_.max_columns) {
      return CellError(column_, row_.number,
                       "超出了 " + std::to_string(limits_.max_columns) + " 列的上限");
    }
    if (row_.cells.size() <= column_) row_.cells.resize(column_ + 1);
    row_.cells[column_] = std::move(text);
    return core::Ok();
  }

  core::Status FlushRow() {
    if (!in_row_) return core::Ok();
    in_row_ = false;
    in_cell_ = false;
    last_row_ = row_.number;
    while (!row_.cells.empty() && row_.cells.back().empty()) row_.cells.pop_back();
    if (row_.cells.empty()) return core::Ok();
    if (header_seen_ && ++data_rows_ > limits_.max_rows) {
      return FileError("文件超过 " + std::to_string(limits_.max_rows) + " 行数据（第 " +
                       std::to_string(row_.number) + " 行），请拆分后再导入");
    }
    header_seen_ = true;
    TRY(budget_.ChargeRow(row_));
    return sink_(row_);
  }

  const ReadLimits& limits_;
  const SharedStrings& shared_;
  ReadBudget& budget_;
  const RowSink& sink_;
  TableRow row_;
  bool in_row_ = false;
  bool in_cell_ = false;
  bool in_value_ = false;
  bool in_inline_ = false;
  int phonetic_depth_ = 0;
  int last_row_ = 0;
  size_t next_column_ = 0;
  size_t column_ = 0;
  std::string type_;
  std::string value_;
  bool header_seen_ = false;
  size_t data_rows_ = 0;
};

const Relationship* FindById(const std::vector<Relationship>& relationships, std::string_view id) {
  for (const auto& relationship : relationships) {
    if (relationship.id == id) return &relationship;
  }
  return nullptr;
}

const Relationship* FindByType(const std::vector<Relationship>& relationships,
                               std::string_view suffix) {
  for (const auto& relationship : relationships) {
    if (EndsWith(relationship.type, suffix)) return &relationship;
  }
  return nullptr;
}

core::Result<std::vector<Relationship>> ReadRelationships(Zip& zip, const std::string& path) {
  ASSIGN_OR_RETURN(std::string xml, zip.ReadAll(path));
  RelationshipsHandler handler;
  TRY(ParseWhole(handler, path, xml));
  return std::move(handler.relationships);
}

}  // namespace

bool LooksLikeZip(std::string_view bytes) {
  return bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06");
}

core::Status ForEachXlsxRow(std::string_view bytes, const ReadLimits& limits, const RowSink& sink,
                            XlsxSheetInfo* info, ReadCounts* counts) {
  if (bytes.starts_with("\xD0\xCF\x11\xE0")) {
    return FileError("文件是旧版 .xls 或有密码保护，请在 Excel 中另存为 .xlsx（不加密码）后再导入");
  }
  if (!LooksLikeZip(bytes)) return FileError(kNotXlsx);
  Zip zip(bytes, limits);
  if (!zip.IsOpen()) return FileError(std::string(kNotXlsx) + "（压缩包已损坏或被截断）");

  // The workbook: from the package relations, else the usual place.
  std::string workbook_path = "xl/workbook.xml";
  if (zip.Has("_rels/.rels")) {
    ASSIGN_OR_RETURN(auto package, ReadRelationships(zip, "_rels/.rels"));
    if (const auto* document = FindByType(package, "/officeDocument")) {
      workbook_path = ResolveTarget("", document->target);
    }
  }
  if (!zip.Has(workbook_path)) return FileError(std::string(kNotXlsx) + "（缺少工作簿）");
  ASSIGN_OR_RETURN(std::string workbook_xml, zip.ReadAll(workbook_path));
  WorkbookHandler workbook;
  TRY(ParseWhole(workbook, workbook_path, workbook_xml));
  workbook_xml.clear();
  const std::string sheet_id =
      workbook.visible_id.empty() ? workbook.first_id : workbook.visible_id;
  if (sheet_id.empty()) return FileError(std::string(kNotXlsx) + "（工作簿中没有工作表）");

  const std::string folder = FolderOf(workbook_path);
  ASSIGN_OR_RETURN(auto relationships, ReadRelationships(zip, RelationshipsPathOf(workbook_path)));
  const Relationship* sheet = FindById(relationships, sheet_id);
  if (sheet == nullptr) return FileError(std::string(kNotXlsx) + "（找不到工作表）");
  const std::string sheet_path = ResolveTarget(folder, sheet->target);

  ReadBudget budget(limits, counts);
  SharedStringsHandler shared(limits, budget);
  std::string shared_path;
  if (const auto* strings = FindByType(relationships, "/sharedStrings")) {
    shared_path = ResolveTarget(folder, strings->target);
  } else if (zip.Has(folder + "/sharedStrings.xml")) {
    shared_path = folder + "/sharedStrings.xml";
  }
  if (!shared_path.empty()) {
    // The text is never longer than its XML, nor than the budget allows.
    shared.strings.Reserve(std::min<uint64_t>(
        {zip.DeclaredSize(shared_path), limits.max_part_bytes, limits.max_total_text_bytes}));
    XmlParser parser(shared, shared_path);
    TRY(zip.Read(shared_path, limits.max_part_bytes,
                 [&](std::string_view chunk) { return parser.Feed(chunk, false); }));
    TRY(parser.Feed({}, true));
  }

  if (info != nullptr) {
    info->sheet_name = workbook.visible_id.empty() ? workbook.first_name : workbook.visible_name;
    info->date_1904 = workbook.date_1904;
  }
  SheetHandler handler(limits, shared.strings, budget, sink);
  XmlParser parser(handler, sheet_path);
  TRY(zip.Read(sheet_path, limits.max_sheet_bytes,
               [&](std::string_view chunk) { return parser.Feed(chunk, false); }));
  TRY(parser.Feed({}, true));
  return handler.Finish();
}

core::Result<Table> ReadXlsx(std::string_view bytes, const ReadLimits& limits, ReadCounts* counts) {
  TableBuilder builder;
  XlsxSheetInfo info;
  TRY(ForEachXlsxRow(bytes, limits, builder.Sink(), &info, counts));
  builder.table().date_1904 = info.date_1904;
  return std::move(builder).Finish();
}

core::Result<identity::Date> ExcelSerialToDate(double serial, bool date_1904) {
  const core::Error out_of_range =
      core::Error::InvalidArgument("日期数值超出范围：" + std::to_string(serial));
  if (!std::isfinite(serial)) return out_of_range;
  const double whole = std::floor(serial);
  if (whole < (date_1904 ? 0 : 1) || whole > 2'958'465) return out_of_range;
  const auto days = static_cast<int64_t>(whole);
  int64_t epoch_days = 0;
  if (date_1904) {
    epoch_days = identity::DaysFromCivil({1904, 1, 1}) + days;
  } else if (days == 60) {
    return core::Error::InvalidArgument("日期数值 60 对应不存在的 1900-02-29");
  } else {
    epoch_days = identity::DaysFromCivil({1899, 12, days < 60 ? 31 : 30}) + days;
  }
  const identity::Date date = identity::CivilFromDays(epoch_days);
  if (date.year > 9999) return out_of_range;
  return date;
}

}  // namespace linli::tabular
