// Calls the people route handlers directly with Requests, on the real services over a SQLite
// test database holding the fixture divisions and grids.
#include "http/people/people_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "http/testing/route_call.hpp"
#include "storage/testing/people_fixture.hpp"

namespace linli::http {
namespace {

namespace json = boost::json;
using namespace linli::people::testing;  // NOLINT(google-build-using-namespace)

class PeopleRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = f_.Open(false);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    routes_ = PeopleRoutes(*f_.residents_, *f_.households_, *f_.buildings_);
  }

  core::Result<Response> Call(const std::string& method, const std::string& pattern,
                              std::map<std::string, std::string> path_params,
                              access::RoleGrant grant, std::string body = "",
                              std::multimap<std::string, std::string> query = {}) {
    return testing::CallRoute(routes_, method, pattern, std::move(path_params), std::move(grant),
                              std::move(body), std::move(query), /*account_id=*/3);
  }

  static json::object Body(const core::Result<Response>& response) {
    return testing::BodyOf(response);
  }

  const access::RoleGrant admin_{access::Role::kCityAdmin, "3210", ""};
  const access::RoleGrant grid_worker_{access::Role::kGridWorker, kGridA1, ""};
  const access::RoleGrant other_grid_{access::Role::kGridWorker, kGridA2, ""};
  PeopleFixture f_;
  std::vector<Route> routes_;
};

TEST_F(PeopleRoutesTest, DeclaresEveryRouteWithItsPermission) {
  using P = access::Permission;
  std::map<std::string, P> expected = {
      {"GET /api/v1/residents", P::kPeopleRead},
      {"GET /api/v1/residents/counts", P::kPeopleRead},
      {"GET /api/v1/residents/{id}", P::kPeopleRead},
      {"POST /api/v1/residents", P::kPeopleManage},
      {"POST /api/v1/residents/{id}/reveal", P::kPeoplePersonalData},
      {"PATCH /api/v1/residents/{id}", P::kPeopleManage},
      {"POST /api/v1/residents/{id}/move", P::kPeopleManage},
      {"POST /api/v1/residents/{id}/status", P::kPeopleManage},
      {"POST /api/v1/residents/{id}/tags", P::kPeopleManage},
      {"POST /api/v1/residents/{id}/tags/{tag_id}/end", P::kPeopleManage},
      {"GET /api/v1/tag-definitions", P::kPeopleRead},
      {"POST /api/v1/tag-definitions", P::kPeopleManage},
      {"GET /api/v1/households", P::kPeopleRead},
      {"GET /api/v1/households/{id}", P::kPeopleRead},
      {"GET /api/v1/me/household", P::kSelfHousehold},
      {"POST /api/v1/households", P::kPeopleManage},
      {"GET /api/v1/buildings", P::kPeopleRead},
      {"GET /api/v1/buildings/{id}", P::kPeopleRead},
      {"POST /api/v1/buildings", P::kPeopleManage},
      {"PATCH /api/v1/buildings/{id}", P::kPeopleManage},
      {"PATCH /api/v1/households/{id}", P::kPeopleManage},
      {"POST /api/v1/households/{id}/close", P::kPeopleManage},
  };
  ASSERT_EQ(routes_.size(), expected.size());
  for (const auto& route : routes_) {
    auto it = expected.find(route.method + " " + route.pattern);
    ASSERT_NE(it, expected.end()) << route.pattern;
    EXPECT_EQ(route.permission, it->second) << route.pattern;
  }
}

TEST_F(PeopleRoutesTest, BuildingHouseholdResidentFlowWithDocumentedShapes) {
  auto building = Call("POST", "/api/v1/buildings", {}, admin_,
                       R"({"community_code":"321002001001","grid_code":"321002001001001",
                           "address":"琼花路8号","lat":32.4,"lon":119.43,"kind":"mixed","floors":18})");
  ASSERT_TRUE(building.ok()) << building.error().message;
  EXPECT_EQ(building->status, 201);
  auto b = Body(building);
  EXPECT_EQ(b.at("kind").as_string(), "mixed");
  EXPECT_EQ(b.at("micro_grid_code"), nullptr);
  EXPECT_DOUBLE_EQ(b.at("lat").as_double(), 32.4);

  auto bad = Call("POST", "/api/v1/buildings", {}, admin_,
                  R"({"community_code":"321002001001","grid_code":"321002001001001",
                      "address":"x","lat":60,"lon":119,"floors":3})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "lat");

  const std::string building_id = std::to_string(b.at("id").as_int64());
  auto household =
      Call("POST", "/api/v1/households", {}, admin_,
           R"({"building_id":)" + building_id + R"(,"room":"1201","type":"registered"})");
  ASSERT_TRUE(household.ok()) << household.error().message;
  const int64_t household_id = Body(household).at("id").as_int64();

  const std::string id_number = MakeIdNumber("19500301", 17);
  auto created =
      Call("POST", "/api/v1/residents", {}, admin_,
           R"({"name":"钱明","id_number":")" + id_number +
               R"(","phone":"13800001111","ethnicity":"01","status":"registered_resident",
                          "status_since":"2010-01-01","household_id":)" +
               std::to_string(household_id) + R"(,"relation":"head"})");
  ASSERT_TRUE(created.ok()) << created.error().message;
  EXPECT_EQ(created->status, 201);
  auto r = Body(created);
  for (const char* key :
       {"id", "name", "id_number", "phone", "sex", "birth_date", "age", "ethnicity", "status",
        "status_since", "household_id", "relation", "community_code", "grid_code", "building_id",
        "tags", "synthetic", "created_at", "updated_at"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  EXPECT_EQ(r.at("sex").as_string(), "male");
  EXPECT_TRUE(r.at("birth_date").is_null());  // masked for every role
  EXPECT_EQ(r.at("age").as_int64(), 75);
  EXPECT_EQ(r.at("ethnicity").at("name").as_string(), "汉族");
  EXPECT_EQ(r.at("grid_code").as_string(), kGridA1);
  EXPECT_EQ(r.at("relation").as_string(), "head");
  EXPECT_EQ(r.at("building_id").as_int64(), b.at("id").as_int64());
  EXPECT_EQ(r.at("id_number").as_string(), identity::MaskIdNumber(id_number));
  const std::string id = std::to_string(r.at("id").as_int64());
  // 点击查看: city_admin holds people.personal_data and reveals one field at a time.
  auto revealed = Call("POST", "/api/v1/residents/{id}/reveal", {{"id", id}}, admin_,
                       R"({"field":"birth_date"})");
  ASSERT_TRUE(revealed.ok()) << revealed.error().message;
  EXPECT_EQ(Body(revealed).at("value").as_string(), "1950-03-01");
  auto refused = Call("POST", "/api/v1/residents/{id}/reveal", {{"id", id}}, grid_worker_,
                      R"({"field":"id_number"})");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, core::ErrorCode::kPermissionDenied);

  auto duplicate =
      Call("POST", "/api/v1/residents", {}, admin_,
           R"({"name":"钱明","id_number":")" + id_number + R"(","grid_code":"321002001001001"})");
  ASSERT_FALSE(duplicate.ok());
  EXPECT_EQ(duplicate.error().code, core::ErrorCode::kAlreadyExists);
  EXPECT_EQ(duplicate.error().field, "id_number");

  // A grid worker sees it masked; another grid's worker does not see it at all.
  auto masked = Call("GET", "/api/v1/residents/{id}", {{"id", id}}, grid_worker_);
  ASSERT_TRUE(masked.ok());
  auto m = Body(masked);
  EXPECT_EQ(m.at("id_number").as_string(), identity::MaskIdNumber(id_number));
  EXPECT_EQ(m.at("phone").as_string(), "138****1111");
  ASSERT_EQ(m.at("history").as_array().size(), 1u);
  EXPECT_EQ(m.at("history").as_array()[0].at("event").as_string(), "move_in");
  auto hidden = Call("GET", "/api/v1/residents/{id}", {{"id", id}}, other_grid_);
  ASSERT_FALSE(hidden.ok());
  EXPECT_EQ(hidden.error().code, core::ErrorCode::kNotFound);
  auto nonsense = Call("GET", "/api/v1/residents/{id}", {{"id", "abc"}}, admin_);
  ASSERT_FALSE(nonsense.ok());
  EXPECT_EQ(nonsense.error().code, core::ErrorCode::kNotFound);

  // Tags, search, counts.
  auto tag = Call("POST", "/api/v1/residents/{id}/tags", {{"id", id}}, grid_worker_,
                  R"({"code":"elderly_alone","valid_from":"2025-01-01","source":"社区走访"})");
  ASSERT_TRUE(tag.ok()) << tag.error().message;
  EXPECT_EQ(tag->status, 201);
  auto t = Body(tag);
  EXPECT_EQ(t.at("name").as_string(), "独居老人");
  EXPECT_EQ(t.at("category").as_string(), "elderly");
  EXPECT_EQ(t.at("valid_until"), nullptr);

  auto search = Call("GET", "/api/v1/residents", {}, grid_worker_, "",
                     {{"tag", "elderly_alone"}, {"age_min", "60"}, {"sort", "-age"}});
  ASSERT_TRUE(search.ok()) << search.error().message;
  auto s = Body(search);
  ASSERT_EQ(s.at("items").as_array().size(), 1u);
  EXPECT_EQ(s.at("next_cursor"), nullptr);
  auto by_phone =
      Call("GET", "/api/v1/residents", {}, grid_worker_, "", {{"phone", "138-0000-1111"}});
  ASSERT_TRUE(by_phone.ok());
  EXPECT_EQ(Body(by_phone).at("items").as_array().size(), 1u);
  auto bad_sort = Call("GET", "/api/v1/residents", {}, grid_worker_, "", {{"sort", "height"}});
  ASSERT_FALSE(bad_sort.ok());
  EXPECT_EQ(bad_sort.error().field, "sort");

  auto counts =
      Call("GET", "/api/v1/residents/counts", {}, grid_worker_, "", {{"division", "321002001001"}});
  ASSERT_TRUE(counts.ok()) << counts.error().message;
  auto c = Body(counts);
  EXPECT_EQ(c.at("total").as_int64(), 1);
  EXPECT_EQ(c.at("by_tag").at("elderly_alone").as_int64(), 1);
  EXPECT_EQ(c.at("by_status").at("registered_resident").as_int64(), 1);
  EXPECT_EQ(c.at("by_age_group").at("60+").as_int64(), 1);
  auto outside_counts =
      Call("GET", "/api/v1/residents/counts", {}, grid_worker_, "", {{"division", "321023"}});
  ASSERT_FALSE(outside_counts.ok());
  EXPECT_EQ(outside_counts.error().code, core::ErrorCode::kNotFound);

  // Move, status, household members.
  auto moved = Call("POST", "/api/v1/residents/{id}/move", {{"id", id}}, admin_,
                    R"({"grid_code":"321002001001002","date":"2025-06-01"})");
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  EXPECT_EQ(Body(moved).at("grid_code").as_string(), kGridA2);
  EXPECT_EQ(Body(moved).at("household_id"), nullptr);
  auto status = Call("POST", "/api/v1/residents/{id}/status", {{"id", id}}, admin_,
                     R"({"status":"away","date":"2025-09-01"})");
  ASSERT_TRUE(status.ok()) << status.error().message;
  EXPECT_EQ(Body(status).at("status").as_string(), "away");
  auto detail = Call("GET", "/api/v1/residents/{id}", {{"id", id}}, admin_);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(Body(detail).at("history").as_array().size(), 3u);
  auto house =
      Call("GET", "/api/v1/households/{id}", {{"id", std::to_string(household_id)}}, admin_);
  ASSERT_TRUE(house.ok());
  EXPECT_EQ(Body(house).at("head_id"), nullptr);
  EXPECT_TRUE(Body(house).at("members").as_array().empty());

  auto patch = Call("PATCH", "/api/v1/residents/{id}", {{"id", id}}, admin_,
                    R"({"name":"钱明明","phone":null})");
  ASSERT_TRUE(patch.ok()) << patch.error().message;
  EXPECT_EQ(Body(patch).at("name").as_string(), "钱明明");
  EXPECT_EQ(Body(patch).at("phone"), nullptr);

  auto definitions = Call("GET", "/api/v1/tag-definitions", {}, grid_worker_);
  ASSERT_TRUE(definitions.ok());
  EXPECT_EQ(Body(definitions).at("items").as_array().size(), 18u);
  auto define = Call("POST", "/api/v1/tag-definitions", {}, grid_worker_,
                     R"({"code":"x_tag","name":"测试","category":"other"})");
  ASSERT_FALSE(define.ok());
  EXPECT_EQ(define.error().code, core::ErrorCode::kPermissionDenied);

  auto list = Call("GET", "/api/v1/buildings", {}, other_grid_, "", {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(Body(list).at("items").as_array().empty());
}

}  // namespace
}  // namespace linli::http
