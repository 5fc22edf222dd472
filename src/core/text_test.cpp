#include "core/text.hpp"

#include <gtest/gtest.h>

namespace linli::core {
namespace {

TEST(TextTest, Utf8IsWellFormedOrItsFirstBadByteIsNamed) {
  EXPECT_TRUE(IsValidUtf8("汉字 abc \xF0\x9F\x98\x80"));
  size_t offset = 99;
  EXPECT_FALSE(IsValidUtf8("ab\xC0\xAF", &offset));  // overlong '/'
  EXPECT_EQ(offset, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xE6\xB1"));          // truncated
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("bad\xFFutf8"));
  EXPECT_EQ(CodePointCount("扬州 ab"), 5u);
}

TEST(TextTest, TheBoundaryRule) {
  EXPECT_EQ(TextProblem("东关街道 12 号", TextRule::kSingleLine), std::nullopt);
  EXPECT_EQ(TextProblem("第一行\n第二行\t完", TextRule::kMultiLine), std::nullopt);
  EXPECT_NE(TextProblem("第一行\n第二行", TextRule::kSingleLine), std::nullopt);
  EXPECT_NE(TextProblem(std::string("a\0b", 3), TextRule::kMultiLine), std::nullopt);
  EXPECT_NE(TextProblem("a\x1b[31m", TextRule::kMultiLine), std::nullopt);                // ESC
  EXPECT_NE(TextProblem("a\x7f", TextRule::kMultiLine), std::nullopt);                    // DEL
  EXPECT_NE(TextProblem("王\xEF\xBF\xBF", TextRule::kSingleLine), std::nullopt);          // U+FFFF
  EXPECT_NE(TextProblem("王\xEF\xBF\xBE", TextRule::kSingleLine), std::nullopt);          // U+FFFE
  EXPECT_NE(TextProblem("abc\xE2\x80\xAEgpj.exe", TextRule::kSingleLine), std::nullopt);  // RLO
  EXPECT_NE(TextProblem("a\xE2\x81\xA6"
                        "b",
                        TextRule::kSingleLine),
            std::nullopt);  // LRI
  EXPECT_NE(TextProblem("bad\xFFutf8", TextRule::kMultiLine), std::nullopt);
  // U+200F (RLM) and other format characters stay: they are used in real text.
  EXPECT_EQ(TextProblem("a\xE2\x80\x8F"
                        "b",
                        TextRule::kSingleLine),
            std::nullopt);
  auto status = CheckText("a\x01", "description", TextRule::kMultiLine);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(status.error().field, "description");
}

TEST(XmlEscapedTest, EscapesTheFiveCharactersAndKeepsTheRest) {
  EXPECT_EQ(XmlEscaped("<a href=\"x\">'&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;");
  EXPECT_EQ(XmlEscaped("预警\n督办"), "预警\n督办");
  EXPECT_EQ(XmlEscaped(""), "");
}

}  // namespace
}  // namespace linli::core
