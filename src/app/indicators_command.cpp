#include "app/indicators_command.hpp"

#include <chrono>
#include <iostream>

#include "app/fail.hpp"
#include "app/wiring.hpp"

namespace linli::app {

void AddIndicatorCommands(CLI::App& cli, IndicatorCommands& commands) {
  auto* indicators = cli.add_subcommand("indicators", "the plan's indicators");
  indicators->require_subcommand(1);
  commands.compute = indicators->add_subcommand(
      "compute", "recompute and store the indicators' snapshot of a month (or of months)");
  commands.compute->add_option("--period", commands.period,
                               "the month, YYYY-MM (default: the current month)");
  commands.compute->add_option("--since", commands.since,
                               "compute every month from this one (YYYY-MM) through --period");
}

int RunIndicatorCommand(const Config& config, const IndicatorCommands& commands) {
  if (commands.compute == nullptr || !*commands.compute) return -1;
  auto services = Wire(config);
  if (!services.ok()) return Fail(services.error());
  if (!(*services)->indicators) return Fail((*services)->indicators_error);
  indicators::IndicatorService& service = *(*services)->indicators;
  const std::string last = commands.period.empty() ? service.CurrentPeriod() : commands.period;
  if (!indicators::IsPeriod(last)) {
    return Fail(core::Error::InvalidArgument("--period 应为 YYYY-MM", "period"));
  }
  std::string first = commands.since.empty() ? last : commands.since;
  if (!indicators::IsPeriod(first) || first > last) {
    return Fail(core::Error::InvalidArgument("--since 应为不晚于 --period 的 YYYY-MM", "since"));
  }
  for (std::string period = first; period <= last; period = indicators::NextPeriod(period)) {
    const auto started = std::chrono::steady_clock::now();
    auto summary = service.Compute(period);
    if (!summary.ok()) return Fail(summary.error());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::cout << "indicators " << summary->period << ": " << summary->indicators << " computed, "
              << summary->measurements << " measurements, " << summary->figures << " figures, "
              << summary->shortfalls << " shortfalls; " << seconds << " s\n";
  }
  return 0;
}

}  // namespace linli::app
