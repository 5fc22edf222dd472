// For tests: the text of a PDF as pdftotext (poppler-utils) reads it, or nullopt when pdftotext
// is not installed (the test then skips, saying so).
// Thread-safety: uses a temporary file of its own per call.
#pragma once

#include <unistd.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <string_view>

namespace linli::pdf {

inline bool HavePdfToText() { return std::system("pdftotext -v >/dev/null 2>&1") == 0; }

inline std::optional<std::string> PdfToText(std::string_view pdf) {
  if (!HavePdfToText()) return std::nullopt;
  const auto path = std::filesystem::temp_directory_path() /
                    ("linli-pdf-test-" + std::to_string(::getpid()) + "-" +
                     std::to_string(reinterpret_cast<uintptr_t>(&pdf)) + ".pdf");
  {
    std::ofstream out(path, std::ios::binary);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
  }
  std::string text;
  if (FILE* pipe = ::popen(("pdftotext -enc UTF-8 " + path.string() + " - 2>&1").c_str(), "r")) {
    std::array<char, 4096> buffer;
    size_t got = 0;
    while ((got = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
      text.append(buffer.data(), got);
    ::pclose(pipe);
  }
  std::filesystem::remove(path);
  return text;
}

}  // namespace linli::pdf
