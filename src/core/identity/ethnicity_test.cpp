#include "core/identity/ethnicity.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace linli::identity {
namespace {

TEST(EthnicityTest, TableHasFiftySixGroupsAndTwoExtras) {
  const auto all = AllEthnicities();
  ASSERT_EQ(all.size(), 58u);
  int groups = 0;
  std::set<std::string_view> codes, names;
  for (size_t i = 0; i < all.size(); ++i) {
    codes.insert(all[i].code);
    names.insert(all[i].name);
    if (IsEthnicGroup(all[i])) {
      ++groups;
      const std::string expected = (i + 1 < 10 ? "0" : "") + std::to_string(i + 1);
      EXPECT_EQ(all[i].code, expected);
      EXPECT_TRUE(all[i].name.ends_with("族")) << all[i].name;
    }
  }
  EXPECT_EQ(groups, kEthnicGroupCount);
  EXPECT_EQ(codes.size(), 58u);
  EXPECT_EQ(names.size(), 58u);
  EXPECT_EQ(all.front(), (Ethnicity{"01", "汉族"}));
  EXPECT_EQ(all[55], (Ethnicity{"56", "基诺族"}));
  EXPECT_EQ(all[56], (Ethnicity{"97", "其他"}));
  EXPECT_EQ(all[57], (Ethnicity{"98", "外国血统中国籍人士"}));
  EXPECT_FALSE(IsEthnicGroup(all[56]));
}

TEST(EthnicityTest, RoundTripByCodeAndName) {
  for (const Ethnicity& ethnicity : AllEthnicities()) {
    EXPECT_EQ(EthnicityByCode(ethnicity.code), ethnicity);
    EXPECT_EQ(EthnicityByName(ethnicity.name), ethnicity);
    auto parsed = ParseEthnicity(ethnicity.name);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, ethnicity);
  }
}

TEST(EthnicityTest, KnownEntries) {
  EXPECT_EQ(EthnicityByCode("03")->name, "回族");
  EXPECT_EQ(EthnicityByCode("3")->name, "回族");
  EXPECT_EQ(EthnicityByCode("29")->name, "柯尔克孜族");
  EXPECT_EQ(EthnicityByName("汉")->code, "01");
  EXPECT_EQ(EthnicityByName("土")->code, "30");
  EXPECT_EQ(EthnicityByName("土家")->code, "15");
  EXPECT_FALSE(EthnicityByCode("57"));
  EXPECT_FALSE(EthnicityByCode("00"));
  EXPECT_FALSE(EthnicityByCode(""));
  EXPECT_FALSE(EthnicityByName("火星族"));
  EXPECT_FALSE(EthnicityByName(""));
  EXPECT_FALSE(EthnicityByName("其"));
}

TEST(EthnicityTest, ParseErrors) {
  auto bad = ParseEthnicity("99");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, core::ErrorCode::kValidationFailed);
  EXPECT_EQ(bad.error().field, "ethnicity");
  EXPECT_FALSE(ParseEthnicity("  ").ok());
  EXPECT_EQ(ParseEthnicity(" 01 ")->name, "汉族");
}

}  // namespace
}  // namespace linli::identity
