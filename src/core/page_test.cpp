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

TEST(PageTest, CursorKeysRoundTripInTheirShapes) {
  EXPECT_EQ(*ParseIdKey(*DecodeCursor(EncodeIdCursor(0))), 0);
  EXPECT_EQ(*ParseIdKey(*DecodeCursor(EncodeIdCursor(9'007'199'254'740'993))),
            9'007'199'254'740'993);
  EXPECT_EQ(*ParseTextKey("321002001001"), "321002001001");
  EXPECT_EQ(*ParseTextKey("王伟"), "王伟");
  EXPECT_EQ(*ParseTextKey(""), "");
  auto key = ParseTextIdKey(*DecodeCursor(EncodeTextIdCursor({"王\x1f伟", 12})));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->text, "王\x1f伟");  // the last separator splits
  EXPECT_EQ(key->id, 12);
  key = ParseTextIdKey(std::string("\x1f") + "3");
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->text, "");
}

TEST(PageTest, KeysOfTheWrongShapeAreInvalidArgumentsOnCursor) {
  for (const std::string& bad : {std::string(""), std::string("abc"), std::string("1.5"),
                                 std::string("-1"), std::string("+1"), std::string(" 1"),
                                 std::string("1 "), std::string("99999999999999999999")}) {
    auto id = ParseIdKey(bad);
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(id.error().field, "cursor");
  }
  for (const std::string& bad :
       {std::string("\xff"), std::string("\xc3"), std::string("\xed\xa0\x80"),  // a surrogate
        std::string("\xc0\xaf"), std::string("a\0b", 3)}) {
    EXPECT_EQ(ParseTextKey(bad).error().field, "cursor");
  }
  for (const std::string& bad : {std::string("王伟"), std::string("王伟\x1f"),
                                 std::string("王伟\x1fx"), std::string("\xff\x1f") + "1"}) {
    EXPECT_EQ(ParseTextIdKey(bad).error().field, "cursor") << bad;
  }
}

}  // namespace
}  // namespace linli::core
