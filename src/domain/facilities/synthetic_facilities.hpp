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
// elderly canteens in some), areas that mostly but not always meet the standards. The
// community-centre types (party-mass centre, social work room, volunteer station, parent school,
// children's home, government kiosk, often the culture centre and day care) share one building,
// as they do in practice; shops, clinics, schools and the rest stand at buildings of their own.
// SyntheticTownStreets: the seeder's walking network of one town, cut from ONE street lattice
// shared by the whole city (node positions, jitter and missing segments are functions of the
// lattice indices and the seed only), so that neighbouring towns' areas share their boundary
// nodes and merge when loaded together (NetworkFromAreas). Each community gets the lattice over
// its buildings' box plus a margin; a road along lattice lines links each community to the
// town's centre and the town to the lattice origin (the city centre), so every town is part of
// one connected city network.
// Random numbers are drawn with a portable SplitMix64 (same output on every platform).
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "domain/facilities/facilities.hpp"

namespace linli::facilities {

struct SyntheticBuilding {
  int64_t id = 0;
  double lat = 0.0;
  double lon = 0.0;
  std::string address;  // copied to the facilities placed there
};

struct StreetGridOptions {
  double spacing_metres = 120.0;
  double margin_metres = 150.0;
  double missing_segment_share = 0.08;  // segments left out (blocks merged)
};

NetworkArea SyntheticStreetGrid(const std::vector<SyntheticBuilding>& buildings, uint64_t seed,
                                const StreetGridOptions& options = {});

// Facilities for one community (ids 0, building ids from the input — 0 gives none —,
// synthetic = true, status open, opened_on fixed). `households` sizes the comprehensive service
// area; names are `name_prefix` + the type's usual name (e.g. "东关社区" + "党群服务中心").
// Deterministic in (community_code, buildings, households, taxonomy, seed, name_prefix).
std::vector<Facility> SyntheticFacilities(const std::string& community_code,
                                          const std::vector<SyntheticBuilding>& buildings,
                                          int64_t households, const Taxonomy& taxonomy,
                                          uint64_t seed, const std::string& name_prefix = "");

// The town's and county's own facilities (decision 0037), placed among the buildings of the
// town's first community (a code ending in 001; none for another community): a town 残疾人之家 in
// about 85 % of towns and, in the county's first town, the county's 残疾人之家 and, in about 85 %
// of counties, its 精神障碍社区康复服务站 — so that C6 shows counties without one. Deterministic in
// (community_code, buildings, taxonomy, seed); names from the town's and county's names.
std::vector<Facility> SyntheticLevelFacilities(const std::string& community_code,
                                               const std::string& town_name,
                                               const std::string& county_name,
                                               const std::vector<SyntheticBuilding>& buildings,
                                               const Taxonomy& taxonomy, uint64_t seed);

// The city-wide street lattice: node (i, j) stands near origin + (i, j) × spacing (north, east).
struct StreetLattice {
  double origin_lat = 0.0;
  double origin_lon = 0.0;
  uint64_t seed = 0;
  double spacing_metres = 120.0;
  double margin_metres = 150.0;
  double missing_segment_share = 0.08;  // segments left out inside a community (blocks merged)
};

// One town's streets: `communities` holds each community's buildings (empty ones are skipped).
// Empty area when there is no building. area_code and source_name are left for the caller.
NetworkArea SyntheticTownStreets(const std::vector<std::vector<SyntheticBuilding>>& communities,
                                 const StreetLattice& lattice);

}  // namespace linli::facilities
