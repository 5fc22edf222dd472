#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/care/care.hpp"

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
      {&tekun, {}, "fields.support_mode"},                          // required
      {&tekun, {{"support_mode", "上门供养"}}, "fields.support_mode"},  // not an option
      {&tekun, {{"support_mode", "分散供养"}, {"colour", "red"}}, "fields.colour"},
      {&dibao, {{"monthly_amount", "820.5"}}, nullptr},
      {&dibao, {{"monthly_amount", "-1"}}, "fields.monthly_amount"},
      {&dibao, {{"covered_members", "2.5"}}, "fields.covered_members"},
      {&dibao, {{"certificate_no", "A\nB"}}, "fields.certificate_no"},  // control character
      {&special, {{"reason", "失能"}, {"call_device", "true"}}, nullptr},
      {&special, {{"reason", "失能"}, {"call_device", "yes"}}, "fields.call_device"},
      {&left, {{"guardianship", "祖辈照护"}, {"parents_away_since", "2024-02-30"}},
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
      {"2025-10", 1, false}, {"2025-11", 1, true},  {"2025-12", 1, true},
      {"2025-11", 3, true},  {"2025-12", 3, false}, {"2026-01", 3, false},
      {"2026-02", 3, true},  {"2026-05", 6, true},  {"2026-04", 6, false},
      {"2026-11", 12, true}, {"2026-01", 0, false},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(VisitDue(anchor, *MonthIndex(c.month), c.every), c.due) << c.month << " " << c.every;
  }
  EXPECT_FALSE(MonthIndex("2025-13").has_value());
  EXPECT_FALSE(MonthIndex("2025-1").has_value());
  EXPECT_FALSE(MonthIndex("2025-02-30").has_value());
  EXPECT_EQ(MonthOfIndex(*MonthIndex("2024-01") - 1), "2023-12");
}

}  // namespace
}  // namespace linli::care
