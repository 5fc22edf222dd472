#include "domain/access/password_policy.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace linli::access {
namespace {

// Issue 15 item 6: 12 characters, not common, not containing the username.
TEST(PasswordPolicyTest, LengthListAndUsername) {
  const PasswordPolicy policy({"Password-2026", "qwertyuiop123"});
  EXPECT_TRUE(policy.Check("Grid-worker-2026", "dongguan").ok());
  auto short_one = policy.Check("Admin-2026!", "dongguan");  // 11 characters
  ASSERT_FALSE(short_one.ok());
  EXPECT_EQ(short_one.error().field, "password");
  EXPECT_NE(short_one.error().message.find("12"), std::string::npos);
  EXPECT_FALSE(policy.Check("PASSWORD-2026", "dongguan").ok());  // case-insensitive list
  EXPECT_FALSE(policy.Check("qwertyuiop123", "dongguan").ok());
  auto with_name = policy.Check("My-DongGuan-2026", "dongguan");
  ASSERT_FALSE(with_name.ok());
  EXPECT_EQ(with_name.error().message, "密码不能包含用户名");
  EXPECT_TRUE(policy.Satisfies("Twelve-chars", ""));
}

TEST(PasswordPolicyTest, ShippedListLoadsAndRefusesItsEntries) {
  const std::filesystem::path file =
      std::filesystem::path(LINLI_SOURCE_DIR) / "data/passwords/common.txt";
  auto policy = PasswordPolicy::LoadFile(file.string());
  ASSERT_TRUE(policy.ok()) << policy.error().message;
  EXPECT_GT(policy->common_count(), 1000u);
  EXPECT_FALSE(policy->Satisfies("Password@2026", "x"));
  EXPECT_FALSE(policy->Satisfies("1qaz2wsx3edc", "x"));
  EXPECT_FALSE(policy->Satisfies("Woaini1314520", "x") && policy->Satisfies("woaini131412", "x"));
  // The passwords the test suites use are allowed.
  EXPECT_TRUE(policy->Satisfies("Grid-worker-2026", "gridworker1"));
  EXPECT_TRUE(policy->Satisfies("Linli-test-2026!", "admin"));
  EXPECT_FALSE(PasswordPolicy::LoadFile("/nonexistent/common.txt").ok());
}

}  // namespace
}  // namespace linli::access
