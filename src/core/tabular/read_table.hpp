// One entry point for uploaded spreadsheets: decides .xlsx or .csv from the bytes themselves
// (a zip or legacy Office signature means .xlsx/.xls; anything else is read as CSV text), so a
// renamed file gets the error of what it really is. Also reads a file from a path with a size cap.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/tabular/table.hpp"

namespace linli::tabular {

// counts (optional): what the reader decoded (table.hpp), also when it refused the file.
core::Status ForEachTableRow(std::string_view bytes, const ReadLimits& limits, const RowSink& sink,
                             ReadCounts* counts = nullptr);
core::Result<Table> ReadTable(std::string_view bytes, const ReadLimits& limits = {},
                              ReadCounts* counts = nullptr);

// The whole file; kInvalidArgument when it cannot be read, kPayloadTooLarge above max_bytes.
core::Result<std::string> ReadFileBytes(const std::filesystem::path& path,
                                        uint64_t max_bytes = 256ull << 20);

}  // namespace linli::tabular
