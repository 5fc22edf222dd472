// SM3 over data that arrives in pieces (a backup file of many gigabytes): the same digest as
// Sm3() in primitives.hpp, without holding the whole input in memory.
// Thread-safety: an Sm3Stream is used by one thread at a time; Sm3OfFile is a free function
// with no shared state.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace linli::crypto {

class Sm3Stream {
 public:
  static core::Result<Sm3Stream> Create();
  Sm3Stream(Sm3Stream&&) noexcept;
  Sm3Stream& operator=(Sm3Stream&&) noexcept;
  ~Sm3Stream();

  core::Status Update(std::string_view data);
  // The 32-byte digest of everything passed to Update. The stream cannot be updated after.
  core::Result<std::string> Finish();

 private:
  struct Context;
  explicit Sm3Stream(std::unique_ptr<Context> context);
  std::unique_ptr<Context> context_;
};

// Lower-case hex SM3 of a file's bytes, read in 1 MiB pieces. kNotFound when it cannot be
// opened, kUnavailable on a read error.
core::Result<std::string> Sm3HexOfFile(const std::filesystem::path& path);

}  // namespace linli::crypto
