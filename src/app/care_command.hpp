// Command-line commands of care (issue 19):
//   linli care plan-visits [--month YYYY-MM]
//     closes the month before (its visits still due become missed, the workers are told) and plans
//     the month's visits for the whole city — what the job care.visit_plan does on day 1.
//   linli seed care [--scale small|town|city] [--town CODE] [--seed N] [--months 12] [--if-missing]
//     synthetic archives from the registry's tags in the seeded communities, and the last months'
//     visit plans, the past ones settled with realistic misses (after `linli seed`).
// Thread-safety: runs on the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/config.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::app {

struct CareCommands {
  CLI::App* plan = nullptr;
  std::string month;
  CLI::App* seed = nullptr;
  std::string scale = "town";
  std::string town;
  uint64_t seed_value = synthetic::kDefaultSeed;
  int months = 12;
  bool if_missing = false;
};

// Adds `care plan-visits` to `cli` and `care` to the `seed` command.
void AddCareCommands(CLI::App& cli, CLI::App& seed, CareCommands& commands);

// Runs the parsed command; -1 when it was not given (the caller goes on).
int RunCareCommand(const Config& config, const CareCommands& commands);

}  // namespace linli::app
