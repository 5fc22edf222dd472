// Calls the route handlers directly with Requests, on services over a SQLite test database
// holding the fixture divisions (a test-only link to storage).
#include "http/divisions/division_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <map>
#include <optional>

#include "domain/divisions/division_importer.hpp"
#include "http/testing/route_call.hpp"
#include "storage/divisions/division_repositories.hpp"
#include "storage/testing/test_database.hpp"

namespace linli::http {
namespace {

namespace json = boost::json;

class DivisionRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = storage::OpenTestDatabase(false);
    ASSERT_TRUE(database.ok()) << database.error().message;
    database_ = std::move(database).value();
    division_repository_ = storage::MakeSqlDivisionRepository(database_->database());
    divisions::DivisionImporter importer(*division_repository_, clock_, {});
    ASSERT_TRUE(importer.Import("3210", LINLI_DIVISIONS_TESTDATA).ok());
    divisions_ = std::make_unique<divisions::DivisionService>(*division_repository_, clock_);
    routes_ = DivisionRoutes(*divisions_, {"3210", "", {}});
  }

  core::Result<Response> Call(const std::string& method, const std::string& pattern,
                              std::map<std::string, std::string> path_params,
                              access::RoleGrant grant, std::string body = "",
                              std::multimap<std::string, std::string> query = {}) {
    return testing::CallRoute(routes_, method, pattern, std::move(path_params), std::move(grant),
                              std::move(body), std::move(query));
  }

  static json::object Body(const core::Result<Response>& response) {
    return testing::BodyOf(response);
  }

  const access::RoleGrant admin_{access::Role::kCityAdmin, "3210", ""};
  const access::RoleGrant town_{access::Role::kTownOfficial, "321002001", ""};
  core::ManualClock clock_{1'767'225'600'000};
  std::unique_ptr<storage::TestDatabase> database_;
  std::unique_ptr<divisions::DivisionRepository> division_repository_;
  std::unique_ptr<divisions::DivisionService> divisions_;
  std::vector<Route> routes_;
};

TEST_F(DivisionRoutesTest, DeclaresEveryDocumentedRouteWithItsPermission) {
  std::map<std::string, std::optional<access::Permission>> expected = {
      {"GET /api/v1/deployment", std::nullopt},     // public: the sign-in page shows the title
      {"GET /api/v1/places/{code}", std::nullopt},  // public: the service guide's picker
      {"GET /api/v1/divisions/{code}", access::Permission::kDivisionsRead},
      {"GET /api/v1/divisions", access::Permission::kDivisionsRead},
      {"PATCH /api/v1/divisions/{code}", access::Permission::kDivisionsManage},
      {"GET /api/v1/divisions/{code}/unresolved", access::Permission::kDivisionsManage},
      {"GET /api/v1/divisions/{code}/outlines", access::Permission::kDivisionsRead},
  };
  ASSERT_EQ(routes_.size(), expected.size());
  for (const auto& route : routes_) {
    auto it = expected.find(route.method + " " + route.pattern);
    ASSERT_NE(it, expected.end()) << route.pattern;
    EXPECT_EQ(route.permission, it->second) << route.pattern;
  }
}

// Issue 17 item 4: the guide's picker walks public names — no counts, no grids, this city only.
TEST_F(DivisionRoutesTest, PublicPlacesAreNamesOfTheCityOnly) {
  // Even a town official (scope one town) sees the whole city's names through this route.
  auto city = Call("GET", "/api/v1/places/{code}", {{"code", "3210"}}, town_);
  ASSERT_TRUE(city.ok()) << city.error().message;
  const json::object body = Body(city);
  EXPECT_EQ(body.at("level").as_string(), "city");
  EXPECT_FALSE(body.contains("counts"));
  ASSERT_FALSE(body.at("children").as_array().empty());
  for (const auto& child : body.at("children").as_array()) {
    EXPECT_FALSE(child.as_object().contains("counts"));
    EXPECT_EQ(child.as_object().at("level").as_string(), "county");
  }
  EXPECT_EQ(Call("GET", "/api/v1/places/{code}", {{"code", "3201"}}, town_).error().code,
            core::ErrorCode::kNotFound);
  EXPECT_EQ(Call("GET", "/api/v1/places/{code}", {{"code", "321002001002001"}}, town_).error().code,
            core::ErrorCode::kNotFound);
}

// Issue 16 item 6: the title comes from the data, and a configured display name wins.
TEST_F(DivisionRoutesTest, DeploymentNamesTheCityFromTheData) {
  auto answer = Call("GET", "/api/v1/deployment", {}, admin_);
  ASSERT_TRUE(answer.ok()) << answer.error().message;
  EXPECT_EQ(Body(answer)["city_code"].as_string(), "3210");
  EXPECT_EQ(Body(answer)["city_name"].as_string(), "扬州市");
  EXPECT_EQ(Body(answer)["title"].as_string(), "扬州市社区服务系统");
  routes_ = DivisionRoutes(*divisions_, {"3210", "邗江社区服务平台", {}});
  EXPECT_EQ(Body(Call("GET", "/api/v1/deployment", {}, admin_))["title"].as_string(),
            "邗江社区服务平台");
}

// Issue 17: the base map is the server's setting, sent with the deployment (offline by default).
TEST_F(DivisionRoutesTest, DeploymentGivesTheBaseMap) {
  auto offline = Body(Call("GET", "/api/v1/deployment", {}, admin_));
  EXPECT_EQ(offline["base_map"].as_object()["provider"].as_string(), "none");
  EXPECT_TRUE(offline["base_map"].as_object()["layers"].as_array().empty());

  BaseMapSettings settings;
  settings.provider = "tianditu";
  settings.tianditu_key = "browserkey123";
  auto base_map = MakeBaseMap(settings);
  ASSERT_TRUE(base_map.ok());
  routes_ = DivisionRoutes(*divisions_, {"3210", "", *base_map});
  auto answer = Body(Call("GET", "/api/v1/deployment", {}, admin_));
  auto tianditu = answer["base_map"].as_object();
  EXPECT_EQ(tianditu["provider"].as_string(), "tianditu");
  EXPECT_EQ(tianditu["datum"].as_string(), "wgs84");
  auto layers = tianditu["layers"].as_array();
  ASSERT_EQ(layers.size(), 2u);
  EXPECT_EQ(layers[0].as_object().at("role").as_string(), "base");
  EXPECT_NE(std::string(layers[0].as_object().at("url").as_string()).find("tk=browserkey123"),
            std::string::npos);
  EXPECT_EQ(layers[1].as_object().at("role").as_string(), "labels");
  EXPECT_EQ(answer["title"].as_string(), "扬州市社区服务系统");
}

TEST_F(DivisionRoutesTest, DivisionJsonAsDocumented) {
  auto city = Call("GET", "/api/v1/divisions/{code}", {{"code", "3210"}}, admin_);
  ASSERT_TRUE(city.ok()) << city.error().message;
  auto body = Body(city);
  EXPECT_EQ(body["name"].as_string(), "扬州市");
  EXPECT_EQ(body["level"].as_string(), "city");
  EXPECT_TRUE(body["kind"].is_null());
  EXPECT_EQ(body["path"].as_array()[0].as_object()["code"].as_string(), "32");
  EXPECT_EQ(body["counts"].as_object()["counties"].as_int64(), 4);
  EXPECT_EQ(body["counts"].as_object()["communities"].as_int64(), 7);
  EXPECT_EQ(body["children"].as_array().size(), 4u);
  EXPECT_EQ(body["children"].as_array()[0].as_object()["kind"].as_string(), "district");

  auto scoped = Call("GET", "/api/v1/divisions/{code}", {{"code", "3210"}}, town_);
  EXPECT_EQ(Body(scoped)["children"].as_array().size(), 1u);
  auto other = Call("GET", "/api/v1/divisions/{code}", {{"code", "321081"}}, town_);
  EXPECT_EQ(other.error().code, core::ErrorCode::kNotFound);

  auto search = Call("GET", "/api/v1/divisions", {}, admin_, "", {{"q", "东关"}});
  ASSERT_TRUE(search.ok());
  auto item = Body(search)["items"].as_array()[0].as_object();
  EXPECT_EQ(item["path_name"].as_string(), "扬州市 广陵区 东关街道");
  EXPECT_TRUE(Body(search)["next_cursor"].is_null());

  auto bad_kind = Call("PATCH", "/api/v1/divisions/{code}", {{"code", "321002100202"}}, admin_,
                       R"({"kind":"castle"})");
  EXPECT_EQ(bad_kind.error().code, core::ErrorCode::kValidationFailed);
  auto set = Call("PATCH", "/api/v1/divisions/{code}", {{"code", "321002100202"}}, admin_,
                  R"({"kind":"village"})");
  ASSERT_TRUE(set.ok()) << set.error().message;
  EXPECT_EQ(Body(set)["kind"].as_string(), "village");
  EXPECT_TRUE(Body(set)["grids"].is_array());
  auto unresolved = Call("GET", "/api/v1/divisions/{code}/unresolved", {{"code", "3210"}}, admin_);
  EXPECT_EQ(Body(unresolved)["items"].as_array().size(), 1u);
}

}  // namespace
}  // namespace linli::http
