#include "core/identity/phone.hpp"

#include <gtest/gtest.h>

namespace linli::identity {
namespace {

TEST(PhoneTest, MobileNumbers) {
  for (const char* text :
       {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678", "+8613812345678",
        "8613812345678", "0086 13812345678", " 13812345678 "}) {
    auto phone = ParsePhone(text);
    ASSERT_TRUE(phone.ok()) << text << ": " << phone.error().message;
    EXPECT_EQ(phone->text, "13812345678") << text;
    EXPECT_EQ(phone->kind, PhoneKind::kMobile);
    EXPECT_TRUE(phone->area_code.empty());
  }
  EXPECT_TRUE(ParsePhone("19912345678").ok());
}

TEST(PhoneTest, FixedLineNumbers) {
  for (const char* text : {"0514-87654321", "051487654321", "(0514) 8765 4321", "+86 514 87654321",
                           "+86 (0)514 87654321", "0514-8765-4321"}) {
    auto phone = ParsePhone(text);
    ASSERT_TRUE(phone.ok()) << text << ": " << phone.error().message;
    EXPECT_EQ(phone->text, "0514-87654321") << text;
    EXPECT_EQ(phone->kind, PhoneKind::kFixedLine);
    EXPECT_EQ(phone->area_code, "0514");
    EXPECT_EQ(phone->local_number, "87654321");
  }
  auto beijing = ParsePhone("01062345678");
  ASSERT_TRUE(beijing.ok());
  EXPECT_EQ(beijing->text, "010-62345678");
  auto nanjing = ParsePhone("025-8123456");
  ASSERT_TRUE(nanjing.ok());
  EXPECT_EQ(nanjing->text, "025-8123456");
}

void ExpectError(std::string_view text, std::string_view fragment) {
  auto phone = ParsePhone(text);
  ASSERT_FALSE(phone.ok()) << text;
  EXPECT_EQ(phone.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(phone.error().field, "phone");
  EXPECT_NE(phone.error().message.find(fragment), std::string::npos)
      << text << " -> " << phone.error().message;
}

TEST(PhoneTest, Errors) {
  ExpectError("", "不能为空");
  ExpectError(" - ", "不能为空");
  ExpectError("1381234567", "手机号码");    // 10 digits
  ExpectError("138123456789", "手机号码");  // 12 digits
  ExpectError("12812345678", "手机号码");   // 12x is not a mobile prefix
  ExpectError("1381234567a", "非法字符");
  ExpectError("138１2345678", "非法字符");
  ExpectError("+1 415 555 0100", "中国大陆");
  ExpectError("0514-876543", "7 至 8 位");     // 6-digit local number
  ExpectError("0514-876543210", "7 至 8 位");  // 9-digit local number
  ExpectError("0514-07654321", "7 至 8 位");   // local number starting with 0
  ExpectError("051-487654321", "区号");        // 05x is a four-digit area code
  ExpectError("0000-87654321", "区号");
  ExpectError("87654321", "格式无效");  // no area code
}

TEST(PhoneTest, Masks) {
  EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
  EXPECT_EQ(MaskPhone("0514-87654321"), "0514-****4321");
  EXPECT_EQ(MaskPhone("010-6234567"), "010-***4567");
  EXPECT_EQ(MaskPhone("12345"), "*2345");
  EXPECT_EQ(MaskPhone("123"), "***");
  auto phone = ParsePhone("+86 139-0000-1111");
  ASSERT_TRUE(phone.ok());
  EXPECT_EQ(MaskPhone(phone->text), "139****1111");
}

}  // namespace
}  // namespace linli::identity
