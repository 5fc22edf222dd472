// Writes what the seeder made for facilities and life circles: each community's synthetic
// facilities (after its people are written, so that building ids are known) and each town's
// synthetic walking network (TownStreets) once the town's last community is written — sites come
// town by town (PlanCity's order), so a new town code means the previous town is complete.
// Works through the facilities::FacilityRepository interface (the seed command and the storage
// tests pass the SQL one). Networks are stored like imported ones (one area per town code)
// with the source name marking them synthetic; none are made when a real network is stored
// (it would be split by overlapping synthetic streets).
// Thread-safety: one writer is used by one thread.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "core/result.hpp"
#include "domain/facilities/facilities.hpp"
#include "domain/synthetic/seeder.hpp"

namespace linli::synthetic {

class FacilitySeedWriter {
 public:
  struct Counts {
    int64_t facilities = 0;
    int64_t networks = 0;  // towns whose streets were stored
    int64_t network_nodes = 0;
    int64_t network_edges = 0;
    std::string networks_skipped_because;  // "area source" of the real network, if any
  };

  // The repository and clock must outlive the writer.
  FacilitySeedWriter(facilities::FacilityRepository& repository, const SeedOptions& options,
                     const core::Clock& clock)
      : repository_(repository), options_(options), clock_(clock) {}

  // Before the first Write: decides whether to make streets (not over a real network).
  core::Status Begin();
  // After data's people are written with `building_ids` (PeopleBatchIds::buildings, in the
  // order of data.people.buildings): writes data.facilities (building ids swapped in) and
  // keeps the buildings for the town's streets; stores the previous town's network when
  // data starts a new town.
  core::Status Write(CommunityData& data, const std::vector<int64_t>& building_ids);
  // After the last Write: stores the last town's network.
  core::Status Finish();

  const Counts& counts() const { return counts_; }

 private:
  core::Status FlushTown();

  facilities::FacilityRepository& repository_;
  SeedOptions options_;
  const core::Clock& clock_;
  bool make_networks_ = false;
  std::string town_code_;
  std::vector<std::vector<facilities::SyntheticBuilding>> town_points_;
  Counts counts_;
};

}  // namespace linli::synthetic
