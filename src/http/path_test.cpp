#include "http/path.hpp"

#include <gtest/gtest.h>

namespace linli::http {
namespace {

TEST(DecodePathTest, SplitsAndDecodes) {
  auto segments = DecodePath("/api/v1//divisions/%E4%B8%9C%E5%85%B3/");
  ASSERT_TRUE(segments.ok());
  EXPECT_EQ(*segments, (std::vector<std::string>{"api", "v1", "divisions", "东关"}));
  EXPECT_EQ(JoinPath(*segments), "/api/v1/divisions/东关");
  EXPECT_EQ(JoinPath({}), "/");
}

TEST(DecodePathTest, RejectsTraversalAndBadBytes) {
  for (const char* bad : {"/a/../b", "/a/%2e%2e/b", "/a/%2E%2E", "/a/./b", "/a%2Fb", "/a%5Cb",
                          "/a%00b", "/a%zz", "/a%4", "/%C0%AF", "/%ED%A0%80", "/%FF", "relative"}) {
    auto segments = DecodePath(bad);
    EXPECT_FALSE(segments.ok()) << bad;
    if (!segments.ok()) {
      EXPECT_EQ(segments.error().code, core::ErrorCode::kInvalidArgument);
    }
  }
  EXPECT_TRUE(DecodePath("/a..b/c").ok());  // not a traversal segment
}

TEST(ParseQueryTest, DecodesPlusAndPercent) {
  auto query = ParseQuery("q=%E4%B8%9C+%E5%85%B3&level=town&flag&level=community&&empty=");
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->count("level"), 2u);
  EXPECT_EQ(query->find("q")->second, "东 关");
  EXPECT_EQ(query->find("flag")->second, "");
  EXPECT_EQ(query->find("empty")->second, "");
}

TEST(ParseQueryTest, NamesTheBadParameter) {
  auto query = ParseQuery("a=1&cursor=%ZZ");
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.error().code, core::ErrorCode::kInvalidArgument);
  EXPECT_EQ(query.error().field, "cursor");
  EXPECT_NE(query.error().message.find("cursor"), std::string::npos);
  EXPECT_FALSE(ParseQuery("q=%FF").ok());    // not UTF-8
  EXPECT_FALSE(ParseQuery("q=a%00b").ok());  // NUL
  EXPECT_FALSE(ParseQuery("%ZZ=1").ok());
}

TEST(ParseQueryTest, Limits) {
  std::string many;
  for (int i = 0; i < 101; ++i) many += "p" + std::to_string(i) + "=1&";
  EXPECT_FALSE(ParseQuery(many).ok());
  std::string hundred;
  for (int i = 0; i < 100; ++i) hundred += "p" + std::to_string(i) + "=1&";
  EXPECT_TRUE(ParseQuery(hundred).ok());
  EXPECT_FALSE(ParseQuery("q=" + std::string(kMaxQueryLength, 'a')).ok());
}

TEST(Utf8Test, Validates) {
  EXPECT_TRUE(IsValidUtf8("扬州 abc 😀"));
  EXPECT_FALSE(IsValidUtf8("\xE4\xB8"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));          // overlong
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
}

}  // namespace
}  // namespace linli::http
