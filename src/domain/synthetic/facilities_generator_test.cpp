// The seeder's facilities module and town street grids: determinism, no effect on the people
// module, facilities valid and at their buildings, the `small` restriction, towns seeded apart
// joining into one network, and a realistic 15-minute urban circle on the small and town scales
// (computed with the accessibility engine exactly as the facility service does).
#include "domain/synthetic/facilities_generator.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <map>
#include <sstream>

#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "domain/facilities/osm.hpp"
#include "domain/synthetic/seeder.hpp"
#include "domain/synthetic/testing_synthetic.hpp"
#include "engines/accessibility/circles.hpp"
#include "engines/accessibility/geo.hpp"
#include "engines/accessibility/snapping.hpp"

namespace linli::synthetic {
namespace {

using synthetic::testing::CitySites;
using synthetic::testing::YangzhouTree;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

const facilities::Taxonomy& Taxonomy() {
  static facilities::Taxonomy taxonomy = [] {
    auto parsed = facilities::Taxonomy::FromJson(
        ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/facilities/types.json"));
    EXPECT_TRUE(parsed.ok());
    return *parsed;
  }();
  return taxonomy;
}

// The sites of a scale generated with people and facilities, as the seed command keeps them.
std::vector<CommunityData> Seeded(Scale scale, std::string_view town = "",
                                  SeedOptions options = {}) {
  auto sites = SelectSites(CitySites(), scale, town);
  EXPECT_TRUE(sites.ok());
  ModuleList modules = DefaultModules(Taxonomy());
  std::vector<CommunityData> out;
  EXPECT_TRUE(GenerateInOrder(*sites, options, modules, 2, 4, [&](CommunityData&& data) {
                KeepFirstGrids(data, GridsKeptAt(scale));
                out.push_back(std::move(data));
                return core::Ok();
              }).ok());
  return out;
}

std::string FacilitiesText(const std::vector<CommunityData>& data) {
  std::ostringstream text;
  text.precision(12);
  for (const auto& community : data) {
    for (const auto& f : community.facilities) {
      text << f.community_code << f.type_code << f.name << f.lat << f.lon
           << f.building_id.value_or(0) << f.floor_area << f.service_area << f.is_public << "\n";
    }
  }
  return text.str();
}

// Residents (every current one, whatever the circle's served group) covered by the circle's
// facilities within its cutoff on `network`, and residents counted, over the residential
// buildings of the communities the circle applies to.
std::pair<int64_t, int64_t> CoveredAndServed(const std::vector<CommunityData>& data,
                                             const facilities::CircleDefinition& circle,
                                             const accessibility::WalkingNetwork& network) {
  std::vector<accessibility::LatLon> targets, sources;
  std::vector<int64_t> weights;
  for (const auto& community : data) {
    const bool applies = facilities::CircleAppliesTo(circle, community.site.community_kind);
    std::vector<int64_t> residents(community.people.buildings.size());
    for (const auto& load : community.people.residents) {
      if (!people::IsCurrentStatus(load.resident.status) || load.household_index < 0) continue;
      ++residents[community.people.households[load.household_index].building_index];
    }
    for (size_t b = 0; b < community.people.buildings.size(); ++b) {
      const auto& building = community.people.buildings[b];
      if (building.kind == people::BuildingKind::kOther) continue;
      targets.push_back({*building.lat, *building.lon});
      weights.push_back(applies ? residents[b] : 0);
    }
    for (const auto& f : community.facilities) {
      for (const auto& type : circle.facility_types) {
        if (f.type_code == type) sources.push_back({f.lat, f.lon});
      }
    }
  }
  accessibility::EdgeIndex index(network);
  auto target_snaps = index.SnapPoints(targets);
  auto source_snaps = index.SnapPoints(sources);
  accessibility::CircleCalculator calculator(&network);
  accessibility::CircleTask task{{sources, source_snaps}, circle.cutoff_decimetres};
  auto distances = calculator.AllTargets({targets, target_snaps}, {&task, 1});
  EXPECT_TRUE(distances.ok());
  int64_t covered = 0, served = 0;
  for (size_t t = 0; t < targets.size(); ++t) {
    served += weights[t];
    if ((*distances)[0].decimetres[t] != accessibility::kUnreachable) covered += weights[t];
  }
  return {covered, served};
}

// Each town's streets, as the seed command stores them.
std::vector<facilities::NetworkArea> Streets(const std::vector<CommunityData>& data,
                                             const SeedOptions& options = {}) {
  std::vector<facilities::NetworkArea> areas;
  std::vector<std::vector<facilities::SyntheticBuilding>> points;
  std::string town;
  for (const auto& community : data) {
    if (community.site.town_code != town && !points.empty()) {
      areas.push_back(TownStreets(town, points, options));
      points.clear();
    }
    town = community.site.town_code;
    points.push_back(StreetPoints(community));
  }
  if (!points.empty()) areas.push_back(TownStreets(town, points, options));
  return areas;
}

TEST(SyntheticFacilities, DeterministicAndLeavesThePeopleAlone) {
  auto first = Seeded(Scale::kSmall);
  auto again = Seeded(Scale::kSmall);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_FALSE(FacilitiesText(first).empty());
  EXPECT_EQ(FacilitiesText(first), FacilitiesText(again));
  SeedOptions other;
  other.seed = 7;
  EXPECT_NE(FacilitiesText(first), FacilitiesText(Seeded(Scale::kSmall, "", other)));

  // The facilities module draws from its own stream: the people are those of DefaultModules().
  ModuleList people_only = DefaultModules();
  ModuleList with_facilities = DefaultModules(Taxonomy());
  const CommunitySite& site = CitySites().front();
  CommunityData plain = GenerateCommunity(site, {}, people_only);
  CommunityData full = GenerateCommunity(site, {}, with_facilities);
  EXPECT_TRUE(plain.facilities.empty());
  EXPECT_FALSE(full.facilities.empty());
  ASSERT_EQ(plain.people.residents.size(), full.people.residents.size());
  ASSERT_EQ(plain.people.buildings.size(), full.people.buildings.size());
  for (size_t r = 0; r < plain.people.residents.size(); ++r) {
    EXPECT_EQ(plain.people.residents[r].resident.id_number,
              full.people.residents[r].resident.id_number);
  }
  for (size_t b = 0; b < plain.people.buildings.size(); ++b) {
    EXPECT_EQ(plain.people.buildings[b].lat, full.people.buildings[b].lat);
  }
}

TEST(SyntheticFacilities, ValidAtTheirBuildingsAndRestrictedWithTheGrids) {
  const facilities::Taxonomy& taxonomy = Taxonomy();
  std::map<std::string, int> types;
  size_t communities_with_centre = 0;
  std::vector<CommunityData> sample;
  for (size_t i = 0; i < CitySites().size(); i += 20) {
    sample.push_back(GenerateCommunity(CitySites()[i], {}, DefaultModules(taxonomy)));
  }
  for (const auto& data : sample) {
    bool centre = false;
    for (const auto& f : data.facilities) {
      EXPECT_TRUE(facilities::CheckFacility(f, taxonomy).ok()) << f.type_code << " " << f.name;
      EXPECT_TRUE(f.synthetic);
      ASSERT_TRUE(f.building_id.has_value());
      ASSERT_GE(*f.building_id, 1);
      ASSERT_LE(static_cast<size_t>(*f.building_id), data.people.buildings.size());
      const auto& building = data.people.buildings[*f.building_id - 1];
      EXPECT_EQ(f.address, building.address);
      EXPECT_LT(accessibility::HaversineMetres({f.lat, f.lon}, {*building.lat, *building.lon}),
                20.0);
      ++types[f.type_code];
      centre = centre || f.type_code == "party_service_center";
    }
    communities_with_centre += centre;
  }
  // The common types nearly everywhere, the sparse ones in some communities.
  EXPECT_GE(communities_with_centre, sample.size() * 85 / 100);
  EXPECT_GT(types["convenience_store"], types["primary_school"]);
  EXPECT_GT(types["primary_school"], 0);

  // KeepFirstGrids keeps the facilities of the kept buildings, re-pointed.
  CommunityData data = sample.front();
  ASSERT_GT(data.grids.size(), 1u);
  std::map<std::string, std::string> grid_of_address;  // facility name -> grid before
  size_t inside = 0;
  for (const auto& f : data.facilities) {
    inside += data.people.buildings[*f.building_id - 1].grid_code == data.grids.front().code;
  }
  KeepFirstGrids(data, 1);
  EXPECT_EQ(data.facilities.size(), inside);
  for (const auto& f : data.facilities) {
    ASSERT_LE(static_cast<size_t>(*f.building_id), data.people.buildings.size());
    const auto& building = data.people.buildings[*f.building_id - 1];
    EXPECT_EQ(building.grid_code, data.grids.front().code);
    EXPECT_LT(accessibility::HaversineMetres({f.lat, f.lon}, {*building.lat, *building.lon}), 20.0);
  }
}

TEST(SyntheticStreets, DeterministicAndTownsJoinIntoOneNetwork) {
  // Two towns of different counties (an urban street and a rural town far away), seeded apart.
  const auto& sites = CitySites();
  std::string urban_town = sites.front().town_code, rural_town;
  for (const auto& site : sites) {
    if (site.county_code != sites.front().county_code && site.town_kind == "town") {
      rural_town = site.town_code;
      break;
    }
  }
  ASSERT_FALSE(rural_town.empty());
  auto urban = Seeded(Scale::kSmall, urban_town);
  auto rural = Seeded(Scale::kSmall, rural_town);
  auto urban_streets = Streets(urban);
  auto rural_streets = Streets(rural);
  ASSERT_EQ(urban_streets.size(), 1u);
  ASSERT_EQ(rural_streets.size(), 1u);
  EXPECT_EQ(urban_streets[0].area_code, urban_town);
  EXPECT_TRUE(IsSyntheticNetworkSource(urban_streets[0].source_name));
  EXPECT_EQ(urban_streets[0].coordinates, Streets(urban)[0].coordinates);
  EXPECT_EQ(urban_streets[0].edges, Streets(urban)[0].edges);
  SeedOptions other;
  other.seed = 7;
  EXPECT_NE(urban_streets[0].coordinates, Streets(urban, other)[0].coordinates);

  auto alone = facilities::NetworkFromAreas(urban_streets);
  ASSERT_TRUE(alone.ok()) << alone.error().message;
  const size_t urban_nodes = urban_streets[0].coordinates.size() / 2;
  const size_t rural_nodes = rural_streets[0].coordinates.size() / 2;
  // Missing segments may cut off a few nodes; everything else hangs together.
  EXPECT_GT(static_cast<size_t>(alone->node_count()), urban_nodes * 97 / 100);
  auto joined = facilities::NetworkFromAreas({urban_streets[0], rural_streets[0]});
  ASSERT_TRUE(joined.ok());
  // Shared road nodes merge, and both towns are in the one component kept.
  EXPECT_LT(static_cast<size_t>(joined->node_count()), urban_nodes + rural_nodes);
  EXPECT_GT(static_cast<size_t>(joined->node_count()), (urban_nodes + rural_nodes) * 90 / 100);
  std::cout << "streets: " << urban_town << " " << urban_nodes << " nodes, " << rural_town << " "
            << rural_nodes << " nodes, joined " << joined->node_count() << "\n";
}

TEST(SyntheticCoverage, CirclesAreRealistic) {
  auto all = facilities::ParseCircles(
      ReadFile(std::string(LINLI_SOURCE_DIR) + "/data/facilities/circles.json"), Taxonomy());
  ASSERT_TRUE(all.ok());
  for (Scale scale : {Scale::kSmall, Scale::kTown}) {
    auto data = Seeded(scale);
    auto areas = Streets(data);
    auto network = facilities::NetworkFromAreas(areas);
    ASSERT_TRUE(network.ok()) << network.error().message;
    std::map<std::string, double> shares;
    for (const auto& circle : *all) {
      auto [covered, served] = CoveredAndServed(data, circle, *network);
      if (served == 0) continue;  // rural_3km in an urban street
      const double share = static_cast<double>(covered) / static_cast<double>(served);
      shares[circle.code] = share;
      std::cout << ScaleName(scale) << ": " << circle.code << " covers " << covered << " of "
                << served << " (" << share * 100 << "%) on " << network->node_count() << " nodes\n";
    }
    // Neither nothing nor everything. `small` keeps only the facilities in its three grids
    // (a few): the 15-minute urban circle reaches part of it. A whole town (a dense central
    // street) has every circle reaching some, and at least one leaving gaps for the map.
    ASSERT_FALSE(shares.empty());
    if (scale == Scale::kSmall) {
      EXPECT_GT(shares["urban_15min"], 0.05);
      EXPECT_LT(shares["urban_15min"], 0.95);
    } else {
      bool partial = false;
      for (const auto& [code, share] : shares) {
        EXPECT_GT(share, 0.05) << code;
        partial = partial || share < 0.95;
      }
      EXPECT_TRUE(partial);
    }
  }
}

}  // namespace
}  // namespace linli::synthetic
