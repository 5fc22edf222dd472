#include "domain/care/care.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "domain/care/eligibility.hpp"
#include "domain/care/home_services.hpp"

namespace linli::care {
namespace {

std::string ShippedFile() {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/categories.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(CareCategoriesTest, TheShippedFileLoads) {
  auto parsed = ParseCategories(ShippedFile());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message << " " << parsed.error().field;
  const Category* special = parsed->Find("elderly_special_difficulty");
  ASSERT_NE(special, nullptr);
  EXPECT_EQ(special->visit_every_months, 1);
  EXPECT_EQ(special->restricted, Restriction::kNone);
  EXPECT_EQ(parsed->Find("child_in_difficulty")->restricted, Restriction::kMinors);
  EXPECT_EQ(parsed->Find("tuberculosis")->restricted, Restriction::kHealth);
  EXPECT_EQ(parsed->Find("health_0_6")->visit_every_months, 0);
  EXPECT_EQ(parsed->Find("nobody"), nullptr);
  EXPECT_EQ(parsed->discovery.groups, std::vector<std::string>{"difficulty"});
  EXPECT_EQ(parsed->discovery.visit_percent, 90);
  const auto visited = parsed->VisitedIn({"difficulty"});
  EXPECT_NE(std::find(visited.begin(), visited.end(), "tekun"), visited.end());
  EXPECT_EQ(std::find(visited.begin(), visited.end(), "elderly_special_difficulty"), visited.end());
}

TEST(CareDiscoveryTest, ACommunityNeedsVisitsDueMostOnTimeAndItsFindingsContacted) {
  DiscoveryRule rule;  // 90 % of visits on time, 80 % of due findings with an outcome
  EXPECT_FALSE(HasDiscoveryMechanism(rule, {"c", 0, 0, 0, 0}));  // nothing due: no evidence
  EXPECT_TRUE(HasDiscoveryMechanism(rule, {"c", 10, 9, 0, 0}));
  EXPECT_FALSE(HasDiscoveryMechanism(rule, {"c", 10, 8, 0, 0}));
  EXPECT_TRUE(HasDiscoveryMechanism(rule, {"c", 10, 10, 5, 4}));
  EXPECT_FALSE(HasDiscoveryMechanism(rule, {"c", 10, 10, 5, 3}));
  rule.finding_percent = 0;
  EXPECT_TRUE(HasDiscoveryMechanism(rule, {"c", 10, 10, 5, 0}));
}

TEST(CareCategoriesTest, ErrorsNameTheirPath) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {R"({"categories": []})", "$.groups"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": []})", "$.categories"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"A","name":"x","group":"g"}]})",
       "$.categories[0].code"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"h"}]})",
       "$.categories[0].group"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g","restricted":"x"}]})",
       "$.categories[0].restricted"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g","fields":[{"key":"k1","label":"K","type":"enum"}]}]})",
       "$.categories[0].fields[0].options"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g","fields":[{"key":"k1","label":"K","type":"text"},{"key":"k1","label":"K","type":"text"}]}]})",
       "$.categories[0].fields[1].key"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g","visit":{"every_months":13}}]})",
       "$.categories[0].visit.every_months"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g"},{"code":"aa","name":"y","group":"g"}]})",
       "$.categories[1].code"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g"}], "discovery": {"groups": ["h"]}})",
       "$.discovery.groups"},
      {R"({"groups": [{"code":"g","name":"G"}], "categories": [{"code":"aa","name":"x","group":"g"}], "discovery": {"groups": ["g"], "visit_percent": 0}})",
       "$.discovery.visit_percent"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseCategories(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().field, c.field) << c.text << " → " << parsed.error().message;
  }
}

TEST(CareCategoriesTest, FieldsAreCheckedByType) {
  auto parsed = ParseCategories(ShippedFile());
  ASSERT_TRUE(parsed.ok());
  const Category& tekun = *parsed->Find("tekun");
  const Category& dibao = *parsed->Find("dibao");
  const Category& special = *parsed->Find("elderly_special_difficulty");
  const Category& left = *parsed->Find("left_behind_child");
  struct Case {
    const Category* category;
    std::map<std::string, std::string> fields;
    const char* error_field;  // nullptr: accepted
  };
  const Case cases[] = {
      {&tekun, {{"support_mode", "分散供养"}}, nullptr},
      {&tekun, {}, "fields.support_mode"},                              // required
      {&tekun, {{"support_mode", "上门供养"}}, "fields.support_mode"},  // not an option
      {&tekun, {{"support_mode", "分散供养"}, {"colour", "red"}}, "fields.colour"},
      {&dibao, {{"monthly_amount", "820.5"}}, nullptr},
      {&dibao, {{"monthly_amount", "-1"}}, "fields.monthly_amount"},
      {&dibao, {{"covered_members", "2.5"}}, "fields.covered_members"},
      {&dibao, {{"certificate_no", "A\nB"}}, "fields.certificate_no"},  // control character
      {&special, {{"reason", "失能"}, {"call_device", "true"}}, nullptr},
      {&special, {{"reason", "失能"}, {"call_device", "yes"}}, "fields.call_device"},
      {&left,
       {{"guardianship", "祖辈照护"}, {"parents_away_since", "2024-02-30"}},
       "fields.parents_away_since"},
      {&left, {{"guardianship", "祖辈照护"}, {"parents_away_since", "2024-02-29"}}, nullptr},
  };
  for (const auto& c : cases) {
    auto checked = CheckFields(*c.category, c.fields);
    if (c.error_field == nullptr) {
      EXPECT_TRUE(checked.ok()) << c.category->code << " " << checked.error().message;
    } else {
      ASSERT_FALSE(checked.ok()) << c.category->code << " " << c.error_field;
      EXPECT_EQ(checked.error().field, c.error_field);
    }
  }
}

TEST(CareVisitRuleTest, DueInTheOpeningMonthThenEveryNMonths) {
  const int anchor = *MonthIndex("2025-11-20");
  EXPECT_EQ(MonthOfIndex(anchor), "2025-11");
  struct Case {
    const char* month;
    int every;
    bool due;
  };
  const Case cases[] = {
      {"2025-10", 1, false}, {"2025-11", 1, true},  {"2025-12", 1, true},  {"2025-11", 3, true},
      {"2025-12", 3, false}, {"2026-01", 3, false}, {"2026-02", 3, true},  {"2026-05", 6, true},
      {"2026-04", 6, false}, {"2026-11", 12, true}, {"2026-01", 0, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(VisitDue(anchor, *MonthIndex(c.month), c.every), c.due) << c.month << " " << c.every;
  }
  EXPECT_FALSE(MonthIndex("2025-13").has_value());
  EXPECT_FALSE(MonthIndex("2025-1").has_value());
  EXPECT_FALSE(MonthIndex("2025-02-30").has_value());
  EXPECT_EQ(MonthOfIndex(*MonthIndex("2024-01") - 1), "2023-12");
}

const NamesByCode kTags = {
    {"disability", "残疾人"}, {"dibao", "低保"}, {"elderly_alone", "独居老人"}};
const NamesByCode kCategories = {{"tekun", "特困供养"}, {"temporary_assistance", "临时救助"}};

TEST(CareBenefitsTest, TheShippedRulesLoadAndReadAsText) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/benefits.json");
  std::stringstream text;
  text << in.rdbuf();
  const NamesByCode tags = {{"disability", "残疾人"},
                            {"dibao", "低保"},
                            {"dibian", "低边"},
                            {"tekun", "特困"},
                            {"elderly_alone", "独居老人"},
                            {"expenditure_difficulty", "支出型困难"}};
  auto parsed = ParseBenefits(text.str(), tags, {{"temporary_assistance", "临时救助"}});
  ASSERT_TRUE(parsed.ok()) << parsed.error().message << " " << parsed.error().field;
  const Benefit* age = parsed->Find("advanced_age_allowance");
  ASSERT_NE(age, nullptr);
  EXPECT_EQ(Describe(age->when), "年龄不小于80 且 人口状态属于 户籍常住、外出");
  EXPECT_EQ(Describe(parsed->Find("temporary_assistance_check")->when),
            "具有人员标签 支出型困难 且 并非（具有关爱档案类别 临时救助）");
}

// A rule in memory: ages to the day through the birth date (29 February counts from 1 March),
// tags and grades as held on the day, an archive's absence; and whom a rule can reach.
TEST(CareBenefitsTest, ARuleInMemoryAndItsReach) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/benefits.json");
  std::stringstream text;
  text << in.rdbuf();
  const NamesByCode tags = {{"disability", "残疾人"},
                            {"dibao", "低保"},
                            {"dibian", "低边"},
                            {"tekun", "特困"},
                            {"elderly_alone", "独居老人"},
                            {"expenditure_difficulty", "支出型困难"}};
  auto parsed = ParseBenefits(text.str(), tags, {{"temporary_assistance", "临时救助"}});
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(BornBy("2026-01-01", 80), "1946-01-01");
  EXPECT_EQ(BornBy("2025-02-28", 1), "2024-02-28");
  EXPECT_EQ(BornBy("2024-02-29", 1), "2023-02-28");

  const DatedCondition age(parsed->Find("advanced_age_allowance")->when, "2026-01-01");
  PersonFacts person;
  person.birth_date = "1946-01-01";
  person.status = "registered_resident";
  EXPECT_TRUE(age.Meets(person));
  person.status = "floating";
  EXPECT_FALSE(age.Meets(person));
  person.status = "away";
  person.birth_date = "1946-01-02";
  EXPECT_FALSE(age.Meets(person));

  const DatedCondition severe(parsed->Find("severe_disability_care_subsidy")->when, "2026-01-01");
  const std::vector<HeldTag> grade2 = {{"dibao", std::nullopt}, {"disability", 2}};
  const std::vector<HeldTag> ungraded = {{"disability", std::nullopt}};
  person.tags = grade2;
  EXPECT_TRUE(severe.Meets(person));
  person.tags = ungraded;
  EXPECT_FALSE(severe.Meets(person));

  const DatedCondition assistance(parsed->Find("temporary_assistance_check")->when, "2026-01-01");
  const std::vector<HeldTag> spending = {{"expenditure_difficulty", std::nullopt}};
  const std::vector<std::string_view> archive = {"temporary_assistance"};
  person.tags = spending;
  EXPECT_TRUE(assistance.Meets(person));
  person.categories = archive;
  EXPECT_FALSE(assistance.Meets(person));

  auto size = [](const Condition& test) { return test.fact == Fact::kAge ? 1e12 : 10.0; };
  auto reach = ReachOf(parsed->Find("advanced_age_allowance")->when, size);
  EXPECT_FALSE(reach.everyone);
  ASSERT_EQ(reach.tests.size(), 1u);
  EXPECT_EQ(reach.tests[0]->fact, Fact::kAge);
  // The narrowest part of an all: the tags of the any, not the age of 60.
  reach = ReachOf(parsed->Find("special_difficulty_elderly")->when, size);
  EXPECT_FALSE(reach.everyone);
  ASSERT_EQ(reach.tests.size(), 3u);
  EXPECT_EQ(reach.tests[0]->fact, Fact::kTag);
  reach = ReachOf(parsed->Find("temporary_assistance_check")->when, size);
  ASSERT_EQ(reach.tests.size(), 1u);
  EXPECT_EQ(reach.tests[0]->values.at(0), "expenditure_difficulty");
  Condition negated;
  negated.kind = Condition::Kind::kNot;
  negated.children.push_back(parsed->Find("advanced_age_allowance")->when);
  EXPECT_TRUE(ReachOf(negated, size).everyone);
}

TEST(CareBenefitsTest, RuleErrorsNameTheirPath) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {R"({"benefits": []})", "$.benefits"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"height","op":">=","value":1}}]})",
       "$.benefits[0].when.fact"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"age","op":"has","value":1}}]})",
       "$.benefits[0].when.op"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"age","op":">=","value":200}}]})",
       "$.benefits[0].when.value"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"disability_grade","op":"<=","value":5}}]})",
       "$.benefits[0].when.value"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"tag","op":"has","value":"unicorn"}}]})",
       "$.benefits[0].when.value"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"status","op":"in","value":["alive"]}}]})",
       "$.benefits[0].when.value"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"all":[]}}]})", "$.benefits[0].when.all"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"any":[{"fact":"category","op":"has","value":"none"}]}}]})",
       "$.benefits[0].when.any[0].value"},
      {R"({"benefits": [{"code":"a1","name":"x","when":{"fact":"age","op":">=","value":1}},{"code":"a1","name":"y","when":{"fact":"age","op":">=","value":1}}]})",
       "$.benefits[1].code"},
      {R"({"benefits": [{"code":"a1","name":"x"}]})", "$.benefits[0].when"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseBenefits(c.text, kTags, kCategories);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().field, c.field) << c.text << " → " << parsed.error().message;
  }
  // Nine levels deep is refused.
  std::string deep = R"({"fact":"age","op":">=","value":1})";
  for (int i = 0; i < 9; ++i) deep = "{\"not\":" + deep + "}";
  auto nested = ParseBenefits(R"({"benefits": [{"code":"a1","name":"x","when":)" + deep + "}]}",
                              kTags, kCategories);
  ASSERT_FALSE(nested.ok());
  EXPECT_NE(nested.error().message.find("8"), std::string::npos);
}

// ----- home services (decision 0033) -----

std::string HomeServicesFile() {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/home_services.json");
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const NamesByCode kHomeTags = {
    {"dibao", "低保"}, {"tekun", "特困"}, {"elderly_alone", "独居老人"}, {"disability", "残疾人"}};

TEST(HomeServicesTest, TheShippedFileLoads) {
  auto rules = ParseHomeServices(HomeServicesFile(), kHomeTags, {});
  ASSERT_TRUE(rules.ok()) << rules.error().message << " " << rules.error().field;
  EXPECT_EQ(rules->elderly_age, 60);
  ASSERT_EQ(rules->services.size(), 5u);
  EXPECT_EQ(rules->Find("meal")->name, "助餐");
  EXPECT_EQ(rules->Find("cleaning")->unit, "小时");
  EXPECT_EQ(rules->Find("massage"), nullptr);
  ASSERT_EQ(rules->subsidies.size(), 3u);
  EXPECT_EQ(rules->subsidies[0].monthly.at("meal"), 30);
}

TEST(HomeServicesTest, ErrorsNameTheirPath) {
  struct Case {
    const char* text;
    const char* field;
  };
  const char* services = R"("services": [{"code":"meal","name":"助餐","unit":"餐"}])";
  const std::string with = std::string("{") + services;
  const Case cases[] = {
      {R"({"services": []})", "$.services"},
      {R"({"elderly_age": 20, "services": [{"code":"meal","name":"助餐","unit":"餐"}]})",
       "$.elderly_age"},
      {R"({"services": [{"code":"Meal!","name":"助餐","unit":"餐"}]})", "$.services[0].code"},
      {R"({"services": [{"code":"meal","name":"助餐"}]})", "$.services[0].unit"},
      {R"({"services": [{"code":"meal","name":"助餐","unit":"餐"},{"code":"meal","name":"x","unit":"y"}]})",
       "$.services[1].code"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseHomeServices(c.text, kHomeTags, {});
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().field, c.field) << c.text << ": " << parsed.error().message;
  }
  const std::pair<std::string, std::string> subsidy_cases[] = {
      {R"("subsidies": [{"code":"aa","name":"A","when":{"fact":"age","op":">=","value":60},"monthly":{"bath":2}}]})",
       "$.subsidies[0].monthly.bath"},
      {R"("subsidies": [{"code":"aa","name":"A","when":{"fact":"age","op":">=","value":60},"monthly":{"meal":0}}]})",
       "$.subsidies[0].monthly.meal"},
      {R"("subsidies": [{"code":"aa","name":"A","when":{"fact":"tag","op":"has","value":"rich"},"monthly":{"meal":2}}]})",
       "$.subsidies[0].when.value"},
      {R"("subsidies": [{"code":"aa","name":"A","when":{"fact":"age","op":">=","value":60}}]})",
       "$.subsidies[0].monthly"},
  };
  for (const auto& [tail, field] : subsidy_cases) {
    auto parsed = ParseHomeServices(with + ", " + tail, kHomeTags, {});
    ASSERT_FALSE(parsed.ok()) << tail;
    EXPECT_EQ(parsed.error().field, field) << tail << ": " << parsed.error().message;
  }
}

TEST(HomeServicesTest, TheEntitlementIsTheLargestSubsidyMet) {
  auto rules = ParseHomeServices(HomeServicesFile(), kHomeTags, {});
  ASSERT_TRUE(rules.ok());
  // Meets the 低保 subsidy (meal 30, cleaning 6) and the 高龄独居 one (meal 20, cleaning 4).
  auto entitlements = Entitlements(*rules, {true, false, true}, {{"meal", 12}});
  const auto of = [&](std::string_view code) {
    return *std::find_if(entitlements.begin(), entitlements.end(),
                         [&](const Entitlement& e) { return e.service == code; });
  };
  EXPECT_EQ(of("meal").entitled, 30);
  EXPECT_EQ(of("meal").used, 12);
  EXPECT_EQ(of("meal").remaining(), 18);
  EXPECT_EQ(of("meal").subsidies, std::vector<std::string>{"assistance_elderly"});
  EXPECT_EQ(of("cleaning").entitled, 6);
  EXPECT_EQ(of("mobility").entitled, 0);
  EXPECT_TRUE(of("mobility").subsidies.empty());
  // Used beyond the entitlement: nothing remains, never a negative.
  EXPECT_EQ(Entitlements(*rules, {true, false, false}, {{"meal", 45}})[0].remaining(), 0);
  // Nothing met: nothing entitled.
  for (const auto& e : Entitlements(*rules, {false, false, false}, {})) EXPECT_EQ(e.entitled, 0);
}

TEST(HomeServicesTest, ASettlementSplitsAtTheRemainingEntitlement) {
  const Settlement within = Settle(10, 1200, 30);
  EXPECT_EQ(within.subsidy_units, 10);
  EXPECT_EQ(within.amount_cents, 12000);
  EXPECT_EQ(within.subsidy_cents, 12000);
  EXPECT_EQ(within.self_pay_cents(), 0);
  const Settlement beyond = Settle(40, 1200, 30);
  EXPECT_EQ(beyond.subsidy_units, 30);
  EXPECT_EQ(beyond.subsidy_cents, 36000);
  EXPECT_EQ(beyond.self_pay_cents(), 12000);
  EXPECT_EQ(Settle(4, 1200, 0).subsidy_cents, 0);
  EXPECT_EQ(Settle(4, 1200, -3).subsidy_units, 0);
}

TEST(HomeServicesTest, AStatementTotalsItsLines) {
  const std::vector<StatementLine> lines = {{1, "甲", "meal", 0, 10, 1200, 12000, 12000},
                                            {2, "乙", "cleaning", 0, 2, 4000, 8000, 0}};
  const StatementTotals totals = TotalsOf(lines);
  EXPECT_EQ(totals.orders, 2);
  EXPECT_EQ(totals.units, 12);
  EXPECT_EQ(totals.amount_cents, 20000);
  EXPECT_EQ(totals.subsidy_cents, 12000);
  EXPECT_EQ(TotalsOf({}), StatementTotals{});
}

TEST(HomeServicesTest, AProviderServesThePlacesUnderItsAreas) {
  Provider p;
  p.areas = {{"321002001", ""}};
  EXPECT_TRUE(p.Serves("321002001003"));
  EXPECT_TRUE(p.Serves("321002001003001"));
  EXPECT_FALSE(p.Serves("321002002001"));
  p.services = {{"meal", 1200}};
  EXPECT_NE(p.Offer("meal"), nullptr);
  EXPECT_EQ(p.Offer("bathing"), nullptr);
}

}  // namespace
}  // namespace linli::care
