// Fuzzes the CSV import reader (core/tabular): any bytes must give rows or a clean error, and
// accepted rows must respect the limits.
// Run: build/fuzz-tab/fuzz/csv_reader_fuzz fuzz/corpus/csv_reader_fuzz -max_total_time=20
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/tabular/csv_reader.hpp"

#define FUZZ_CHECK(condition)           \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  linli::tabular::ReadLimits limits;
  limits.max_cell_bytes = 64;
  limits.max_rows = 200;
  limits.max_columns = 32;
  limits.accept_gb18030 = (size % 2) == 0;
  int previous = 0;
  size_t rows = 0;
  auto status = linli::tabular::ForEachCsvRow(
      bytes, limits, [&](const linli::tabular::TableRow& row) -> linli::core::Status {
        FUZZ_CHECK(row.number > previous);
        previous = row.number;
        FUZZ_CHECK(!row.cells.empty() && !row.cells.back().empty());
        FUZZ_CHECK(row.cells.size() <= limits.max_columns);
        for (const auto& cell : row.cells) {
          FUZZ_CHECK(cell.size() <= limits.max_cell_bytes);
          FUZZ_CHECK(linli::tabular::IsValidUtf8(cell));
        }
        ++rows;
        return linli::core::Ok();
      });
  FUZZ_CHECK(rows <= limits.max_rows + 1);
  if (!status.ok()) FUZZ_CHECK(!status.error().message.empty());
  return 0;
}
