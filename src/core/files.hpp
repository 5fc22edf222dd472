// Uploaded files: where their bytes live (FileStore, implemented on the file system in
// storage/file_store.hpp) and what their first bytes say they are (SniffFileType). One
// mechanism for every module that takes uploads: request materials and sample forms, designation
// evidence, care visit photos.
// Thread-safety: FileStore implementations are thread-safe; SniffFileType is pure.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::core {

// Bytes kept outside the web root under names the store makes (random, never a user's).
class FileStore {
 public:
  virtual ~FileStore() = default;
  // Stores the bytes under a new random name and returns it.
  virtual Result<std::string> Save(std::string_view bytes) = 0;
  // kNotFound for a name the store did not make or a file that is gone.
  virtual Result<std::string> Read(std::string_view storage_name) = 0;
  virtual void Remove(std::string_view storage_name) = 0;
};

inline constexpr std::string_view kPdfType = "application/pdf";
inline constexpr std::string_view kJpegType = "image/jpeg";
inline constexpr std::string_view kPngType = "image/png";

// The content type the bytes' magic numbers show: kPdfType, kJpegType, kPngType, or "" when
// none of these.
std::string_view SniffFileType(std::string_view bytes);

// A photo's type: kJpegType or kPngType by its first bytes, "" otherwise.
std::string_view SniffImageType(std::string_view bytes);

}  // namespace linli::core
