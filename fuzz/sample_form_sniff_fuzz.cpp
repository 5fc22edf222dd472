// Fuzzes the sample-form sniffing (service_requests::SniffSampleFormType): the bytes of an
// uploaded 样表 are read as a ZIP end record and central directory (offsets, counts and name
// lengths all come from the file). The answer is one of the three types or "", and a DOCX or
// XLSX answer needs a ZIP local header at the start.
// Run: build/fuzz/fuzz/sample_form_sniff_fuzz fuzz/corpus/sample_form_sniff_fuzz -max_total_time=20
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "domain/service_requests/service_requests.hpp"

#define FUZZ_CHECK(condition)           \
  do {                                  \
    if (!(condition)) __builtin_trap(); \
  } while (false)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace sr = linli::service_requests;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string_view type = sr::SniffSampleFormType(bytes);
  FUZZ_CHECK(type.empty() || type == "application/pdf" || type == sr::kDocxType ||
             type == sr::kXlsxType);
  if (type == sr::kDocxType || type == sr::kXlsxType) FUZZ_CHECK(bytes.substr(0, 2) == "PK");
  if (type == "application/pdf") FUZZ_CHECK(bytes.substr(0, 5) == "%PDF-");
  return 0;
}
