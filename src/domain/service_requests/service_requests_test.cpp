#include "domain/service_requests/service_requests.hpp"

#include <gtest/gtest.h>

namespace linli::service_requests {
namespace {

TEST(SniffMaterialTypeTest, RecognisesPdfJpegPngAndNothingElse) {
  EXPECT_EQ(SniffMaterialType("%PDF-1.7\n..."), "application/pdf");
  EXPECT_EQ(SniffMaterialType(std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF", 10)), "image/jpeg");
  EXPECT_EQ(SniffMaterialType(std::string("\x89PNG\r\n\x1a\n\x00\x00", 10)), "image/png");
  EXPECT_EQ(SniffMaterialType("GIF89a"), "");
  EXPECT_EQ(SniffMaterialType("<html>%PDF-"), "");
  EXPECT_EQ(SniffMaterialType(""), "");
  EXPECT_EQ(SniffMaterialType("%PD"), "");
  EXPECT_EQ(SniffMaterialType(std::string("\x89PNG", 4)), "");
}

TEST(FiguresGroupingTest, NamesRoundTrip) {
  for (auto grouping : {FiguresGrouping::kItem, FiguresGrouping::kCommunity, FiguresGrouping::kTown,
                        FiguresGrouping::kCounty}) {
    EXPECT_EQ(FiguresGroupingFromName(FiguresGroupingName(grouping)), grouping);
  }
  EXPECT_FALSE(FiguresGroupingFromName("grid").has_value());
}

}  // namespace
}  // namespace linli::service_requests
