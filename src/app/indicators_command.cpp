#include "app/indicators_command.hpp"

#include <chrono>
#include <fstream>
#include <iostream>

#include "app/fail.hpp"
#include "app/wiring.hpp"
#include "core/tabular/xlsx_writer.hpp"

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
  auto* report = cli.add_subcommand("report", "reports");
  report->require_subcommand(1);
  commands.report = report->add_subcommand(
      "indicators", "the monthly progress report of a place: a sheet per level (.xlsx, .pdf)");
  commands.report->add_option("--place", commands.place, "the place's code")->required();
  commands.report->add_option("--period", commands.period,
                              "the month, YYYY-MM (default: the current month)");
  commands.report->add_option("--department", commands.department,
                              "only the indicators this department is responsible for");
  commands.report
      ->add_option("--format", commands.format, "xlsx (a sheet per level) or pdf (with a chart)")
      ->check(CLI::IsMember({"xlsx", "pdf"}));
  commands.report->add_option("-o,--output", commands.output, "the file to write")->required();
}

namespace {

int RunReport(Services& services, const IndicatorCommands& commands) {
  const auto caller = access::Caller::CommandLine(services.config.city_code);
  if (commands.format == "pdf") {
    auto bytes = services.indicators->MonthlyReportPdf(commands.place, commands.period,
                                                       commands.department, caller);
    if (!bytes.ok()) return Fail(bytes.error());
    std::ofstream out(commands.output, std::ios::binary | std::ios::trunc);
    out.write(bytes->data(), static_cast<std::streamsize>(bytes->size()));
    out.close();
    if (!out) return Fail(core::Error::Internal("无法写入 " + commands.output));
    std::cout << "report written to " << commands.output << ": " << bytes->size()
              << " bytes (PDF)\n";
    return 0;
  }
  auto sheets = services.indicators->MonthlyReport(commands.place, commands.period,
                                                   commands.department, caller);
  if (!sheets.ok()) return Fail(sheets.error());
  std::vector<tabular::XlsxSheet> parts;
  for (const auto& sheet : *sheets) {
    tabular::XlsxWriteOptions options;
    options.sheet_name = sheet.name;
    options.numeric_columns = {7, 8, 9};
    parts.push_back({&sheet.table, options});
  }
  auto written = tabular::WriteXlsxSheets(parts, commands.output);
  if (!written.ok()) return Fail(written.error());
  size_t rows = 0;
  for (const auto& sheet : *sheets) rows += sheet.table.rows.size();
  std::cout << "report written to " << commands.output << ": " << sheets->size() << " sheets, "
            << rows << " rows\n";
  return 0;
}

}  // namespace

int RunIndicatorCommand(const Config& config, const IndicatorCommands& commands) {
  const bool compute = commands.compute != nullptr && *commands.compute;
  const bool report = commands.report != nullptr && *commands.report;
  if (!compute && !report) return -1;
  auto services = Wire(config);
  if (!services.ok()) return Fail(services.error());
  if (!(*services)->indicators) return Fail((*services)->indicators_error);
  if (report) return RunReport(**services, commands);
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
