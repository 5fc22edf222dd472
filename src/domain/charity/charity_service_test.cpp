// The public face of a donor: the first character kept, the rest starred; 匿名 when anonymous.
#include "domain/charity/charity_service.hpp"

#include <gtest/gtest.h>

namespace linli::charity {
namespace {

TEST(MaskDonorTest, KeepsOnlyTheFirstCharacter) {
  EXPECT_EQ(MaskDonor("张三", false), "张*");
  EXPECT_EQ(MaskDonor("张三丰", false), "张**");
  EXPECT_EQ(MaskDonor("欧阳娜娜", false), "欧**");
  EXPECT_EQ(MaskDonor("李", false), "李*");
  EXPECT_EQ(MaskDonor("扬州市某某有限公司", false), "扬**");
}

TEST(MaskDonorTest, AnonymousOrEmptyIsAnonymous) {
  EXPECT_EQ(MaskDonor("张三", true), "匿名");
  EXPECT_EQ(MaskDonor("", false), "匿名");
}

}  // namespace
}  // namespace linli::charity
