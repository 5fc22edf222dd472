#include "core/enum_names.hpp"

#include <gtest/gtest.h>

namespace linli::core {
namespace {

enum class Colour { kRed, kGreen, kBlue };

constexpr EnumNames<Colour, 3> kColours{{
    {Colour::kRed, "red", "红"},
    {Colour::kGreen, "green", "绿"},
    {Colour::kBlue, "blue"},
}};

TEST(EnumNamesTest, NamesAndLabelsBothWays) {
  EXPECT_EQ(kColours.Name(Colour::kGreen), "green");
  EXPECT_EQ(kColours.Label(Colour::kGreen), "绿");
  EXPECT_EQ(kColours.Label(Colour::kBlue), "blue");  // no label: the wire name
  EXPECT_EQ(kColours.From("blue"), Colour::kBlue);
  EXPECT_EQ(kColours.From("红"), std::nullopt);  // labels only when asked
  EXPECT_EQ(kColours.From("红", /*labels_too=*/true), Colour::kRed);
  EXPECT_EQ(kColours.From("purple", true), std::nullopt);
  EXPECT_EQ(kColours.From("", true), std::nullopt);  // an empty label never matches
  static_assert(kColours.Name(Colour::kRed) == "red");
}

TEST(EnumNamesTest, AValueOutsideTheTableGetsTheFirstName) {
  EXPECT_EQ(kColours.Name(static_cast<Colour>(42)), "red");
}

}  // namespace
}  // namespace linli::core
