// Command-line commands of community charity:
//   linli charity verify
//     recompute every fund's balance from its ledger and compare it with the stored balance;
//     prints one line per fund, exits 1 when any fund does not balance.
// Thread-safety: runs on the main thread.
#pragma once

#include <CLI/CLI.hpp>

#include "app/config.hpp"

namespace linli::app {

struct CharityCommands {
  CLI::App* verify = nullptr;
};

// Adds `charity verify` to `cli`.
void AddCharityCommands(CLI::App& cli, CharityCommands& commands);

// Runs the chosen command: its exit status, or -1 when none of them was chosen.
int RunCharityCommand(const Config& config, const CharityCommands& commands);

}  // namespace linli::app
