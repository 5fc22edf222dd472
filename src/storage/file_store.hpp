// The file-system core::FileStore: uploaded bytes under a folder outside the web root (created on
// first use, mode 0700; files 0600), each under 32 random hex characters, written to a temporary
// and renamed, so a reader never sees half a file.
// Thread-safety: thread-safe (every file has its own name).
#pragma once

#include <filesystem>
#include <memory>

#include "core/files.hpp"

namespace linli::storage {

std::unique_ptr<core::FileStore> MakeFileStore(std::filesystem::path folder);

}  // namespace linli::storage
