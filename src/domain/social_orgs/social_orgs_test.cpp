// The rules file as shipped and as broken, the credit code's check character, and the window.
#include "domain/social_orgs/social_orgs.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/social_orgs/social_org_service.hpp"

namespace linli::social_orgs {
namespace {

TEST(SocialOrgRules, TheShippedFileHasThePlansFiveCategories) {
  std::ifstream in(std::string(LINLI_SOURCE_DIR) + "/data/social_orgs/rules.json");
  std::stringstream text;
  text << in.rdbuf();
  auto rules = ParseRules(text.str());
  ASSERT_TRUE(rules.ok()) << rules.error().message;
  ASSERT_EQ(rules->categories.size(), 5u);
  EXPECT_EQ(rules->Find("elderly_disabled")->name, "养老助残");
  EXPECT_EQ(rules->Find("rural_production")->name, "农村生产技术服务");
  EXPECT_EQ(rules->active_months, 4);
  EXPECT_EQ(rules->window_months, 12);
}

TEST(SocialOrgRules, BadFilesNameTheField) {
  EXPECT_EQ(ParseRules("[]").error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(ParseRules(R"({"categories": [], "regularly_active": {}})").error().field,
            "categories");
  EXPECT_EQ(ParseRules(R"({"categories": [{"code": "a", "name": "A"}, {"code": "a", "name": "B"}],
                           "regularly_active": {"active_months": 4, "window_months": 12}})")
                .error()
                .field,
            "categories[1].code");
  EXPECT_EQ(ParseRules(R"({"categories": [{"code": "a", "name": "A"}],
                           "regularly_active": {"active_months": 13, "window_months": 12}})")
                .error()
                .field,
            "regularly_active.active_months");
}

TEST(SocialOrgCreditCode, CheckCharacter) {
  // Published example codes (GB 32100-2015 check character).
  EXPECT_TRUE(IsCreditCode("91350100M000100Y43"));
  EXPECT_FALSE(IsCreditCode("91350100M000100Y44"));
  EXPECT_FALSE(IsCreditCode("91350100M000100Y4"));
  EXPECT_FALSE(IsCreditCode("91350100I000100Y43"));  // I is not in the alphabet
  const std::string first = "53321002MJ1234567";
  EXPECT_TRUE(IsCreditCode(first + CreditCodeCheck(first)));
}

TEST(SocialOrgWindow, StartsTheRightMonthBack) {
  EXPECT_EQ(WindowStartOf("2025-12", 12), "2025-01-01");
  EXPECT_EQ(WindowStartOf("2025-03", 12), "2024-04-01");
  EXPECT_EQ(WindowStartOf("2025-03", 1), "2025-03-01");
}

}  // namespace
}  // namespace linli::social_orgs
