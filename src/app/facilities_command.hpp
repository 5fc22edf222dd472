// Command-line commands of facilities and life circles:
//   linli import facilities FILE [--dry-run] [--error-copy PATH]   (.xlsx/.csv, all or nothing)
//   linli import osm FILE [--town CODE]      (.osm XML, or .osm.pbf converted with osmium-tool)
//   linli compute circles                    (recompute and store every life circle)
// Thread-safety: runs on the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/config.hpp"

namespace linli::app {

struct FacilityCommands {
  CLI::App* import_facilities = nullptr;
  CLI::App* import_osm = nullptr;
  CLI::App* compute_circles = nullptr;
  std::string file;
  std::string town;
  std::string error_copy;
  bool dry_run = false;
};

// Adds the subcommands under `import` and a new `compute` command of `cli`.
void AddFacilityCommands(CLI::App& cli, CLI::App& import, FacilityCommands& commands);

// Runs the parsed command; -1 when none of them was given (the caller goes on).
int RunFacilityCommand(const Config& config, const FacilityCommands& commands);

}  // namespace linli::app
