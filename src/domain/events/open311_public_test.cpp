#include <gtest/gtest.h>

#include "domain/events/open311_service.hpp"

namespace linli::events {
namespace {

// Issue 15 item 10: what Open311 shows the public is the road, never the door.
TEST(Open311PublicViewTest, AddressesAreCutToTheRoad) {
  EXPECT_EQ(RoadLevel("文昌路18号"), "文昌路");
  EXPECT_EQ(RoadLevel("文昌路mxa号"), "文昌路");  // a door written without digits
  EXPECT_EQ(RoadLevel("汶河南路 2-301"), "汶河南路");
  EXPECT_EQ(RoadLevel("东关街101号3栋"), "东关街");
  EXPECT_EQ(RoadLevel("个园"), "个园");  // no road word, no number: kept
  EXPECT_EQ(RoadLevel("12号楼"), "");
}

TEST(Open311PublicViewTest, DropsNotesBuildingReporterAndFineCoordinates) {
  Event event;
  event.address = "文昌路18号";
  event.status_note = "已联系住户张三 13800000000";
  event.lat = 32.3945678;
  event.lon = 119.4312345;
  event.building_id = 7;
  event.reporter_account_id = 9;
  const Event shown = PublicView(event);
  EXPECT_EQ(shown.address, "文昌路");
  EXPECT_TRUE(shown.status_note.empty());
  EXPECT_DOUBLE_EQ(*shown.lat, 32.395);
  EXPECT_DOUBLE_EQ(*shown.lon, 119.431);
  EXPECT_FALSE(shown.building_id.has_value());
  EXPECT_FALSE(shown.reporter_account_id.has_value());
}

TEST(Open311PublicViewTest, MediaUrlsMustBeWebAddresses) {
  EXPECT_TRUE(IsAcceptableMediaUrl("https://example.com/a.jpg"));
  EXPECT_FALSE(IsAcceptableMediaUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsAcceptableMediaUrl("https:///a.jpg"));
  EXPECT_FALSE(IsAcceptableMediaUrl("https://example.com/a b.jpg"));
  EXPECT_FALSE(IsAcceptableMediaUrl("https://example.com/\"><script>"));
  EXPECT_FALSE(IsAcceptableMediaUrl("https://example.com/" + std::string(1000, 'a')));
}

}  // namespace
}  // namespace linli::events
