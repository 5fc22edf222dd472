// Calls the route handlers directly with Requests, on the grid service over a SQLite test
// database holding the fixture divisions (a test-only link to storage).
#include "http/grids/grid_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "http/divisions/division_routes.hpp"
#include "http/testing/route_call.hpp"
#include "storage/testing/divisions_fixture.hpp"

namespace linli::http {
namespace {

namespace json = boost::json;

class GridRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = divisions_.OpenDivisions(false);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    auto imported = divisions_.ImportDivisions("3210");
    ASSERT_TRUE(imported.ok()) << imported.error().message;
    routes_ = GridRoutes(*divisions_.grids_);
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
  storage::DivisionsFixture divisions_;
  std::vector<Route> routes_;
};

// The grid tests keep the suite name they had in http/divisions, so that test names stay the
// same across the move.
using DivisionRoutesTest = GridRoutesTest;

TEST_F(GridRoutesTest, DeclaresEveryDocumentedRouteWithItsPermission) {
  std::map<std::string, access::Permission> expected = {
      {"GET /api/v1/grids", access::Permission::kGridsRead},
      {"GET /api/v1/grids/{code}", access::Permission::kGridsRead},
      {"POST /api/v1/grids", access::Permission::kGridsManage},
      {"PATCH /api/v1/grids/{code}", access::Permission::kGridsManage},
      {"POST /api/v1/grids/{code}/close", access::Permission::kGridsManage},
  };
  ASSERT_EQ(routes_.size(), expected.size());
  for (const auto& route : routes_) {
    auto it = expected.find(route.method + " " + route.pattern);
    ASSERT_NE(it, expected.end()) << route.pattern;
    EXPECT_EQ(route.permission, it->second) << route.pattern;
  }
}

TEST_F(DivisionRoutesTest, GridJsonAsDocumented) {
  auto created = Call("POST", "/api/v1/grids", {}, admin_,
                      R"({"community_code":"321002001002","name":"一网格","kind":"ordinary",)"
                      R"("planned_households":300,"valid_from":"2026-01-01"})");
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->status, 201);
  auto grid = Body(created);
  EXPECT_EQ(grid["code"].as_string(), "321002001002001");
  EXPECT_EQ(grid["level"].as_string(), "grid");
  EXPECT_TRUE(grid["parent_code"].is_null());
  EXPECT_TRUE(grid["valid_until"].is_null());
  EXPECT_EQ(grid["status"].as_string(), "active");
  EXPECT_EQ(grid["planned_households"].as_int64(), 300);

  auto wrong_type =
      Call("POST", "/api/v1/grids", {}, admin_,
           R"({"community_code":"321002001002","name":"x","planned_households":"many"})");
  EXPECT_EQ(wrong_type.error().code, core::ErrorCode::kInvalidArgument);
  auto got = Call("GET", "/api/v1/grids/{code}", {{"code", "321002001002001"}}, admin_);
  EXPECT_TRUE(Body(got)["micro_grids"].as_array().empty());
  auto closed = Call("POST", "/api/v1/grids/{code}/close", {{"code", "321002001002001"}}, admin_,
                     R"({"valid_until":"2026-06-30"})");
  ASSERT_TRUE(closed.ok()) << closed.error().message;
  EXPECT_EQ(Body(closed)["valid_until"].as_string(), "2026-06-30");
  auto history = Call("GET", "/api/v1/grids", {}, admin_, "",
                      {{"community", "321002001002"}, {"on", "2026-03-01"}});
  EXPECT_EQ(Body(history)["items"].as_array().size(), 1u);
  auto active = Call("GET", "/api/v1/grids", {}, admin_, "", {{"community", "321002001002"}});
  EXPECT_TRUE(Body(active)["items"].as_array().empty());
}

// Issue 17: a grid worker's scope is a grid code, and the division browser starts there. The
// division route answers a grid as a place (its name, its community in the path); other
// grids, closed grids and micro-grid codes do not answer.
TEST_F(GridRoutesTest, TheDivisionRouteShowsAGridToItsWorker) {
  auto created = Call("POST", "/api/v1/grids", {}, admin_,
                      R"({"community_code":"321002001002","name":"一网格","kind":"ordinary",)"
                      R"("planned_households":300,"valid_from":"2026-01-01"})");
  ASSERT_TRUE(created.ok()) << created.error().message;
  ASSERT_TRUE(Call("POST", "/api/v1/grids", {}, admin_,
                   R"({"community_code":"321002001002","name":"二网格","kind":"ordinary"})")
                  .ok());
  const std::vector<Route> division_routes = DivisionRoutes(*divisions_.divisions_, {"3210", ""});
  auto view = [&](const std::string& code, const access::RoleGrant& grant) {
    return testing::CallRoute(division_routes, "GET", "/api/v1/divisions/{code}", {{"code", code}},
                              grant, "", {});
  };
  const access::RoleGrant worker{access::Role::kGridWorker, "321002001002001", ""};
  auto grid = view("321002001002001", worker);
  ASSERT_TRUE(grid.ok()) << grid.error().message;
  auto body = Body(grid);
  EXPECT_EQ(body["level"].as_string(), "grid");
  EXPECT_EQ(body["name"].as_string(), "一网格");
  EXPECT_EQ(body["kind"].as_string(), "ordinary");
  EXPECT_EQ(body["community_code"].as_string(), "321002001002");
  EXPECT_EQ(body["grid"].as_object()["planned_households"].as_int64(), 300);
  const auto& path = body["path"].as_array();
  ASSERT_FALSE(path.empty());
  EXPECT_EQ(path.back().as_object().at("code").as_string(), "321002001002");
  EXPECT_EQ(path.back().as_object().at("level").as_string(), "community");
  EXPECT_TRUE(body["children"].as_array().empty());
  // The community page shows the worker only their own grid.
  auto community = view("321002001002", worker);
  ASSERT_TRUE(community.ok()) << community.error().message;
  EXPECT_EQ(Body(community)["grids"].as_array().size(), 1u);

  EXPECT_EQ(view("321002001002002", worker).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(view("321002001002009", admin_).error().code, core::ErrorCode::kNotFound);
  EXPECT_EQ(view("32100200100200101", admin_).error().code, core::ErrorCode::kInvalidArgument);
  ASSERT_TRUE(Call("POST", "/api/v1/grids/{code}/close", {{"code", "321002001002001"}}, admin_,
                   R"({"valid_until":"2026-06-30"})")
                  .ok());
  EXPECT_EQ(view("321002001002001", admin_).error().code, core::ErrorCode::kNotFound);
}

}  // namespace
}  // namespace linli::http
