#include "core/tabular/read_table.hpp"

#include <fstream>

#include "core/tabular/csv_reader.hpp"
#include "core/tabular/xlsx_reader.hpp"
#include "core/text.hpp"

namespace linli::tabular {
namespace {

bool LooksLikeXlsx(std::string_view bytes) {
  return LooksLikeZip(bytes) || bytes.starts_with("\xD0\xCF\x11\xE0");
}

// Every cell passes the boundary rule (core/text.hpp; a cell may hold line breaks), so that
// nothing imported can make a later export or JSON answer malformed.
core::Status CheckCells(const TableRow& row) {
  for (size_t column = 0; column < row.cells.size(); ++column) {
    if (auto problem = core::TextProblem(row.cells[column], core::TextRule::kMultiLine)) {
      return core::Error::InvalidArgument("第 " + std::to_string(row.number) + " 行第 " +
                                              std::to_string(column + 1) + " 列" + *problem,
                                          "file");
    }
  }
  return core::Ok();
}

}  // namespace

core::Status ForEachTableRow(std::string_view bytes, const ReadLimits& limits, const RowSink& sink,
                             ReadCounts* counts) {
  const RowSink checked = [&sink](const TableRow& row) -> core::Status {
    TRY(CheckCells(row));
    return sink(row);
  };
  if (LooksLikeXlsx(bytes)) return ForEachXlsxRow(bytes, limits, checked, nullptr, counts);
  return ForEachCsvRow(bytes, limits, checked, counts);
}

core::Result<Table> ReadTable(std::string_view bytes, const ReadLimits& limits,
                              ReadCounts* counts) {
  ASSIGN_OR_RETURN(Table table, LooksLikeXlsx(bytes) ? ReadXlsx(bytes, limits, counts)
                                                     : ReadCsv(bytes, limits, counts));
  TRY(CheckCells(table.header));
  for (const auto& row : table.rows) TRY(CheckCells(row));
  return table;
}

core::Result<std::string> ReadFileBytes(const std::filesystem::path& path, uint64_t max_bytes) {
  std::error_code error;
  const uint64_t size = std::filesystem::file_size(path, error);
  if (error) return core::Error::InvalidArgument("无法读取文件 " + path.string(), "file");
  if (size > max_bytes) {
    return core::Error::PayloadTooLarge(
        "文件过大（超过 " + std::to_string(max_bytes >> 20) + " MB）", "file");
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
