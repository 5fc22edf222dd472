// Runs an external program (pg_dump, pg_restore) without a shell: argv as given, standard
// output to a file or captured, standard error captured for the message of a failure.
// Thread-safety: free function; each call waits for its own child.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace linli::storage::internal {

struct ProgramResult {
  int exit_status = -1;  // the exit code, or 128 + signal
  std::string output;    // standard output, when not sent to a file
  std::string errors;    // standard error (the first 64 KiB)
};

// `stdout_file` empty: standard output is captured into ProgramResult::output.
// kUnavailable when the program cannot be started (not installed).
core::Result<ProgramResult> RunProgram(const std::vector<std::string>& argv,
                                       const std::filesystem::path& stdout_file = {});

// `name` inside `folder`, or `name` alone (found on PATH) when folder is empty.
std::string ToolPath(const std::string& folder, const std::string& name);

}  // namespace linli::storage::internal
