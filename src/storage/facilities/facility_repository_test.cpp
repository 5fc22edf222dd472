// The facility service over the SQL repository on SQLite and (with LINLI_TEST_PG_URL)
// PostgreSQL: validation and scoping, the compliance list from registry households, life
// circles on a hand-made network (testdata/two_streets.osm) versus the straight-line fallback,
// incremental recompute equal to a full one, bad OSM files, and the all-or-nothing import.
#include "storage/facilities/facility_repository.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "domain/facilities/facility_service.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::facilities {
namespace {

using namespace linli::people::testing;  // NOLINT(google-build-using-namespace)

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class FacilityRepositoryTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    LINLI_OPEN_PEOPLE_FIXTURE_OR_SKIP(people_, GetParam());
    auto taxonomy =
        Taxonomy::FromJson(ReadFile(std::string(LINLI_FACILITIES_DATA) + "/types.json"));
    ASSERT_TRUE(taxonomy.ok());
    auto circles =
        ParseCircles(ReadFile(std::string(LINLI_FACILITIES_DATA) + "/circles.json"), *taxonomy);
    ASSERT_TRUE(circles.ok()) << circles.error().message;
    repository_ = storage::MakeSqlFacilityRepository(people_.db());
    service_ = std::make_unique<FacilityService>(*repository_, std::move(*taxonomy),
                                                 std::move(*circles), people_.clock_);
  }

  // A residential building (by default in community A) with `children` residents aged 2 and one
  // adult.
  int64_t MakeBuilding(double lat, double lon, int children, int* sequence,
                       const char* community = kCommunityA, const char* grid = kGridA1) {
    people::NewBuilding building;
    building.community_code = community;
    building.grid_code = grid;
    building.address = "测试路" + std::to_string(*sequence) + "号";
    building.lat = lat;
    building.lon = lon;
    building.floors = 6;
    auto created = people_.buildings_->Create(building, access::Caller::System());
    EXPECT_TRUE(created.ok()) << created.error().message;
    people::NewHousehold household;
    household.building_id = created->id;
    household.room = "101";
    household.since = "2020-01-01";
    auto made = people_.households_->Create(household, access::Caller::System());
    EXPECT_TRUE(made.ok()) << made.error().message;
    for (int i = 0; i <= children; ++i) {
      people::NewResident resident;
      resident.name = "居民" + std::to_string(*sequence);
      resident.id_number = MakeIdNumber(i == 0 ? "19800101" : "20240101", (*sequence)++);
      resident.household_id = made->id;
      resident.relation = i == 0 ? "head" : "child";
      resident.status_since = "2024-06-01";
      auto r = people_.residents_->Create(resident, access::Caller::System());
      EXPECT_TRUE(r.ok()) << r.error().message;
    }
    return created->id;
  }

  Facility Childcare(double lat, double lon) {
    Facility f;
    f.community_code = kCommunityA;
    f.type_code = "childcare";
    f.name = "托育点";
    f.lat = lat;
    f.lon = lon;
    f.floor_area = 250;
    f.service_area = 200;
    return f;
  }

  // (served, covered, buildings, covered buildings, fallback) of a circle row.
  std::vector<int64_t> Row(const std::string& circle, const std::string& type,
                           const std::string& division) {
    auto rows = repository_->Coverage(circle, division, core::Scope::Everything());
    EXPECT_TRUE(rows.ok());
    for (const auto& r : *rows) {
      if (r.facility_type == type && r.division_code == division) {
        return {r.served_residents, r.covered_residents, r.residential_buildings,
                r.covered_buildings, r.straight_line_fallback ? 1 : 0};
      }
    }
    return {};
  }

  void MakeThreeBuildings() {
    int sequence = 1;
    MakeBuilding(32.3902, 119.4320, 1, &sequence);  // 190 m from the childcare point by street
    MakeBuilding(32.3922, 119.4300, 2, &sequence);  // 244 m straight, but on the other street
    MakeBuilding(32.3902, 119.4390, 1, &sequence);  // 850 m away
  }

  PeopleFixture people_;
  std::unique_ptr<FacilityRepository> repository_;
  std::unique_ptr<FacilityService> service_;
};

TEST_P(FacilityRepositoryTest, CreateValidatesAndScopes) {
  auto created = service_->Create(Childcare(32.39, 119.43), access::Caller::System());
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_GT(created->id, 0);

  Facility bad = Childcare(32.39, 119.43);
  bad.service_area = 300;  // larger than the floor area
  auto refused = service_->Create(bad, access::Caller::System());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "service_area");
  bad = Childcare(32.39, 119.43);
  bad.floor_area = -1;
  EXPECT_FALSE(service_->Create(bad, access::Caller::System()).ok());
  bad = Childcare(32.39, 119.43);
  bad.community_code = "321002001999";  // in scope, but no such community
  refused = service_->Create(bad, access::Caller::System());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(refused.error().field, "community_code");
  auto all = repository_->AllFacilities("");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 1u);  // nothing written by the refusals

  // A worker of community B does not see it (not found), one of A does.
  auto other = service_->Get(created->id, CallerWith(access::Role::kCommunityWorker, kCommunityB));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, core::ErrorCode::kNotFound);
  EXPECT_TRUE(
      service_->Get(created->id, CallerWith(access::Role::kCommunityWorker, kCommunityA)).ok());
  auto outside = service_->Create(Childcare(32.39, 119.43),
                                  CallerWith(access::Role::kCommunityWorker, kCommunityB));
  EXPECT_FALSE(outside.ok());

  FacilityPatch close;
  close.status = FacilityStatus::kClosed;
  auto closed = service_->Update(created->id, close, access::Caller::System());
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->closed_on.value_or(""), "2026-01-01");
  FacilityQuery query;
  query.status = FacilityStatus::kClosed;
  auto page = service_->List(query, core::PageRequest{}, access::Caller::System());
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 1u);
  ASSERT_TRUE(service_->Delete(created->id, access::Caller::System()).ok());
  EXPECT_FALSE(service_->Get(created->id, access::Caller::System()).ok());
}

TEST_P(FacilityRepositoryTest, ComplianceListsShortfallsFromRegistryHouseholds) {
  int sequence = 1;
  for (int i = 0; i < 4; ++i) MakeBuilding(32.39, 119.43, 0, &sequence);  // 4 households
  Facility centre = Childcare(32.39, 119.43);
  centre.type_code = "party_service_center";
  centre.floor_area = 1.0;  // 25 m² per 100 households; 1.2 m² needed
  centre.service_area = 0.5;
  ASSERT_TRUE(service_->Create(centre, access::Caller::System()).ok());
  Facility small = Childcare(32.39, 119.43);
  small.floor_area = 150;  // public childcare point below 200 m²
  small.service_area = 150;
  ASSERT_TRUE(service_->Create(small, access::Caller::System()).ok());
  ResidentialComplex complex;
  complex.community_code = kCommunityA;
  complex.name = "新城花园";
  complex.total_floor_area = 100000;
  complex.supporting_room_area = 300;
  complex.community_area = 50000;
  complex.commerce_service_area = 4000;
  ASSERT_TRUE(service_->AddComplex(complex, access::Caller::System()).ok());

  auto report = service_->Compliance("3210", access::Caller::System());
  ASSERT_TRUE(report.ok()) << report.error().message;
  std::map<std::string, std::string> fixes;  // "<standard> <code>" -> fix
  for (const auto& s : report->shortfalls) {
    fixes[std::string(StandardName(s.standard)) + " " + s.division_code] = s.fix;
  }
  // 150 + 1 m² of counting area for 4 households complies with B1a; the share does not.
  EXPECT_EQ(fixes.count("area_per_100_households 321002001001"), 0u);
  EXPECT_EQ(fixes.count("service_share 321002001001"), 0u);  // 150.5 / 151 ≥ 70%
  EXPECT_NE(fixes["childcare_area 321002001001"].find("需增加 50 m²"), std::string::npos);
  EXPECT_NE(fixes["commerce_service 321002001001"].find("需增加 1000 m²"), std::string::npos);
  EXPECT_EQ(fixes.count("supporting_rooms 321002001001"), 0u);
  bool has_city = false;
  for (const auto& place : report->places) {
    if (place.division_code == "3210") {
      has_city = true;
      EXPECT_EQ(place.totals.households, 4);
    }
  }
  EXPECT_TRUE(has_city);
}

TEST_P(FacilityRepositoryTest, CirclesOnNetworkVersusStraightLineFallback) {
  MakeThreeBuildings();
  ASSERT_TRUE(service_->Create(Childcare(32.3899, 119.4300), access::Caller::System()).ok());
  auto summary = service_->ComputeAll();
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_TRUE(summary->straight_line_fallback);
  // Without a network: 244 m × 1.3 = 318 m ≤ 360 m, so two of three buildings are covered.
  EXPECT_EQ(Row("childcare_5min", "", kCommunityA), (std::vector<int64_t>{4, 3, 3, 2, 1}));
  EXPECT_EQ(Row("childcare_5min", "", "3210"), (std::vector<int64_t>{4, 3, 3, 2, 1}));

  auto imported = service_->ImportNetwork(
      "321002001", ReadFile(std::string(LINLI_FACILITIES_TESTDATA) + "/two_streets.osm"),
      "two_streets.osm", access::Caller::System());
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  EXPECT_EQ(imported->node_count, 23);  // the isolated footway is dropped
  summary = service_->ComputeAll();
  ASSERT_TRUE(summary.ok());
  EXPECT_FALSE(summary->straight_line_fallback);
  // On the streets the second building is ~2 km away: only the first is covered.
  EXPECT_EQ(Row("childcare_5min", "", kCommunityA), (std::vector<int64_t>{4, 1, 3, 1, 0}));
  EXPECT_EQ(Row("childcare_5min", "childcare", "321002001"), (std::vector<int64_t>{4, 1, 3, 1, 0}));
  auto gaps = service_->Gaps("childcare_5min", kCommunityA, access::Caller::System());
  ASSERT_TRUE(gaps.ok());
  ASSERT_EQ(gaps->size(), 2u);
  EXPECT_EQ((*gaps)[0].served_residents, 2);
  // Everyone-circles count all residents (3 adults + 4 children = 7).
  EXPECT_EQ(Row("urban_15min", "", kCommunityA).at(0), 7);

  // Siting among the gaps with network nodes as candidates: one site covers both gaps? No —
  // they are 2 km apart; the best single site gains the larger gap (2 children).
  SitingRequest request;
  request.circle_code = "childcare_5min";
  request.division_code = kCommunityA;
  request.k = 2;
  request.candidates = CandidateKind::kNodes;
  auto sited = service_->Site(request, access::Caller::System());
  ASSERT_TRUE(sited.ok()) << sited.error().message;
  ASSERT_EQ(sited->sites.size(), 2u);
  EXPECT_EQ(sited->sites[0].gain, 2);
  EXPECT_EQ(sited->sites[1].gain, 1);
  EXPECT_EQ(sited->covered, 3);
  request.exact = true;
  auto exact = service_->Site(request, access::Caller::System());
  ASSERT_TRUE(exact.ok()) << exact.error().message;
  EXPECT_EQ(exact->covered, 3);

  auto geojson = GapsGeoJson(*gaps, service_->circles().back());
  EXPECT_NE(geojson.find("\"FeatureCollection\""), std::string::npos);
}

// Issue 16 item 7: two towns, each with a network of its own, whose streets never meet.
// Computing circles keeps both (the joined network used to keep only its largest piece, and
// the other town's coverage fell to 0), and a file imported for a town whose buildings are
// 111 km from it is refused and changes nothing.
TEST_P(FacilityRepositoryTest, TheNetworksOfTwoTownsAreBothKept) {
  const std::string two_streets =
      ReadFile(std::string(LINLI_FACILITIES_TESTDATA) + "/two_streets.osm");
  std::string one_degree_north = two_streets;
  for (size_t at = 0; (at = one_degree_north.find("lat=\"32.", at)) != std::string::npos;) {
    one_degree_north.replace(at, 8, "lat=\"33.");
  }
  const auto system = access::Caller::System();
  int sequence = 1;
  MakeBuilding(32.3902, 119.4320, 1, &sequence);  // town 321002001
  ASSERT_TRUE(service_->Create(Childcare(32.3899, 119.4300), system).ok());
  MakeBuilding(33.3902, 119.4320, 1, &sequence, kCommunityC, kGridC1);  // town 321023200
  Facility north = Childcare(33.3899, 119.4300);
  north.community_code = kCommunityC;
  ASSERT_TRUE(service_->Create(north, system).ok());

  auto imported = service_->ImportNetwork("321002001", two_streets, "a.osm", system);
  ASSERT_TRUE(imported.ok()) << imported.error().message;
  ASSERT_TRUE(imported->components.has_value());
  EXPECT_EQ(imported->components->kept, 1);
  EXPECT_EQ(imported->components->dropped_unreached, 1);  // the isolated footway, 2 km off
  EXPECT_EQ(imported->anchors, 2);

  auto misplaced = service_->ImportNetwork("321023200", two_streets, "wrong.osm", system);
  ASSERT_FALSE(misplaced.ok());
  EXPECT_EQ(misplaced.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_NE(misplaced.error().message.find("110.9 公里"), std::string::npos)
      << misplaced.error().message;
  ASSERT_EQ(service_->NetworkAreas(system)->size(), 1u);

  ASSERT_TRUE(service_->ImportNetwork("321023200", one_degree_north, "b.osm", system).ok());
  auto summary = service_->ComputeAll();
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_EQ(summary->network_nodes, 46);
  EXPECT_FALSE(summary->straight_line_fallback);
  // The first building of each town is 190 m by street from its childcare point.
  EXPECT_EQ(Row("childcare_5min", "", kCommunityA), (std::vector<int64_t>{1, 1, 1, 1, 0}));
  EXPECT_EQ(Row("childcare_5min", "", kCommunityC), (std::vector<int64_t>{1, 1, 1, 1, 0}));
}

TEST_P(FacilityRepositoryTest, IncrementalRecomputeEqualsFull) {
  MakeThreeBuildings();
  ASSERT_TRUE(
      service_
          ->ImportNetwork("321002001",
                          ReadFile(std::string(LINLI_FACILITIES_TESTDATA) + "/two_streets.osm"),
                          "two_streets.osm", access::Caller::System())
          .ok());
  ASSERT_TRUE(service_->Create(Childcare(32.3899, 119.4300), access::Caller::System()).ok());
  ASSERT_TRUE(service_->ComputeAll().ok());
  EXPECT_EQ(Row("childcare_5min", "", kCommunityA), (std::vector<int64_t>{4, 1, 3, 1, 0}));
  // A new childcare point by the third building: the community changes at once.
  auto added = service_->Create(Childcare(32.3901, 119.4392), access::Caller::System());
  ASSERT_TRUE(added.ok());
  auto incremental = repository_->Coverage("", "", core::Scope::Everything());
  ASSERT_TRUE(incremental.ok());
  EXPECT_EQ(Row("childcare_5min", "", kCommunityA), (std::vector<int64_t>{4, 2, 3, 2, 0}));
  EXPECT_EQ(Row("childcare_5min", "", "3210"), (std::vector<int64_t>{4, 2, 3, 2, 0}));
  auto incremental_gaps = repository_->Gaps("childcare_5min", "", core::Scope::Everything(), 100);
  ASSERT_TRUE(service_->ComputeAll().ok());
  auto full = repository_->Coverage("", "", core::Scope::Everything());
  ASSERT_TRUE(full.ok());
  ASSERT_EQ(incremental->size(), full->size());
  for (size_t i = 0; i < full->size(); ++i) {
    const auto& a = (*incremental)[i];
    const auto& b = (*full)[i];
    EXPECT_EQ(a.circle_code + a.facility_type + a.division_code,
              b.circle_code + b.facility_type + b.division_code);
    EXPECT_EQ(a.served_residents, b.served_residents) << b.circle_code << " " << b.division_code;
    EXPECT_EQ(a.covered_residents, b.covered_residents) << b.circle_code << " " << b.division_code;
    EXPECT_EQ(a.covered_buildings, b.covered_buildings) << b.circle_code << " " << b.division_code;
  }
  auto full_gaps = repository_->Gaps("childcare_5min", "", core::Scope::Everything(), 100);
  ASSERT_EQ(incremental_gaps->size(), full_gaps->size());
  // Closing it brings the gap back.
  FacilityPatch close;
  close.status = FacilityStatus::kClosed;
  ASSERT_TRUE(service_->Update(added->id, close, access::Caller::System()).ok());
  EXPECT_EQ(Row("childcare_5min", "", kCommunityA), (std::vector<int64_t>{4, 1, 3, 1, 0}));
}

TEST_P(FacilityRepositoryTest, BadOsmFilesChangeNothing) {
  const std::string good = ReadFile(std::string(LINLI_FACILITIES_TESTDATA) + "/two_streets.osm");
  ASSERT_TRUE(
      service_->ImportNetwork("321002001", good, "good.osm", access::Caller::System()).ok());
  for (const std::string bad :
       {std::string(""), std::string("<osm><node id='1' lat='32' lon='119'>"),
        std::string("<osm></osm>"), good.substr(0, good.size() / 2)}) {
    auto refused = service_->ImportNetwork("321002001", bad, "bad.osm", access::Caller::System());
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.error().code, core::ErrorCode::kInvalidArgument);
  }
  auto areas = service_->NetworkAreas(access::Caller::System());
  ASSERT_TRUE(areas.ok());
  ASSERT_EQ(areas->size(), 1u);
  EXPECT_EQ((*areas)[0].source_name, "good.osm");
  EXPECT_EQ((*areas)[0].node_count, 23);
}

// Issue 15 item 17: an administrator of one county cannot replace another county's network, an
// area that names no division is refused, and the list shows only areas within one's scope.
TEST_P(FacilityRepositoryTest, WalkingNetworkIsScoped) {
  const std::string good = ReadFile(std::string(LINLI_FACILITIES_TESTDATA) + "/two_streets.osm");
  const auto other_county = CallerWith(access::Role::kCityAdmin, "321003");
  auto refused = service_->ImportNetwork("321002001", good, "x.osm", other_county);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kNotFound);
  auto nowhere = service_->ImportNetwork("999999", good, "x.osm", access::Caller::System());
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.error().code, core::ErrorCode::kNotFound);
  ASSERT_TRUE(
      service_->ImportNetwork("321002001", good, "good.osm", access::Caller::System()).ok());
  EXPECT_TRUE(service_->NetworkAreas(other_county)->empty());
  EXPECT_EQ(service_->NetworkAreas(CallerWith(access::Role::kCommunityWorker, kCommunityA))->size(),
            1u);
}

TEST_P(FacilityRepositoryTest, ImportIsAllOrNothingWithARowColumnReport) {
  tabular::Table table = FacilityService::ImportTemplate();
  table.rows.clear();
  table.rows.push_back({2,
                        {"东关党群服务中心", "党群服务中心", kCommunityA, "东关街1号", "32.39",
                         "119.43", "", "600", "500", "是", "", "", "", "运营中", "", ""}});
  table.rows.push_back({3,
                        {"托育点", "托育点", kCommunityA, "", "32.39", "119.43", "", "100", "150",
                         "是", "", "", "", "", "", ""}});
  table.rows.push_back({4,
                        {"无此社区的设施", "托育点", "321002001999", "", "32.39", "119.43", "",
                         "100", "80", "是", "", "", "", "", "", ""}});
  auto outcome = service_->Import(table, access::Caller::System());
  ASSERT_TRUE(outcome.ok()) << outcome.error().message;
  EXPECT_FALSE(outcome->written);
  ASSERT_EQ(outcome->problems.size(), 2u);
  EXPECT_EQ(outcome->problems[0].row, 3);
  EXPECT_EQ(outcome->problems[0].column, "服务活动面积");
  EXPECT_EQ(outcome->problems[0].cell, "I3");
  EXPECT_EQ(outcome->problems[1].row, 4);
  EXPECT_EQ(outcome->problems[1].column, "社区代码");
  EXPECT_TRUE(FacilityService::ErrorCopy(table, *outcome).ok());
  EXPECT_TRUE(repository_->AllFacilities("")->empty());

  table.rows.pop_back();
  table.rows[1].cells[8] = "80";
  outcome = service_->Import(table, access::Caller::System());
  ASSERT_TRUE(outcome.ok());
  EXPECT_TRUE(outcome->written);
  EXPECT_EQ(outcome->imported, 2);
  auto exported = service_->Export({}, access::Caller::System());
  ASSERT_TRUE(exported.ok());
  ASSERT_EQ(exported->rows.size(), 2u);
  EXPECT_EQ(exported->rows[0].cells[1], "党群服务中心");
}

TEST_P(FacilityRepositoryTest, CoverageAndStandardsByLevelInPagesOfPlaces) {
  MakeThreeBuildings();
  ASSERT_TRUE(service_->Create(Childcare(32.3899, 119.4300), access::Caller::System()).ok());
  ASSERT_TRUE(service_->ComputeAll().ok());
  const auto actor = access::Caller::System();
  auto places = [](const core::Page<CoverageRow>& page) {
    std::vector<std::string> codes;
    for (const auto& row : page.items) {
      if (codes.empty() || codes.back() != row.division_code) codes.push_back(row.division_code);
    }
    return codes;
  };
  core::PageRequest page;
  PlaceFilter one_down;
  one_down.depth = 1;
  // The town and its community (the only community with located buildings).
  auto town = service_->CoveragePlaces("childcare_5min", "321002001", one_down, page, actor);
  ASSERT_TRUE(town.ok()) << town.error().message;
  EXPECT_EQ(places(*town), (std::vector<std::string>{"321002001", kCommunityA}));
  EXPECT_FALSE(town->next_cursor);
  for (const auto& row : town->items) EXPECT_EQ(row.circle_code, "childcare_5min");
  // The city's own row and its counties only.
  auto city = service_->CoveragePlaces("childcare_5min", "3210", one_down, page, actor);
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(places(*city), (std::vector<std::string>{"3210", "321002"}));
  // Communities only, one place per page: each row of the place comes with it.
  PlaceFilter communities;
  communities.level = "community";
  page.limit = 1;
  auto first = service_->CoveragePlaces("", "3210", communities, page, actor);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(places(*first), (std::vector<std::string>{kCommunityA}));
  EXPECT_GE(first->items.size(), 5u);  // every circle, whole and per type
  EXPECT_FALSE(first->next_cursor);
  PlaceFilter bad;
  bad.level = "street";
  auto refused = service_->CoveragePlaces("", "3210", bad, page, actor);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().field, "level");

  // Standards: the town and one level down, two places a page.
  auto households = service_->CompliancePlaces("321002001", one_down, {}, actor);
  ASSERT_TRUE(households.ok()) << households.error().message;
  ASSERT_FALSE(households->places.empty());
  for (const auto& p : households->places) {
    EXPECT_TRUE(p.level == "town" || p.level == "community") << p.division_code;
  }
  for (const auto& s : households->shortfalls) {
    EXPECT_TRUE(s.level == "town" || s.level == "community") << s.division_code;
  }
  core::PageRequest small;
  small.limit = 1;
  auto page_one = service_->CompliancePlaces("3210", {}, small, actor);
  ASSERT_TRUE(page_one.ok());
  ASSERT_EQ(page_one->places.size(), 1u);
  EXPECT_EQ(page_one->places[0].division_code, "3210");
  ASSERT_TRUE(page_one->next_cursor);
  small.after = *core::DecodeCursor(*page_one->next_cursor);
  auto page_two = service_->CompliancePlaces("3210", {}, small, actor);
  ASSERT_TRUE(page_two.ok());
  ASSERT_EQ(page_two->places.size(), 1u);
  EXPECT_EQ(page_two->places[0].division_code, "321002");
}

// Issue 17: one community's data never makes its town, county or city complete. Every place
// says how many places below it have data and names those without.
TEST_P(FacilityRepositoryTest, PlacesWithoutDataMakeTheirTotalsPartial) {
  MakeThreeBuildings();  // community A only
  ASSERT_TRUE(service_->ComputeAll().ok());
  const auto actor = access::Caller::System();
  PlaceFilter one_down;
  one_down.depth = 1;
  auto city = service_->CoveragePlaces("childcare_5min", "3210", one_down, {}, actor);
  ASSERT_TRUE(city.ok()) << city.error().message;
  std::map<std::string, DataExtent> extents;
  for (const auto& row : city->items) {
    ASSERT_TRUE(row.extent) << row.division_code;
    extents[row.division_code] = *row.extent;
  }
  ASSERT_TRUE(extents.count("3210"));
  const DataExtent& whole = extents["3210"];
  EXPECT_EQ(whole.status, DataStatus::kPartial);
  EXPECT_EQ(whole.places_level, "county");
  EXPECT_EQ(whole.places_with_data, 1);
  EXPECT_GT(whole.places_total, 1);
  EXPECT_EQ(static_cast<int64_t>(whole.places_without_data.size()),
            whole.places_total - whole.places_with_data);
  EXPECT_NE(std::find(whole.places_without_data.begin(), whole.places_without_data.end(), "321023"),
            whole.places_without_data.end());
  EXPECT_EQ(whole.communities_with_data, 1);
  EXPECT_EQ(extents["321002"].status, DataStatus::kPartial);

  auto town = service_->CoveragePlaces("childcare_5min", "321002001", one_down, {}, actor);
  ASSERT_TRUE(town.ok());
  for (const auto& row : town->items) {
    ASSERT_TRUE(row.extent);
    if (row.division_code == kCommunityA) {
      EXPECT_EQ(row.extent->status, DataStatus::kComplete);
    } else {
      EXPECT_EQ(row.extent->status, DataStatus::kPartial);
      EXPECT_EQ(row.extent->places_level, "community");
      EXPECT_NE(std::find(row.extent->places_without_data.begin(),
                          row.extent->places_without_data.end(), kCommunityB),
                row.extent->places_without_data.end());
    }
  }

  // Standards: households in community A only.
  auto standards = service_->CompliancePlaces("3210", one_down, {}, actor);
  ASSERT_TRUE(standards.ok()) << standards.error().message;
  EXPECT_EQ(standards->extent.status, DataStatus::kPartial);
  EXPECT_EQ(standards->extent.places_with_data, 1);
  for (const auto& place : standards->places) {
    if (place.division_code == "3210" || place.division_code == "321002") {
      EXPECT_EQ(place.extent.status, DataStatus::kPartial) << place.division_code;
    }
  }
  auto empty = service_->CompliancePlaces("321023", one_down, {}, actor);
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->places.empty());
  EXPECT_TRUE(empty->shortfalls.empty());
  EXPECT_EQ(empty->extent.status, DataStatus::kNoData);
  EXPECT_EQ(empty->extent.places_with_data, 0);
  EXPECT_GT(empty->extent.places_total, 0);
}

TEST_P(FacilityRepositoryTest, CoordinatesFarFromTheCommunityAreRefused) {
  const auto actor = access::Caller::System();
  // No located building yet: nothing to compare with, the facility is accepted.
  ASSERT_TRUE(service_->Create(Childcare(32.60, 119.43), actor).ok());
  MakeThreeBuildings();
  auto bounds = repository_->PlaceBuildingBounds(kCommunityA);
  ASSERT_TRUE(bounds.ok());
  EXPECT_EQ(bounds->buildings, 3);
  EXPECT_DOUBLE_EQ(bounds->min_lat, 32.3902);
  EXPECT_DOUBLE_EQ(bounds->max_lon, 119.4390);
  // 2 km east of the buildings: fine. 20 km north: refused on the coordinates.
  ASSERT_TRUE(service_->Create(Childcare(32.3902, 119.4600), actor).ok());
  auto far = service_->Create(Childcare(32.5700, 119.4300), actor);
  ASSERT_FALSE(far.ok());
  EXPECT_EQ(far.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(far.error().field, "lat");
  EXPECT_NE(far.error().message.find("公里"), std::string::npos);
  // Moving a facility far away is refused; editing its name where it stands is not.
  auto near = service_->Create(Childcare(32.3905, 119.4310), actor);
  ASSERT_TRUE(near.ok());
  FacilityPatch move;
  move.lat = 32.60;
  auto moved = service_->Update(near->id, move, actor);
  ASSERT_FALSE(moved.ok());
  EXPECT_EQ(moved.error().field, "lat");
  auto listed = repository_->AllFacilities("");
  ASSERT_TRUE(listed.ok());
  const Facility old_one = listed->front();  // the one from before the buildings
  FacilityPatch rename;
  rename.name = "改名的托育点";
  EXPECT_TRUE(service_->Update(old_one.id, rename, actor).ok());
  // Imports report the row and the 纬度 column.
  tabular::Table table = FacilityService::ImportTemplate();
  table.rows.clear();
  table.rows.push_back({2,
                        {"远处的托育点", "托育点", kCommunityA, "", "32.57", "119.43", "", "100",
                         "80", "是", "", "", "", "", "", ""}});
  auto outcome = service_->Import(table, actor);
  ASSERT_TRUE(outcome.ok());
  ASSERT_EQ(outcome->problems.size(), 1u);
  EXPECT_EQ(outcome->problems[0].column, "纬度");
  EXPECT_EQ(outcome->problems[0].cell, "E2");
}

TEST_P(FacilityRepositoryTest, MalformedCursorIsInvalidArgument) {
  for (const char* after : {"abc", "12abc", "-3"}) {
    storage::ExpectCursorRefused(
        repository_->ListFacilities(FacilityQuery{}, core::Scope::Everything(), {10, after}),
        after);
  }
  const std::string after = "\xff\xfe";
  storage::ExpectCursorRefused(
      repository_->CoveragePage("", "3210", {}, core::Scope::Everything(), {10, after}), after);
}

INSTANTIATE_TEST_SUITE_P(Engines, FacilityRepositoryTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Postgres" : "Sqlite"; });

}  // namespace
}  // namespace linli::facilities
