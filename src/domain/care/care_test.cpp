#include "domain/care/care.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/care/eligibility.hpp"

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

}  // namespace
}  // namespace linli::care
