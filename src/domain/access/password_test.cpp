#include "domain/access/password.hpp"

#include <gtest/gtest.h>

#include "domain/access/secret.hpp"

namespace linli::access {
namespace {

TEST(PasswordTest, HashVerifiesOnlyTheSamePassword) {
  auto hash = HashPassword("Yangzhou-2026");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << *hash;
  EXPECT_TRUE(VerifyPassword("Yangzhou-2026", *hash));
  EXPECT_FALSE(VerifyPassword("Yangzhou-2027", *hash));
  EXPECT_FALSE(VerifyPassword("", *hash));
}

TEST(PasswordTest, SaltIsRandom) {
  auto a = HashPassword("same password 1");
  auto b = HashPassword("same password 1");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword("same password 1", *b));
}

TEST(PasswordTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(VerifyPassword("anything1", ""));
  EXPECT_FALSE(VerifyPassword("anything1", "$argon2id$garbage"));
  EXPECT_FALSE(VerifyPassword("anything1", "plain text"));
}

TEST(PasswordTest, ParametersTravelInTheHash) {
  PasswordHashParams small{1, 1024, 1};
  auto hash = HashPassword("abc12345", small);
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(hash->starts_with("$argon2id$v=19$m=1024,t=1,p=1$"));
  EXPECT_TRUE(VerifyPassword("abc12345", *hash));
}

struct PolicyCase {
  std::string password;
  bool ok;
};

TEST(PasswordTest, Policy) {
  const std::vector<PolicyCase> cases = {
      {"abcdefg1234", false},          // 11 characters (issue 15 item 6: at least 12)
      {"abcd1234", false},             // 8 characters: enough before issue 15
      {"abcdefgh1234", true},          // letters + digits
      {"abcdefghijkl", false},         // letters only
      {"123456789012", false},         // digits only
      {"!@#$%^&*()_+", false},         // symbols only
      {"abcdefghijk!", true},          // letters + symbol
      {"12345678901!", true},          // digits + symbol
      {"扬州邻里平台服务2026", true},  // 12 characters, non-ASCII count as letters
      {"扬州邻里平台2026", false},     // 10 characters
      {std::string(128, 'a') + "", false},
      {std::string(127, 'a') + "1", true},
      {std::string(128, 'a') + "1", false},  // 129 characters
  };
  for (const auto& c : cases) {
    const auto status = CheckPasswordPolicy(c.password);
    EXPECT_EQ(status.ok(), c.ok) << c.password;
    if (!status.ok()) {
      EXPECT_EQ(status.error().code, core::ErrorCode::kValidationFailed);
      EXPECT_EQ(status.error().field, "password");
    }
  }
}

TEST(SecretTest, TokensAndDigests) {
  auto a = RandomToken(32);
  auto b = RandomToken(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 43u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(
      a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(ConstantTimeEquals("token", "token"));
  EXPECT_FALSE(ConstantTimeEquals("token", "tokeN"));
  EXPECT_FALSE(ConstantTimeEquals("token", "token2"));
}

}  // namespace
}  // namespace linli::access
