#include "core/files.hpp"

namespace linli::core {

std::string_view SniffFileType(std::string_view bytes) {
  if (bytes.starts_with("%PDF-")) return kPdfType;
  if (bytes.starts_with("\xFF\xD8\xFF")) return kJpegType;
  if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8))) return kPngType;
  return "";
}

std::string_view SniffImageType(std::string_view bytes) {
  const std::string_view type = SniffFileType(bytes);
  return type == kPdfType ? std::string_view() : type;
}

}  // namespace linli::core
