#include "domain/events/routing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace linli::events {
namespace {

// 广陵区 321002, 汶河街道 321002001, a community 321002001001 and one of its grids.
constexpr char kRules[] = R"({"rules": [
  {"id": "default", "target": {"level": "community"}},
  {"id": "environment", "category": "environment", "target": {"level": "community"}},
  {"id": "garbage-guangling", "category": "environment.garbage", "area_prefix": "321002",
   "target": {"level": "town"}, "copy_to": [{"level": "community"}]},
  {"id": "garbage-wenhe", "category": "environment.garbage", "area_prefix": "321002001",
   "target": {"level": "department", "department": "区城管局"}},
  {"id": "urgent-up", "urgency": "urgent", "area_prefix": "3210", "skip_level": true,
   "target": {"level": "county"}, "copy_to": [{"level": "community"}, {"level": "town"}]},
  {"id": "gas-urgent", "category": "safety.gas", "urgency": "urgent", "skip_level": true,
   "target": {"level": "department", "department": "市住建局"},
   "copy_to": [{"level": "town"}, {"level": "department", "department": "市应急管理局"}]}
]})";

Router Load() {
  auto router = Router::FromJson(kRules);
  EXPECT_TRUE(router.ok()) << (router.ok() ? ""
                                           : router.error().message + " @ " + router.error().field);
  return router.ok() ? std::move(router).value() : *Router::Create({});
}

TEST(RouterTest, MostSpecificRuleWins) {
  const Router router = Load();
  // Nothing special: the catch-all.
  auto decision = router.Route({"civil.dispute", "321002001001", Urgency::kNormal});
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->rule_id, "default");
  EXPECT_EQ(decision->target, (ResolvedTarget{TargetLevel::kCommunity, "321002001001", ""}));
  // A parent category matches its children.
  decision = router.Route({"environment.noise", "321002001001", Urgency::kNormal});
  EXPECT_EQ(decision->rule_id, "environment");
  // Garbage in 广陵区 outside 汶河街道: the county-wide rule; inside: the town-level one.
  decision = router.Route({"environment.garbage", "321002002003", Urgency::kNormal});
  EXPECT_EQ(decision->rule_id, "garbage-guangling");
  EXPECT_EQ(decision->target, (ResolvedTarget{TargetLevel::kTown, "321002002", ""}));
  ASSERT_EQ(decision->copies.size(), 1u);
  EXPECT_EQ(decision->copies[0], (ResolvedTarget{TargetLevel::kCommunity, "321002002003", ""}));
  decision = router.Route({"environment.garbage", "321002001001005", Urgency::kNormal});  // grid
  EXPECT_EQ(decision->rule_id, "garbage-wenhe");
  EXPECT_EQ(decision->target, (ResolvedTarget{TargetLevel::kDepartment, "", "区城管局"}));
  // Garbage elsewhere in the city: the category rule beats nothing more specific.
  decision = router.Route({"environment.garbage", "321003001001", Urgency::kNormal});
  EXPECT_EQ(decision->rule_id, "environment");
  // "environmental" is not a child of "environment".
  decision = router.Route({"environmental", "321003001001", Urgency::kNormal});
  EXPECT_EQ(decision->rule_id, "default");
}

TEST(RouterTest, CategoryBeatsAreaAndUrgency) {
  const Router router = Load();
  // Urgent garbage in 汶河街道: the category rule (2 segments) beats the urgent skip-level rule.
  auto decision = router.Route({"environment.garbage", "321002001001", Urgency::kUrgent});
  EXPECT_EQ(decision->rule_id, "garbage-wenhe");
  // Urgent, uncategorised: skip-level to the county, copying community and town.
  decision = router.Route({"civil.dispute", "321002001001", Urgency::kUrgent});
  ASSERT_TRUE(decision.ok());
  EXPECT_EQ(decision->rule_id, "urgent-up");
  EXPECT_TRUE(decision->skip_level);
  EXPECT_EQ(decision->target, (ResolvedTarget{TargetLevel::kCounty, "321002", ""}));
  EXPECT_EQ(decision->copies,
            (std::vector<ResolvedTarget>{{TargetLevel::kCommunity, "321002001001", ""},
                                         {TargetLevel::kTown, "321002001", ""}}));
  // Urgent gas leak anywhere: straight to the city department, copying the town and 应急管理局.
  decision = router.Route({"safety.gas", "321081101201", Urgency::kUrgent});
  EXPECT_EQ(decision->rule_id, "gas-urgent");
  EXPECT_EQ(decision->target.department, "市住建局");
  ASSERT_EQ(decision->copies.size(), 2u);
  EXPECT_EQ(decision->copies[0].division_code, "321081101");
  EXPECT_EQ(decision->copies[1].department, "市应急管理局");
  // The same gas leak, not urgent, in Yangzhou: no gas rule; default.
  decision = router.Route({"safety.gas", "321081101201", Urgency::kNormal});
  EXPECT_EQ(decision->rule_id, "default");
  // Outside Yangzhou the urgent rule does not apply.
  decision = router.Route({"civil.dispute", "320102001001", Urgency::kUrgent});
  EXPECT_EQ(decision->rule_id, "default");
}

TEST(RouterTest, RulesAreSortedMostSpecificFirst) {
  const Router router = Load();
  ASSERT_EQ(router.rules().size(), 6u);
  EXPECT_EQ(router.rules().front().id, "garbage-wenhe");
  EXPECT_EQ(router.rules().back().id, "default");
}

TEST(RouterTest, BadQueries) {
  const Router router = Load();
  auto town = router.Route({"civil.dispute", "321002001", Urgency::kNormal});
  ASSERT_FALSE(town.ok());
  EXPECT_EQ(town.error().field, "division_code");
  EXPECT_FALSE(router.Route({"civil.dispute", "32100200100x", Urgency::kNormal}).ok());
  RoutingRule only_environment;
  only_environment.id = "only-env";
  only_environment.category = "environment";
  auto none = Router::Create({only_environment});
  ASSERT_TRUE(none.ok());
  auto missing = none->Route({"civil.dispute", "321002001001", Urgency::kNormal});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, core::ErrorCode::kNotFound);
}

core::Error RuleError(const std::string& rules) {
  auto router = Router::FromJson(R"({"rules": [)" + rules + "]}");
  EXPECT_FALSE(router.ok()) << rules;
  return router.ok() ? core::Error{} : router.error();
}

TEST(RouterTest, InvalidRules) {
  EXPECT_EQ(RuleError(R"({"id": "a", "target": {"level": "galaxy"}})").field,
            "rules[0].target.level");
  EXPECT_EQ(RuleError(R"({"id": "a", "target": {"level": "department"}})").field,
            "rules[0].target.department");
  EXPECT_EQ(RuleError(R"({"id": "a", "area_prefix": "32100", "target": {"level": "town"}})").field,
            "rules[0].area_prefix");
  EXPECT_EQ(
      RuleError(R"({"id": "a", "category": "Environment", "target": {"level": "town"}})").field,
      "rules[0].category");
  EXPECT_EQ(RuleError(R"({"id": "a", "category": "a..b", "target": {"level": "town"}})").field,
            "rules[0].category");
  EXPECT_EQ(RuleError(R"({"id": "a", "urgency": "asap", "target": {"level": "town"}})").field,
            "rules[0].urgency");
  EXPECT_EQ(RuleError(R"({"id": "a", "skip_level": true, "target": {"level": "community"}})").field,
            "rules[0].skip_level");
  EXPECT_EQ(RuleError(R"({"id": "a", "target": {"level": "town"}, "copy_to": [{"level": "town"}]})")
                .field,
            "rules[0].copy_to[0]");
  EXPECT_EQ(RuleError(R"({"id": "a", "target": {"level": "town"}},)"
                      R"({"id": "a", "category": "x", "target": {"level": "town"}})")
                .field,
            "rules[1].id");
  core::Error ambiguous = RuleError(
      R"({"id": "a", "category": "x", "area_prefix": "3210", "target": {"level": "town"}},)"
      R"({"id": "b", "category": "x", "area_prefix": "3210", "target": {"level": "county"}})");
  EXPECT_EQ(ambiguous.field, "rules[1]");
  EXPECT_NE(ambiguous.message.find("完全相同"), std::string::npos);
  EXPECT_EQ(RuleError(R"({"target": {"level": "town"}})").field, "rules[0].id");
  EXPECT_EQ(Router::FromJson("[").error().code, core::ErrorCode::kInvalidArgument);
}

core::Error DepartmentError(const std::string& departments, const std::string& rules) {
  auto router =
      Router::FromJson(R"({"departments": [)" + departments + R"(], "rules": [)" + rules + "]}");
  EXPECT_FALSE(router.ok()) << departments;
  return router.ok() ? core::Error{} : router.error();
}

TEST(RouterTest, DepartmentsAreListedAndRulesNameOnlyListedOnes) {
  constexpr char kListed[] = R"({"departments": [
    {"code": "urban_management", "name": "市城管局"}, {"code": "water", "name": "市水务局"}],
    "rules": [{"id": "default", "target": {"level": "community"}},
      {"id": "lamp", "category": "facility.streetlight",
       "target": {"level": "department", "department": "市城管局"}}]})";
  auto router = Router::FromJson(kListed);
  ASSERT_TRUE(router.ok()) << router.error().message;
  EXPECT_EQ(router->departments(),
            (std::vector<Department>{{"urban_management", "市城管局"}, {"water", "市水务局"}}));
  // Without a list the rules may name any department (and the list is empty).
  EXPECT_TRUE(Load().departments().empty());
  const std::string lamp =
      R"({"id": "lamp", "target": {"level": "department", "department": "市城管局"}})";
  EXPECT_EQ(DepartmentError(R"({"code": "water", "name": "市水务局"})", lamp).field,
            "rules[0].target.department");
  EXPECT_EQ(DepartmentError(R"({"code": "a", "name": "市城管局"})",
                            R"({"id": "x", "target": {"level": "town"}, "copy_to": [)"
                            R"({"level": "department", "department": "市水务局"}]})")
                .field,
            "rules[0].copy_to[0].department");
  EXPECT_EQ(DepartmentError(R"({"code": "Water", "name": "市水务局"})", lamp).field,
            "departments[0].code");
  EXPECT_EQ(
      DepartmentError(R"({"code": "a", "name": "市城管局"}, {"code": "a", "name": "乙"})", lamp)
          .field,
      "departments[1].code");
  EXPECT_EQ(DepartmentError(
                R"({"code": "a", "name": "市城管局"}, {"code": "b", "name": "市城管局"})", lamp)
                .field,
            "departments[1].name");
  EXPECT_EQ(DepartmentError(R"({"code": "a"})", lamp).field, "departments[0].name");
}

TEST(RouterTest, ShippedRulesListEveryDepartmentTheyName) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/events/routing-rules.json");
  std::stringstream text;
  text << in.rdbuf();
  auto router = Router::FromJson(text.str());
  ASSERT_TRUE(router.ok()) << router.error().message << " @ " << router.error().field;
  EXPECT_GE(router->departments().size(), 10u);
  for (const auto& rule : router->rules()) {
    if (rule.target.level != TargetLevel::kDepartment) continue;
    EXPECT_TRUE(std::any_of(router->departments().begin(), router->departments().end(),
                            [&](const Department& d) { return d.name == rule.target.department; }))
        << rule.id;
  }
}

}  // namespace
}  // namespace linli::events
