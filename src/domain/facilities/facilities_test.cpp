// Pure parts of the facilities context: taxonomy and circles as data, facility validation, the
// plan's standards arithmetic and compliance roll-up, OSM parsing, synthetic generators.
#include "domain/facilities/facilities.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/facilities/osm.hpp"
#include "domain/facilities/synthetic_facilities.hpp"
#include "engines/accessibility/circles.hpp"
#include "engines/accessibility/coverage.hpp"

namespace linli::facilities {
namespace {

std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(LINLI_FACILITIES_DATA) + "/" + name);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Taxonomy LoadTaxonomy() {
  auto taxonomy = Taxonomy::FromJson(ReadData("types.json"));
  EXPECT_TRUE(taxonomy.ok()) << taxonomy.error().message;
  return std::move(taxonomy).value();
}

Facility ValidFacility() {
  Facility f;
  f.community_code = "321002001001";
  f.type_code = "party_service_center";
  f.name = "东关社区党群服务中心";
  f.lat = 32.395;
  f.lon = 119.438;
  f.floor_area = 600;
  f.service_area = 480;
  return f;
}

TEST(TaxonomyTest, DataFileHasTheIssuesTypes) {
  Taxonomy taxonomy = LoadTaxonomy();
  EXPECT_GE(taxonomy.types().size(), 19u);
  for (const char* code :
       {"party_service_center", "elderly_day_care", "elderly_canteen", "childcare", "children_home",
        "disability_home", "social_work_room", "volunteer_station", "parent_school",
        "culture_center", "sports_ground", "health_station", "emergency_shelter",
        "domestic_service", "donation_point", "convenience_store", "kindergarten", "primary_school",
        "government_kiosk"}) {
    EXPECT_NE(taxonomy.Find(code), nullptr) << code;
  }
  EXPECT_TRUE(taxonomy.Find("childcare")->childcare);
  EXPECT_TRUE(taxonomy.Find("mental_health_rehab")->mental_health_rehab);
  EXPECT_FALSE(taxonomy.Find("disability_home")->mental_health_rehab);
  EXPECT_FALSE(Taxonomy::FromJson("{\"types\":[{\"code\":\"a\",\"name\":\"甲\"},"
                                  "{\"code\":\"a\",\"name\":\"乙\"}]}")
                   .ok());
}

TEST(FacilityTest, ValidationRefusesBadValues) {
  Taxonomy taxonomy = LoadTaxonomy();
  EXPECT_TRUE(CheckFacility(ValidFacility(), taxonomy).ok());
  auto field_of = [&](Facility f) {
    auto status = CheckFacility(f, taxonomy);
    return status.ok() ? std::string("ok") : status.error().field;
  };
  Facility f = ValidFacility();
  f.service_area = 700;  // more than the floor area
  EXPECT_EQ(field_of(f), "service_area");
  f = ValidFacility();
  f.floor_area = -5;
  EXPECT_EQ(field_of(f), "floor_area");
  f = ValidFacility();
  f.floor_area = 1e9;  // absurd
  EXPECT_EQ(field_of(f), "floor_area");
  f = ValidFacility();
  f.lat = 48.85;  // Paris
  f.lon = 2.35;
  EXPECT_EQ(field_of(f), "lat");
  f = ValidFacility();
  f.type_code = "casino";
  EXPECT_EQ(field_of(f), "type");
  f = ValidFacility();
  f.status = FacilityStatus::kClosed;
  EXPECT_EQ(field_of(f), "closed_on");
  f.closed_on = "2025-02-30";
  EXPECT_EQ(field_of(f), "closed_on");
  f.closed_on = "2025-02-28";
  EXPECT_EQ(field_of(f), "ok");
}

TEST(FacilityTest, AFacilityBelongsToACommunityTownOrCounty) {
  Taxonomy taxonomy = LoadTaxonomy();
  Facility f = ValidFacility();
  EXPECT_EQ(FacilityLevel(f), core::DivisionLevel::kCommunity);
  EXPECT_TRUE(IsCommunityFacility(f));
  f.community_code = "321002001";
  EXPECT_EQ(FacilityLevel(f), core::DivisionLevel::kTown);
  EXPECT_TRUE(CheckFacility(f, taxonomy).ok());
  EXPECT_FALSE(IsCommunityFacility(f));
  f.community_code = "321002";
  EXPECT_EQ(FacilityLevel(f), core::DivisionLevel::kCounty);
  EXPECT_TRUE(CheckFacility(f, taxonomy).ok());
  for (const char* bad : {"3210", "32", "321002001001001", "32100200100", "32100200x"}) {
    f.community_code = bad;
    EXPECT_EQ(FacilityLevel(f), std::nullopt) << bad;
    EXPECT_EQ(CheckFacility(f, taxonomy).error().field, "community_code") << bad;
  }
}

TEST(FacilityTest, PhoneIsNormalisedMobileOrFixedLine) {
  EXPECT_EQ(*NormalizeFacilityPhone(""), "");
  EXPECT_EQ(*NormalizeFacilityPhone("  "), "");
  EXPECT_EQ(*NormalizeFacilityPhone("0514 8765 4321"), "0514-87654321");
  EXPECT_EQ(*NormalizeFacilityPhone("(0514)87654321"), "0514-87654321");
  EXPECT_EQ(*NormalizeFacilityPhone("+86 138-1234-5678"), "13812345678");
  for (const char* bad : {"12345", "0514-123", "电话", "23812345678"}) {
    auto phone = NormalizeFacilityPhone(bad);
    ASSERT_FALSE(phone.ok()) << bad;
    EXPECT_EQ(phone.error().field, "phone");
  }
  Taxonomy taxonomy = LoadTaxonomy();
  Facility f = ValidFacility();
  f.phone = "0514-87654321";
  EXPECT_TRUE(CheckFacility(f, taxonomy).ok());
  f.phone = "051487654321";  // valid but not as stored
  auto status = CheckFacility(f, taxonomy);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().field, "phone");
}

TEST(FacilityTest, MainServiceCentreIsOpenThenLargestThenFirst) {
  std::vector<Facility> none;
  EXPECT_EQ(MainServiceCentre(none), nullptr);
  Facility canteen = ValidFacility();
  canteen.id = 1;
  canteen.type_code = "elderly_canteen";
  canteen.floor_area = 5000;
  canteen.service_area = 100;
  Facility small = ValidFacility();
  small.id = 2;
  small.floor_area = 300;
  small.service_area = 200;
  Facility large_planned = ValidFacility();
  large_planned.id = 3;
  large_planned.floor_area = 2000;
  large_planned.status = FacilityStatus::kPlanned;
  Facility closed = ValidFacility();
  closed.id = 4;
  closed.floor_area = 9000;
  closed.status = FacilityStatus::kClosed;
  std::vector<Facility> facilities = {canteen, small, large_planned, closed};
  ASSERT_NE(MainServiceCentre(facilities), nullptr);
  EXPECT_EQ(MainServiceCentre(facilities)->id, 2);  // open beats a larger planned one
  Facility same_size = small;
  same_size.id = 5;
  facilities.push_back(same_size);
  EXPECT_EQ(MainServiceCentre(facilities)->id, 2);  // ties: the lowest id
  Facility larger = small;
  larger.id = 6;
  larger.floor_area = 800;
  facilities.push_back(larger);
  EXPECT_EQ(MainServiceCentre(facilities)->id, 6);
  std::vector<Facility> only_planned = {canteen, large_planned, closed};
  EXPECT_EQ(MainServiceCentre(only_planned)->id, 3);  // a planned centre when nothing is open
  std::vector<Facility> only_closed = {canteen, closed};
  EXPECT_EQ(MainServiceCentre(only_closed), nullptr);
}

TEST(StandardsTest, AreaPerHundredHouseholdsAndServiceShare) {
  AreaTotals totals;
  totals.households = 2000;  // needs 600 m²
  totals.floor_area = 480;
  totals.service_area = 300;  // needs 336 m² (70% of 480)
  auto shortfalls = CheckAreaStandards("321002001001", "community", totals);
  ASSERT_EQ(shortfalls.size(), 2u);
  EXPECT_EQ(shortfalls[0].standard, Standard::kAreaPerHouseholds);
  EXPECT_DOUBLE_EQ(shortfalls[0].actual, 24.0);
  EXPECT_DOUBLE_EQ(shortfalls[0].missing_area, 120.0);
  EXPECT_NE(shortfalls[0].fix.find("需增加 120 m²"), std::string::npos) << shortfalls[0].fix;
  EXPECT_EQ(shortfalls[1].standard, Standard::kServiceShare);
  EXPECT_NEAR(shortfalls[1].missing_area, 36.0, 1e-9);
  totals.floor_area = 600;
  totals.service_area = 420;  // exactly 70%
  EXPECT_TRUE(CheckAreaStandards("321002001001", "community", totals).empty());
}

TEST(StandardsTest, ChildcareAndComplexes) {
  Taxonomy taxonomy = LoadTaxonomy();
  Facility childcare = ValidFacility();
  childcare.type_code = "childcare";
  childcare.floor_area = 150;
  childcare.service_area = 120;
  auto shortfall = CheckChildcareArea(childcare, taxonomy);
  ASSERT_TRUE(shortfall.has_value());
  EXPECT_DOUBLE_EQ(shortfall->missing_area, 50.0);
  childcare.is_public = false;  // the standard is for public points
  EXPECT_FALSE(CheckChildcareArea(childcare, taxonomy).has_value());

  ResidentialComplex complex;
  complex.community_code = "321002001001";
  complex.name = "新城花园";
  complex.total_floor_area = 100000;  // needs 300 m² of rooms
  complex.supporting_room_area = 250;
  complex.community_area = 50000;  // needs 5000 m² of commerce and service
  complex.commerce_service_area = 5000;
  ASSERT_TRUE(CheckResidentialComplex(complex).ok());
  auto complex_shortfalls = CheckComplexStandards(complex);
  ASSERT_EQ(complex_shortfalls.size(), 1u);
  EXPECT_EQ(complex_shortfalls[0].standard, Standard::kSupportingRooms);
  EXPECT_DOUBLE_EQ(complex_shortfalls[0].missing_area, 50.0);
  complex.community_area = -1;
  EXPECT_FALSE(CheckResidentialComplex(complex).ok());
}

TEST(StandardsTest, ComplianceRollsUpToTownCountyCity) {
  Taxonomy taxonomy = LoadTaxonomy();
  AreaTotals a, b;
  a.households = 1000;  // 300 m² needed, has 400
  b.households = 1000;  // 300 m² needed, has 100
  Facility fa = ValidFacility();
  fa.floor_area = 400;
  fa.service_area = 300;
  Facility fb = ValidFacility();
  fb.community_code = "321002001002";
  fb.floor_area = 100;
  fb.service_area = 100;
  Facility shop = ValidFacility();  // does not count toward the standard
  shop.type_code = "convenience_store";
  shop.community_code = "321002001002";
  shop.floor_area = 5000;
  shop.service_area = 0;
  Facility town_home = ValidFacility();  // the town's own: not a community's area
  town_home.type_code = "disability_home";
  town_home.community_code = "321002001";
  town_home.floor_area = 900;
  town_home.service_area = 900;
  ComplianceReport report = BuildCompliance({{"321002001001", a}, {"321002001002", b}},
                                            {fa, fb, shop, town_home}, {}, taxonomy);
  const PlaceStandards* town = nullptr;
  for (const auto& place : report.places) {
    if (place.division_code == "321002001") town = &place;
  }
  ASSERT_NE(town, nullptr);
  EXPECT_EQ(town->level, "town");
  EXPECT_EQ(town->totals.households, 2000);
  EXPECT_DOUBLE_EQ(town->totals.floor_area, 500.0);
  EXPECT_DOUBLE_EQ(*town->area_per_hundred_households, 25.0);
  std::vector<std::string> short_places;
  for (const auto& s : report.shortfalls) {
    if (s.standard == Standard::kAreaPerHouseholds) short_places.push_back(s.division_code);
  }
  // B short by 200, the town/county/city by 100; A complies.
  EXPECT_EQ(short_places,
            (std::vector<std::string>{"3210", "321002", "321002001", "321002001002"}));
}

TEST(CirclesTest, DataFileParsesAndZeroSpeedIsRefused) {
  Taxonomy taxonomy = LoadTaxonomy();
  auto circles = ParseCircles(ReadData("circles.json"), taxonomy);
  ASSERT_TRUE(circles.ok()) << circles.error().message;
  ASSERT_EQ(circles->size(), 5u);
  EXPECT_EQ((*circles)[0].code, "urban_15min");
  EXPECT_EQ((*circles)[0].cutoff_decimetres, 10800u);  // 15 min × 1.2 m/s = 1080 m
  EXPECT_EQ((*circles)[1].cutoff_decimetres, 30000u);  // 3 km
  EXPECT_EQ((*circles)[4].served_group, ServedGroup::kAge0To3);

  const std::string zero_speed =
      R"({"circles":[{"code":"x","name":"x","served_group":"all","walking_minutes":15,
          "speed_metres_per_second":0,"facility_types":["childcare"]}]})";
  auto refused = ParseCircles(zero_speed, taxonomy);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "speed");
  const std::string unknown_type =
      R"({"circles":[{"code":"x","name":"x","served_group":"all","distance_metres":500,
          "facility_types":["spaceport"]}]})";
  EXPECT_FALSE(ParseCircles(unknown_type, taxonomy).ok());
}

constexpr const char* kSmallOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6">
  <node id="1" lat="32.3900" lon="119.4300"/>
  <node id="2" lat="32.3900" lon="119.4310"/>
  <node id="3" lat="32.3910" lon="119.4310"/>
  <node id="4" lat="32.3950" lon="119.4400"/>
  <node id="5" lat="32.3951" lon="119.4401"/>
  <node id="6" lat="32.3960" lon="119.4300"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
  <way id="12"><nd ref="3"/><nd ref="6"/><tag k="highway" v="motorway"/></way>
  <way id="13"><nd ref="1"/><nd ref="6"/><tag k="highway" v="path"/><tag k="foot" v="no"/></way>
</osm>)";

TEST(OsmTest, KeepsWalkableWaysAndTheLargestComponent) {
  auto walkways = ParseOsmXml(kSmallOsm);
  ASSERT_TRUE(walkways.ok()) << walkways.error().message;
  EXPECT_EQ(walkways->osm_ways, 4);
  EXPECT_EQ(walkways->ways.size(), 2u);  // motorway and foot=no dropped
  auto built = BuildNetworkFromWalkways(*walkways, {});
  ASSERT_TRUE(built.ok()) << built.error().message;
  EXPECT_EQ(built->network.node_count(), 3);  // the 1-2-3 street, not the 4-5 footway
  EXPECT_EQ(built->network.edge_count(), 2);
  auto again = NetworkFromAreas({built->area});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->node_count(), 3);
}

// Issue 16 item 7: a file whose streets are nowhere near the area's buildings and facilities
// (here 900 km off) is refused with the distance; one near them keeps what reaches them and
// says what it dropped.
TEST(OsmTest, AFileFarFromTheAreaIsRefusedAndTheDropsAreExplained) {
  auto walkways = ParseOsmXml(kSmallOsm);
  ASSERT_TRUE(walkways.ok());
  const accessibility::LatLon far_away[] = {{40.4, 116.4}};  // Beijing, ~900 km from Yangzhou
  auto refused = BuildNetworkFromWalkways(*walkways, far_away);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().field, "file");
  EXPECT_NE(refused.error().message.find("路网不在该区域"), std::string::npos);
  EXPECT_NE(refused.error().message.find(" 公里"), std::string::npos) << refused.error().message;
  const std::string message = refused.error().message;
  const size_t at = message.find("设施 ") + std::string("设施 ").size();
  EXPECT_NEAR(std::stod(message.substr(at)), 900.0, 100.0) << message;

  const accessibility::LatLon beside[] = {{32.3901, 119.4305}, {32.3952, 119.4402}};
  auto kept = BuildNetworkFromWalkways(*walkways, beside);
  ASSERT_TRUE(kept.ok()) << kept.error().message;
  EXPECT_EQ(kept->network.node_count(), 3);  // the 2-node footway is too small to keep
  EXPECT_EQ(DescribeComponents(kept->network.components(), 2),
            "保留 1 个连通部分；舍弃 1 个（共 2 个节点）：1 个不足 50 个节点；依据本区域 2 "
            "个楼栋和设施位置");
  auto unjudged = BuildNetworkFromWalkways(*walkways, {});
  ASSERT_TRUE(unjudged.ok());
  EXPECT_NE(DescribeComponents(unjudged->network.components(), 0).find("1 个不是最大的连通部分"),
            std::string::npos);
}

TEST(OsmTest, BadFilesAreRefusedWithChineseMessages) {
  auto empty = ParseOsmXml("  ");
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error().message.find("空"), std::string::npos);
  auto malformed = ParseOsmXml("<osm><node id=\"1\" lat=\"32\" lon=\"119\"></osm>");
  ASSERT_FALSE(malformed.ok());
  EXPECT_NE(malformed.error().message.find("第 1 行"), std::string::npos)
      << malformed.error().message;
  auto not_osm = ParseOsmXml("<gpx></gpx>");
  ASSERT_FALSE(not_osm.ok());
  auto no_roads = ParseOsmXml("<osm><node id=\"1\" lat=\"32\" lon=\"119\"/></osm>");
  ASSERT_FALSE(no_roads.ok());
  EXPECT_NE(no_roads.error().message.find("没有可步行的道路"), std::string::npos);
  auto abroad = ParseOsmXml(
      "<osm><node id=\"1\" lat=\"48.85\" lon=\"2.35\"/><node id=\"2\" lat=\"48.86\" "
      "lon=\"2.35\"/><way id=\"1\"><nd ref=\"1\"/><nd ref=\"2\"/><tag k=\"highway\" "
      "v=\"footway\"/></way></osm>");
  ASSERT_FALSE(abroad.ok());
  EXPECT_NE(abroad.error().message.find("中国"), std::string::npos);
}

TEST(SyntheticTest, StreetGridIsConnectedAndCoverageIsRealistic) {
  Taxonomy taxonomy = LoadTaxonomy();
  // 12 communities of 40 buildings over roughly 3 km × 3 km.
  std::vector<std::vector<SyntheticBuilding>> communities(12);
  std::vector<SyntheticBuilding> all;
  int64_t id = 1;
  for (int c = 0; c < 12; ++c) {
    const double base_lat = 32.38 + (c / 4) * 0.009;
    const double base_lon = 119.42 + (c % 4) * 0.008;
    for (int b = 0; b < 40; ++b) {
      SyntheticBuilding building{id++, base_lat + (b / 8) * 0.0015, base_lon + (b % 8) * 0.001};
      communities[c].push_back(building);
      all.push_back(building);
    }
  }
  NetworkArea grid = SyntheticStreetGrid(all, 7);
  auto network = NetworkFromAreas({grid});
  ASSERT_TRUE(network.ok()) << network.error().message;
  // The border keeps the grid connected: almost every node is in the largest component.
  EXPECT_GT(network->node_count(), static_cast<int32_t>(grid.coordinates.size() / 2 * 0.95));

  std::vector<Facility> facilities;
  for (int c = 0; c < 12; ++c) {
    auto some = SyntheticFacilities("32100200100" + std::to_string(c % 10), communities[c], 800,
                                    taxonomy, 42 + c);
    for (auto& f : some) {
      EXPECT_TRUE(CheckFacility(f, taxonomy).ok()) << f.type_code;
      facilities.push_back(std::move(f));
    }
  }
  // Coverage of the 5-minute childcare circle (360 m) must lie strictly between 0% and 100%.
  std::vector<accessibility::LatLon> targets, sources;
  for (const auto& b : all) targets.push_back({b.lat, b.lon});
  for (const auto& f : facilities) {
    if (f.type_code == "childcare") sources.push_back({f.lat, f.lon});
  }
  ASSERT_FALSE(sources.empty());
  accessibility::EdgeIndex index(*network);
  auto target_snaps = index.SnapPoints(targets);
  auto source_snaps = index.SnapPoints(sources);
  accessibility::CircleCalculator calculator(&*network);
  accessibility::CircleTask task{{sources, source_snaps}, 3600};
  auto distances = calculator.SomeTargets({targets, target_snaps}, task);
  ASSERT_TRUE(distances.ok());
  size_t covered = 0;
  for (uint32_t d : distances->decimetres) covered += d != accessibility::kUnreachable;
  EXPECT_GT(covered, 0u);
  EXPECT_LT(covered, all.size());
}

TEST(SyntheticTest, TownAndCountyFacilitiesStandInTheirFirstCommunity) {
  Taxonomy taxonomy = LoadTaxonomy();
  const std::vector<SyntheticBuilding> buildings = {{1, 32.39, 119.42, "文昌路1号"},
                                                    {2, 32.391, 119.421, "文昌路3号"}};
  EXPECT_TRUE(SyntheticLevelFacilities("321002001002", "东关街道", "广陵区", buildings, taxonomy, 7)
                  .empty());
  EXPECT_TRUE(
      SyntheticLevelFacilities("321002001001", "东关街道", "广陵区", {}, taxonomy, 7).empty());
  int towns = 0, county_homes = 0, rehab = 0, bases = 0, stations = 0;
  for (uint64_t seed = 0; seed < 200; ++seed) {
    const auto first =
        SyntheticLevelFacilities("321002001001", "东关街道", "广陵区", buildings, taxonomy, seed);
    const auto again =
        SyntheticLevelFacilities("321002001001", "东关街道", "广陵区", buildings, taxonomy, seed);
    ASSERT_EQ(first.size(), again.size());
    for (size_t i = 0; i < first.size(); ++i) {
      EXPECT_EQ(first[i].name, again[i].name);
      EXPECT_EQ(first[i].floor_area, again[i].floor_area);
    }
    for (const auto& f : first) {
      EXPECT_TRUE(CheckFacility(f, taxonomy).ok()) << f.name;
      EXPECT_TRUE(f.synthetic);
      if (f.community_code == "321002001") {
        if (f.type_code == "incubation_base") {
          EXPECT_EQ(f.name, "东关街道社会组织孵化基地");
          ++bases;
        } else if (f.type_code == "social_work_station") {
          EXPECT_EQ(f.name, "东关街道社工站");
          ++stations;
        } else {
          EXPECT_EQ(f.name, "东关街道残疾人之家");
          ++towns;
        }
      } else if (f.type_code == "disability_home") {
        EXPECT_EQ(f.community_code, "321002");
        ++county_homes;
      } else {
        EXPECT_EQ(f.type_code, "mental_health_rehab");
        ++rehab;
      }
    }
    // The second town's first community: its town's facilities only.
    for (const auto& f : SyntheticLevelFacilities("321002002001", "汶河街道", "广陵区", buildings,
                                                  taxonomy, seed)) {
      EXPECT_EQ(f.community_code, "321002002");
    }
  }
  EXPECT_EQ(county_homes, 200);
  EXPECT_GT(towns, 140);
  EXPECT_LT(towns, 200);
  EXPECT_GT(rehab, 140);
  EXPECT_LT(rehab, 200);
  // 62 % of towns have an incubation base (A4a), 90 % a social-work station.
  EXPECT_GT(bases, 100);
  EXPECT_LT(bases, 150);
  EXPECT_GT(stations, 160);
  EXPECT_LT(stations, 200);
}

TEST(PlaceFilterTest, DepthAndLevelChooseTheLevelsShown) {
  auto levels = [](std::string_view division, std::optional<int> depth, std::string level) {
    PlaceFilter filter;
    filter.depth = depth;
    filter.level = std::move(level);
    return LevelsOf(division, filter);
  };
  using Levels = std::vector<std::string>;
  EXPECT_EQ(*levels("3210", std::nullopt, ""), Levels{});
  EXPECT_EQ(*levels("3210", 0, ""), Levels{"city"});
  EXPECT_EQ(*levels("3210", 1, ""), (Levels{"city", "county"}));
  EXPECT_EQ(*levels("321002", 1, ""), (Levels{"county", "town"}));
  EXPECT_EQ(*levels("321002001", 1, ""), (Levels{"town", "community"}));
  EXPECT_EQ(*levels("321002001001", 1, ""), Levels{"community"});
  EXPECT_EQ(*levels("32", 1, ""), Levels{"city"});
  EXPECT_EQ(*levels("3210", std::nullopt, "community"), Levels{"community"});
  EXPECT_EQ(*levels("321002001", 1, "community"), Levels{"community"});
  EXPECT_EQ(*levels("3210", 1, "community"), Levels{"none"});  // disjoint: nothing
  EXPECT_EQ(levels("3210", 2, "").error().field, "depth");
  EXPECT_EQ(levels("3210", std::nullopt, "street").error().field, "level");
  EXPECT_EQ(levels("321002001", std::nullopt, "county").error().field, "level");

  EXPECT_EQ(LevelOfCode("321002001001"), "community");
  EXPECT_EQ(LevelOfCode("32100"), "");
  EXPECT_TRUE(PlaceKept("321002001001", "321002", {}));
  EXPECT_TRUE(PlaceKept("321002001001", "321002", {"community"}));
  EXPECT_FALSE(PlaceKept("321002001", "321002", {"community"}));
  EXPECT_FALSE(PlaceKept("321003001001", "321002", {}));
}

TEST(NearCommunityTest, PointsFarOutsideTheBuildingsAreRefused) {
  BuildingBounds none;
  EXPECT_TRUE(CheckNearCommunity(40.0, 116.0, none).ok());  // nothing known: no check
  BuildingBounds box;
  box.buildings = 10;
  box.min_lat = 32.39;
  box.max_lat = 32.40;
  box.min_lon = 119.43;
  box.max_lon = 119.44;
  EXPECT_EQ(MetresOutsideBounds(32.395, 119.435, box), 0.0);
  // 0.01° of latitude is about 1.11 km.
  EXPECT_NEAR(MetresOutsideBounds(32.41, 119.435, box), 1112, 5);
  EXPECT_TRUE(CheckNearCommunity(32.41, 119.435, box).ok());
  EXPECT_TRUE(CheckNearCommunity(32.39, 119.47, box).ok());  // ~2.8 km east
  auto far = CheckNearCommunity(32.45, 119.435, box);        // ~5.6 km north
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(far.error().field, "lat");
  EXPECT_NE(far.error().message.find("5.6 公里"), std::string::npos) << far.error().message;
}

TEST(DataExtentTest, PlacesWithoutDataAreCountedNeverFolded) {
  const std::vector<std::string> communities = {"321002001001", "321002001002", "321002002001",
                                                "321023200201"};
  const std::set<std::string> with_data = {"321002001001"};
  DataExtent city = ExtentOf("3210", communities, with_data);
  EXPECT_EQ(city.status, DataStatus::kPartial);
  EXPECT_EQ(city.places_level, "county");
  EXPECT_EQ(city.places_total, 2);
  EXPECT_EQ(city.places_with_data, 1);
  EXPECT_EQ(city.places_without_data, (std::vector<std::string>{"321023"}));
  EXPECT_EQ(city.communities_total, 4);
  EXPECT_EQ(city.communities_with_data, 1);
  DataExtent county = ExtentOf("321002", communities, with_data);
  EXPECT_EQ(county.places_level, "town");
  EXPECT_EQ(county.places_without_data, (std::vector<std::string>{"321002002"}));
  EXPECT_EQ(ExtentOf("321023", communities, with_data).status, DataStatus::kNoData);
  DataExtent community = ExtentOf("321002001001", communities, with_data);
  EXPECT_EQ(community.status, DataStatus::kComplete);
  EXPECT_EQ(community.places_level, "");
  EXPECT_EQ(community.places_total, 0);
  EXPECT_EQ(ExtentOf("321002001", communities, {"321002001001", "321002001002"}).status,
            DataStatus::kComplete);
  EXPECT_EQ(DataStatusName(DataStatus::kNoData), "no_data");
}

}  // namespace
}  // namespace linli::facilities
