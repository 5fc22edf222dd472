// Fuzzes the .xlsx import reader (core/tabular over minizip and expat). Two modes, chosen by
// the first byte:
//   'Z' + bytes: the bytes as an .xlsx file (zip container, corruption, bombs);
//   'X' + sheet XML [+ "\n--sst--\n" + shared strings XML]: wrapped into a well-formed stored
//       zip with a fixed workbook, so the fuzzer reaches the XML handlers directly.
// Anything else goes through ReadTable (the csv/xlsx dispatch).
// Run: build/fuzz-tab/fuzz/xlsx_reader_fuzz fuzz/corpus/xlsx_reader_fuzz -max_total_time=20
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/tabular/read_table.hpp"
#include "core/tabular/xlsx_reader.hpp"

#define FUZZ_CHECK(condition)           \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

namespace {

void Put16(std::string& out, uint32_t value) {
  out += static_cast<char>(value & 0xFF);
  out += static_cast<char>((value >> 8) & 0xFF);
}
void Put32(std::string& out, uint32_t value) {
  Put16(out, value & 0xFFFF);
  Put16(out, value >> 16);
}

// A zip with stored (uncompressed) entries.
std::string StoredZip(const std::vector<std::pair<std::string, std::string_view>>& entries) {
  std::string out;
  std::string directory;
  for (const auto& [name, content] : entries) {
    const uint32_t crc = static_cast<uint32_t>(crc32(
        0, reinterpret_cast<const Bytef*>(content.data()), static_cast<uInt>(content.size())));
    const auto offset = static_cast<uint32_t>(out.size());
    Put32(out, 0x04034b50);
    Put16(out, 20);
    Put16(out, 0);
    Put16(out, 0);  // stored
    Put32(out, 0);  // time, date
    Put32(out, crc);
    Put32(out, static_cast<uint32_t>(content.size()));
    Put32(out, static_cast<uint32_t>(content.size()));
    Put16(out, static_cast<uint32_t>(name.size()));
    Put16(out, 0);
    out += name;
    out.append(content);

    Put32(directory, 0x02014b50);
    Put16(directory, 20);
    Put16(directory, 20);
    Put16(directory, 0);
    Put16(directory, 0);
    Put32(directory, 0);
    Put32(directory, crc);
    Put32(directory, static_cast<uint32_t>(content.size()));
    Put32(directory, static_cast<uint32_t>(content.size()));
    Put16(directory, static_cast<uint32_t>(name.size()));
    Put16(directory, 0);
    Put16(directory, 0);
    Put16(directory, 0);
    Put16(directory, 0);
    Put32(directory, 0);
    Put32(directory, offset);
    directory += name;
  }
  const auto directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  Put32(out, 0x06054b50);
  Put16(out, 0);
  Put16(out, 0);
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put16(out, static_cast<uint32_t>(entries.size()));
  Put32(out, static_cast<uint32_t>(directory.size()));
  Put32(out, directory_offset);
  Put16(out, 0);
  return out;
}

constexpr std::string_view kWorkbook =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
    "<workbookPr date1904=\"1\"/><sheets><sheet name=\"s\" sheetId=\"1\" r:id=\"rId1\"/>"
    "</sheets></workbook>";
constexpr std::string_view kRelationships =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/"
    "relationships/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  linli::tabular::ReadLimits limits;
  limits.max_cell_bytes = 256;
  limits.max_rows = 500;
  limits.max_columns = 64;
  limits.max_total_cells = 5000;
  limits.max_part_bytes = 1 << 20;
  limits.max_sheet_bytes = 1 << 20;
  limits.max_total_bytes = 2 << 20;
  limits.max_shared_strings = 1000;
  limits.max_total_text_bytes = 64 << 10;  // the fan-out of one shared string into many cells

  std::string zip;
  std::string_view bytes = input;
  if (data[0] == 'X') {
    std::string_view sheet = input;
    std::string_view shared;
    const size_t separator = input.find("\n--sst--\n");
    if (separator != std::string_view::npos) {
      sheet = input.substr(0, separator);
      shared = input.substr(separator + 9);
    }
    zip = StoredZip({{"xl/workbook.xml", kWorkbook},
                     {"xl/_rels/workbook.xml.rels", kRelationships},
                     {"xl/worksheets/sheet1.xml", sheet},
                     {"xl/sharedStrings.xml", shared}});
    bytes = zip;
  }
  linli::tabular::ReadCounts counts;
  auto table = data[0] == 'X' || data[0] == 'Z' ? linli::tabular::ReadXlsx(bytes, limits, &counts)
                                                : linli::tabular::ReadTable(bytes, limits, &counts);
  if (table.ok()) {
    FUZZ_CHECK(table->rows.size() <= limits.max_rows);
    FUZZ_CHECK(counts.text_bytes <= limits.max_total_text_bytes);
    FUZZ_CHECK(counts.cells <= limits.max_total_cells);
    FUZZ_CHECK(counts.rows == table->rows.size() + 1);
    uint64_t text = 0;
    size_t cells = table->header.cells.size();
    for (const auto& cell : table->header.cells) text += cell.size();
    for (const auto& row : table->rows) {
      cells += row.cells.size();
      for (const auto& cell : row.cells) text += cell.size();
    }
    FUZZ_CHECK(cells == counts.cells);
    FUZZ_CHECK(text <= counts.text_bytes);  // plus the shared strings kept, if any
    int previous = table->header.number;
    for (const auto& row : table->rows) {
      FUZZ_CHECK(row.number > previous);
      previous = row.number;
      FUZZ_CHECK(row.cells.size() <= limits.max_columns);
      for (const auto& cell : row.cells) FUZZ_CHECK(cell.size() <= limits.max_cell_bytes);
    }
  } else {
    FUZZ_CHECK(!table.error().message.empty());
  }
  return 0;
}
