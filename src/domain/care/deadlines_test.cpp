// The deadlines file: the shipped one reads as decisions 0034 and 0035 say; a wrong one is refused
// with the JSON path of what is wrong.
#include "domain/care/deadlines.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace linli::care {
namespace {

TEST(CareDeadlinesTest, TheShippedFileSaysTheDecisionsDeadlines) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/care/deadlines.json");
  std::stringstream text;
  text << in.rdbuf();
  auto deadlines = ParseCareDeadlines(text.str());
  ASSERT_TRUE(deadlines.ok()) << deadlines.error().message;
  EXPECT_EQ(deadlines->report_acknowledge_working_days, 1);
  EXPECT_EQ(deadlines->report_close_working_days, 5);
  EXPECT_EQ(deadlines->town_review_working_days, 5);
  EXPECT_EQ(deadlines->county_approval_working_days, 10);
  EXPECT_EQ(deadlines->emergency_working_days, 1);
}

TEST(CareDeadlinesTest, AWrongFileIsRefusedNamingWhere) {
  const std::string reports = R"("mandatory_reports": {"acknowledge": 2, "close": 7})";
  const std::string applications =
      R"("applications": {"town_review": 4, "county_approval": 8, "emergency": 2})";
  auto good = ParseCareDeadlines("{" + reports + ", " + applications + "}");
  ASSERT_TRUE(good.ok()) << good.error().message;
  EXPECT_EQ(good->report_acknowledge_working_days, 2);
  EXPECT_EQ(good->county_approval_working_days, 8);
  EXPECT_EQ(good->emergency_working_days, 2);

  struct Case {
    std::string text;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"[]", "$"},
      {"{" + applications + "}", "$.mandatory_reports"},
      {"{" + reports + "}", "$.applications"},
      {"{" + reports + R"(, "applications": 5})", "$.applications"},
      {"{" + reports +
           R"(, "applications": {"town_review": 0, "county_approval": 8, "emergency": 1}})",
       "$.applications.town_review"},
      {"{" + reports +
           R"(, "applications": {"town_review": 5, "county_approval": 61, "emergency": 1}})",
       "$.applications.county_approval"},
      {"{" + reports + R"(, "applications": {"town_review": 5, "county_approval": 10}})",
       "$.applications.emergency"},
      {"{" + reports +
           R"(, "applications": {"town_review": "5", "county_approval": 10, "emergency": 1}})",
       "$.applications.town_review"},
      {R"({"mandatory_reports": {"acknowledge": 3, "close": 2}, )" + applications + "}",
       "$.mandatory_reports.close"},
  };
  for (const auto& c : cases) {
    auto parsed = ParseCareDeadlines(c.text);
    ASSERT_FALSE(parsed.ok()) << c.text;
    EXPECT_EQ(parsed.error().code, core::ErrorCode::kValidationFailed) << c.text;
    EXPECT_EQ(parsed.error().field, c.field) << c.text;
    EXPECT_FALSE(parsed.error().message.empty());
  }
  EXPECT_FALSE(ParseCareDeadlines("{not json").ok());
}

}  // namespace
}  // namespace linli::care
