#include "app/charity_command.hpp"

#include <iostream>

#include "app/fail.hpp"
#include "app/wiring.hpp"

namespace linli::app {

void AddCharityCommands(CLI::App& cli, CharityCommands& commands) {
  auto* charity = cli.add_subcommand("charity", "community charity funds");
  charity->require_subcommand(1);
  commands.verify = charity->add_subcommand(
      "verify", "recompute each fund's balance from its ledger; non-zero exit when one differs");
}

int RunCharityCommand(const Config& config, const CharityCommands& commands) {
  if (commands.verify == nullptr || !*commands.verify) return -1;
  auto services = Wire(config);
  if (!services.ok()) return Fail(services.error());
  auto checks =
      (*services)->charity->Verify(access::Caller::CommandLine((*services)->config.city_code));
  if (!checks.ok()) return Fail(checks.error());
  int unbalanced = 0;
  for (const auto& check : *checks) {
    std::cout << "fund " << check.fund_id << " " << check.fund_name << " (" << check.community_code
              << "): stored " << check.stored_fen << " fen, entries " << check.entries << " sum "
              << check.recomputed_fen << " fen"
              << (check.balanced() ? " — balanced" : " — DOES NOT BALANCE") << "\n";
    if (!check.balanced()) ++unbalanced;
  }
  std::cout << checks->size() << " funds checked, " << unbalanced << " not balanced\n";
  return unbalanced == 0 ? 0 : 1;
}

}  // namespace linli::app
