#include "core/tabular/read_table.hpp"

#include <fstream>

#include "core/tabular/csv_reader.hpp"
#include "core/tabular/xlsx_reader.hpp"

namespace linli::tabular {
namespace {

bool LooksLikeXlsx(std::string_view bytes) {
  return LooksLikeZip(bytes) || bytes.starts_with("\xD0\xCF\x11\xE0");
}

}  // namespace

core::Status ForEachTableRow(std::string_view bytes, const ReadLimits& limits,
                             const RowSink& sink) {
  if (LooksLikeXlsx(bytes)) return ForEachXlsxRow(bytes, limits, sink);
  return ForEachCsvRow(bytes, limits, sink);
}

core::Result<Table> ReadTable(std::string_view bytes, const ReadLimits& limits) {
  if (LooksLikeXlsx(bytes)) return ReadXlsx(bytes, limits);
  return ReadCsv(bytes, limits);
}

core::Result<std::string> ReadFileBytes(const std::filesystem::path& path, uint64_t max_bytes) {
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(path, error);
  if (error) return core::Error::InvalidArgument("无法读取文件 " + path.string(), "file");
  if (size > max_bytes) {
    return core::Error{core::ErrorCode::kPayloadTooLarge,
                       "文件过大（超过 " + std::to_string(max_bytes >> 20) + " MB）", "file"};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return core::Error::InvalidArgument("无法打开文件 " + path.string(), "file");
  std::string bytes(static_cast<size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (static_cast<uint64_t>(in.gcount()) != size) {
    return core::Error::InvalidArgument("读取文件失败 " + path.string(), "file");
  }
  return bytes;
}

}  // namespace linli::tabular
