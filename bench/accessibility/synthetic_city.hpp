// A deterministic synthetic city for the accessibility benchmark, sized like Yangzhou: towns
// laid out over lat 32.2–33.0, lon 119.0–119.9, each a perturbed street grid (nodes every
// ~35 m as in OpenStreetMap, some streets missing, some diagonals), towns joined by rural roads,
// a few detached fragments (dropped as not in the largest component), ~500,000 buildings in
// ~1,500 communities, 98-ish towns in 7 counties, and 12 facility types.
// Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engines/accessibility/coverage.hpp"
#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/walking_network.hpp"

namespace linli::bench {

struct FacilityType {
  std::string name;
  int32_t count = 0;
  double cutoff_metres = 0.0;
  int32_t served_group = 0;  // 0 everyone, 1 60+, 2 0–14, 3 0–3
};

struct SyntheticCity {
  accessibility::WalkingNetworkBuilder network;
  int64_t input_node_count = 0;
  // Buildings, sorted by community so that each community is a contiguous range.
  std::vector<accessibility::LatLon> building_positions;
  std::vector<int32_t> building_community;
  std::vector<uint8_t> building_residential;
  std::vector<uint32_t> households;
  std::vector<std::vector<uint32_t>> served;       // [group][building]
  std::vector<uint32_t> community_first_building;  // community_count + 1 offsets
  accessibility::DivisionHierarchy divisions;
  std::vector<FacilityType> types;
  std::vector<std::vector<accessibility::LatLon>> facilities;  // [type]
};

SyntheticCity MakeSyntheticCity(uint32_t seed);

}  // namespace linli::bench
