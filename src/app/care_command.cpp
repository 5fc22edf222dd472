#include "app/care_command.hpp"

#include <chrono>
#include <iostream>

#include "app/fail.hpp"
#include "app/seed_command.hpp"
#include "app/wiring.hpp"
#include "engines/calendar/working_calendar.hpp"

namespace linli::app {

void AddCareCommands(CLI::App& cli, CLI::App& seed, CareCommands& commands) {
  auto* care = cli.add_subcommand("care", "care: archives, visits and needs");
  care->require_subcommand(1);
  commands.plan = care->add_subcommand(
      "plan-visits",
      "close the month before (visits still due become missed; workers told) and plan the "
      "month's visits");
  commands.plan->add_option("--month", commands.month,
                            "the month, YYYY-MM (default: the current month)");
  commands.seed = seed.add_subcommand(
      "care",
      "synthetic care archives from the registry's tags and the last months' visits (after "
      "`linli seed`)");
  commands.seed
      ->add_option("--scale", commands.scale,
                   "small, town (default) or city: the communities, as for `linli seed`")
      ->check(CLI::IsMember({"small", "town", "city"}));
  commands.seed->add_option("--town", commands.town, "town/street code for small and town");
  commands.seed->add_option("--seed", commands.seed_value, "random seed (default 20230101)");
  commands.seed->add_option("--months", commands.months, "months of visits, ending now (12)")
      ->check(CLI::Range(1, 36));
  commands.seed->add_flag("--if-missing", commands.if_missing,
                          "do nothing when care archives were already seeded");
}

int RunCareCommand(const Config& config, const CareCommands& commands) {
  const bool plan = commands.plan != nullptr && *commands.plan;
  const bool seed = commands.seed != nullptr && *commands.seed;
  if (!plan && !seed) return -1;
  auto wired = Wire(config);
  if (!wired.ok()) return Fail(wired.error());
  Services& services = **wired;
  if (!services.care) return Fail(services.care_error);
  care::CareService& care = *services.care;
  const auto started = std::chrono::steady_clock::now();
  auto seconds = [&started] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  if (plan) {
    std::string month = commands.month;
    if (month.empty()) {
      month = calendar::ChinaDateOf(services.clock.NowMillis()).ToString().substr(0, 7);
    }
    const auto index = care::MonthIndex(month);
    if (month.size() != 7 || !index) {
      return Fail(core::Error::InvalidArgument("--month 应为 YYYY-MM", "month"));
    }
    auto closed = care.CloseMonth(care::MonthOfIndex(*index - 1));
    if (!closed.ok()) return Fail(closed.error());
    auto planned = care.PlanMonth(month);
    if (!planned.ok()) return Fail(planned.error());
    std::cout << "care: " << care::MonthOfIndex(*index - 1) << " closed (" << closed->missed
              << " visits missed, " << closed->notices << " notices); " << month << ": " << *planned
              << " visits planned; " << seconds() << " s\n";
    return 0;
  }
  auto sites = SeedSites(services, commands.scale, commands.town, commands.seed_value);
  if (!sites.ok()) return Fail(sites.error());
  std::vector<std::string> communities;
  for (const auto& site : sites->sites) communities.push_back(site.community_code);
  auto written = care.SeedSynthetic(communities, commands.seed_value, commands.months);
  if (!written.ok()) return Fail(written.error());
  // Home services: providers per town and a history of done orders (0 when providers exist).
  auto orders =
      services.home_services->SeedSynthetic(communities, commands.seed_value, commands.months);
  if (!orders.ok()) return Fail(orders.error());
  if (*orders > 0) {
    std::cout << "care: " << *orders << " synthetic home-service orders in " << communities.size()
              << " communities\n";
  }
  if (*written == 0) {
    if (commands.if_missing) {
      std::cout << "care: archives already seeded, nothing written\n";
      return 0;
    }
    return Fail(core::Error::AlreadyExists("已有合成的关爱档案（--if-missing 跳过）", "seed"));
  }
  // 政策找人: most of the people the rules find are enrolled already; the rest are findings.
  auto enrolled = services.eligibility->SeedSynthetic(0.8, commands.seed_value);
  if (!enrolled.ok()) return Fail(enrolled.error());
  // Rehabilitation: three months of sessions at the 残疾人之家 and the mental-health stations.
  auto sessions = services.rehabilitation->SeedSynthetic(commands.seed_value);
  if (!sessions.ok()) return Fail(sessions.error());
  std::cout << "care: " << *sessions << " synthetic rehabilitation sessions\n";
  std::cout << "care: " << *written << " synthetic archives in " << communities.size()
            << " communities, " << commands.months << " months of visits, " << *enrolled
            << " enrolments; " << seconds() << " s\n";
  return 0;
}

}  // namespace linli::app
