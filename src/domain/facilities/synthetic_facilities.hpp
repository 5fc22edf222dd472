// Synthetic facilities and walking networks for the seeder (pure, deterministic given a seed).
//
// SyntheticStreetGrid: a street grid over a town's buildings — streets every `spacing_metres`
// (default 120 m: about 16–17 km of street per km², in the range of a Chinese city district's
// road network density including lanes and estate paths) covering the buildings' bounding box
// plus a margin, with a few random blocks merged (missing segments) so that paths are not
// trivially Manhattan. Returned as a NetworkArea (coordinates and edge pairs) ready to store.
// SyntheticFacilities: for one community's buildings, places facilities of the taxonomy's types
// at or near buildings, with type frequencies chosen so that coverage is realistic (the common
// types — shops, party-mass centre, health station — in most communities, childcare and
// elderly canteens in some), areas that mostly but not always meet the standards.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "domain/facilities/facilities.hpp"

namespace linli::facilities {

struct SyntheticBuilding {
  int64_t id = 0;
  double lat = 0.0;
  double lon = 0.0;
};

struct StreetGridOptions {
  double spacing_metres = 120.0;
  double margin_metres = 150.0;
  double missing_segment_share = 0.08;  // segments left out (blocks merged)
};

NetworkArea SyntheticStreetGrid(const std::vector<SyntheticBuilding>& buildings, uint64_t seed,
                                const StreetGridOptions& options = {});

// Facilities for one community (ids 0, building ids from the input, synthetic = true, status
// open, opened_on fixed). `households` sizes the comprehensive service area.
std::vector<Facility> SyntheticFacilities(const std::string& community_code,
                                          const std::vector<SyntheticBuilding>& buildings,
                                          int64_t households, const Taxonomy& taxonomy,
                                          uint64_t seed);

}  // namespace linli::facilities
