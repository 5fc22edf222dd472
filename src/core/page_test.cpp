#include "core/page.hpp"

#include <gtest/gtest.h>

namespace linli::core {
namespace {

TEST(PageTest, CursorRoundTrips) {
  for (const std::string& key : std::vector<std::string>{"", "a", "ab", "abc", "321002001001|东关",
                                                         std::string("\0\xff", 2)}) {
    auto decoded = DecodeCursor(EncodeCursor(key));
    ASSERT_TRUE(decoded.ok()) << key;
    EXPECT_EQ(*decoded, key);
  }
  EXPECT_FALSE(DecodeCursor("a*b=").ok());
  EXPECT_FALSE(DecodeCursor("abcde").ok());
}

TEST(PageTest, LimitsAreChecked) {
  EXPECT_EQ(MakePageRequest(std::nullopt, std::nullopt)->limit, kDefaultPageLimit);
  EXPECT_EQ(MakePageRequest(std::string("10"), std::nullopt)->limit, 10);
  auto bad = MakePageRequest(std::string("0"), std::nullopt);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "limit");
  EXPECT_FALSE(MakePageRequest(std::string("201"), std::nullopt).ok());
  EXPECT_FALSE(MakePageRequest(std::string("1x"), std::nullopt).ok());
}

}  // namespace
}  // namespace linli::core
