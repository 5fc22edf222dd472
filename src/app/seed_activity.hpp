// `linli seed activity [--scale small|town|city] [--town CODE] [--requests N] [--events M]
// [--days D] [--seed N]`: a year of synthetic service-desk activity replayed through the
// request and event services (synthetic::ActivityReplay, as bench/activity does): requests
// filed and carried through their steps, events reported, handled, whistled to departments and
// closed, each an ordinary service call at its planned time on a manual clock starting
// 2026-01-01. Without --requests/--events the amounts are the city's year (2,000,000 requests,
// 500,000 events) times the selected communities' share of the city's communities. Applicants
// are the seeded registered residents of each community (up to 8 each; `linli seed` first); a
// community without any gets 8 synthetic applicants written as bench/activity does. The
// accounts the actions need are created with the username prefix "seed.activity.<seed>." and no
// password; a second run with the same seed is refused (the accounts exist), or does nothing
// with --if-missing (the run command's demo). --recent replays the D days up to yesterday
// instead of from 2026-01-01, so that a demo's open requests, events and warnings are today's.
// Default amounts are the year's share times D/365.
// Thread-safety: runs on the main thread.
#pragma once

#include <cstdint>
#include <string>

#include "app/config.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::app {

struct SeedActivityFlags {
  std::string scale = "town";
  std::string town;  // as `linli seed --town`
  uint64_t seed = synthetic::kDefaultSeed;
  int64_t requests = -1;  // -1: the selected share of 2,000,000
  int64_t events = -1;    // -1: the selected share of 500,000
  int days = 365;
  bool recent = false;      // the `days` days before today (China) instead of from 2026-01-01
  bool if_missing = false;  // the seed's accounts exist: say so and succeed, writing nothing
};

// Exit status: 0 on success; 1 with a message on stderr otherwise.
int RunSeedActivity(const Config& config, const SeedActivityFlags& flags);

}  // namespace linli::app
