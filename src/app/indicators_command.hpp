// Command-line commands of the plan's indicators:
//   linli indicators compute [--period YYYY-MM] [--since YYYY-MM]
//     recompute and store the snapshot of one month (default: the current month), or of every
//     month from --since through --period (the plan's history after a seed or an import).
//   linli report indicators --place CODE [--period YYYY-MM] [--department D] --format xlsx|pdf -o
//   FILE
//     the monthly progress report (IndicatorService::MonthlyReport) as .xlsx, a sheet per level,
//     or as PDF with a chart (IndicatorService::MonthlyReportPdf).
// Thread-safety: runs on the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "app/config.hpp"

namespace linli::app {

struct IndicatorCommands {
  CLI::App* compute = nullptr;
  std::string period;
  std::string since;
  CLI::App* report = nullptr;
  std::string place;
  std::string department;
  std::string format = "xlsx";
  std::string output;
};

// Adds `indicators compute` to `cli`.
void AddIndicatorCommands(CLI::App& cli, IndicatorCommands& commands);

// Runs the parsed command; -1 when it was not given (the caller goes on).
int RunIndicatorCommand(const Config& config, const IndicatorCommands& commands);

}  // namespace linli::app
