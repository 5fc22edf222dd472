// Open311 date-times: the +08:00 format and ISO 8601 parsing with offsets.
#include <gtest/gtest.h>

#include "http/events/event_routes.hpp"

namespace linli::http {
namespace {

TEST(Open311DateTimeTest, FormatsChinaStandardTime) {
  EXPECT_EQ(Open311DateTime(1772413200000), "2026-03-02T09:00:00+08:00");
  EXPECT_EQ(Open311DateTime(0), "1970-01-01T08:00:00+08:00");
  EXPECT_EQ(Open311DateTime(1772380799000), "2026-03-01T23:59:59+08:00");
}

TEST(Open311DateTimeTest, ParsesOffsetsZuluAndDates) {
  EXPECT_EQ(ParseOpen311DateTime("2026-03-02T09:00:00+08:00"), 1772413200000);
  EXPECT_EQ(ParseOpen311DateTime("2026-03-02T01:00:00Z"), 1772413200000);
  EXPECT_EQ(ParseOpen311DateTime("2026-03-02T01:00:00.250Z"), 1772413200000);
  EXPECT_EQ(ParseOpen311DateTime("2026-03-01T20:00:00-05:00"), 1772413200000);
  EXPECT_EQ(ParseOpen311DateTime("2026-03-02"), 1772380800000);
  EXPECT_FALSE(ParseOpen311DateTime("2026-13-02").has_value());
  EXPECT_FALSE(ParseOpen311DateTime("yesterday").has_value());
  EXPECT_FALSE(ParseOpen311DateTime("2026-03-02T09:00:00+08:00junk").has_value());
}

}  // namespace
}  // namespace linli::http
