// `linli seed --scale small|town|city [--seed N] [--town CODE]`: writes the synthetic Yangzhou
// (domain/synthetic) into the database — grids through the grid repository, then each
// community's buildings, households, residents and tags as one PeopleRepository::WriteBatch
// with one audit entry (actor "system"), then a second small batch for the residents who
// later died or moved away (their history gets a second record), then its synthetic facilities
// (FacilityRepository::InsertFacilities, building ids swapped in). After each town's last
// community it stores the town's synthetic walking network (area = town code, source name
// "synthetic:street-grid seed=N"; none when a real network was imported), and at the end it
// recomputes every life circle (FacilityService::ComputeAll, as `linli compute circles`).
// Refuses when any selected community already holds synthetic buildings. Prints what it wrote,
// the city coverage per circle and how long it took.
// On PostgreSQL a bulk load (the indexes and foreign keys deferred) writes communities on two
// connections at once, each community one transaction; what must follow site order (facilities,
// town networks, later status changes) stays on the main thread. Ids are drawn from sequences,
// so with several writers a community's ids are contiguous but communities' ranges may
// interleave out of site order; the rows are the same.
// Thread-safety: runs on the main thread; generation and (PostgreSQL) writing on worker threads.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "app/config.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::app {

struct SeedFlags {
  std::string scale = "small";
  uint64_t seed = synthetic::kDefaultSeed;
  std::string town;         // town/street code for scales small and town ("" = the default street)
  int threads = 2;          // generator threads
  int writers = 0;          // PostgreSQL bulk load: connections writing at once (0 = default, 2)
  bool if_missing = false;  // already seeded: say so and succeed (scripts/run.sh)
};

// Exit status: 0 on success; 1 with a message on stderr otherwise.
int RunSeed(const Config& config, const SeedFlags& flags);

// The city's county outlines from config.outlines_source for the seeder's placement, or null
// (the seeder then places counties it has no calibrated place for around Yangzhou's centre);
// `note` says which it was, in one line for the command's output.
std::shared_ptr<const divisions::CityOutlines> SeedOutlines(const Config& config,
                                                            const divisions::DivisionTree& tree,
                                                            std::string& note);

struct Services;
// The communities `linli seed` writes at this scale (the same planning of the city's divisions,
// county outlines and seed), in site order: where the other seed commands put their data.
// kInvalidArgument for an unknown scale or a town given with the city scale; kFailedPrecondition
// without divisions.
struct SeedSiteSelection {
  std::vector<synthetic::CommunitySite> sites;
  size_t city_communities = 0;  // every community of the city's plan
};
core::Result<SeedSiteSelection> SeedSites(Services& services, std::string_view scale,
                                          std::string_view town, uint64_t seed);

// `linli seed indicators [--scale] [--town] [--seed] [--if-missing]`: the synthetic reported
// figures of the plan's indicators no module computes (indicators::SyntheticReports) for those
// communities, their towns and counties and the city, every month from the plan's start; then
// the snapshots of the computed ones for the same months (as `linli indicators compute --since`).
struct SeedIndicatorFlags {
  std::string scale = "town";
  std::string town;
  uint64_t seed = synthetic::kDefaultSeed;
  bool if_missing = false;
};
int RunSeedIndicators(const Config& config, const SeedIndicatorFlags& flags);

}  // namespace linli::app
