// The notification JSON: the subject as type and id, and the link derived from it for older
// clients ("" when there is nothing to open).
#include "http/notifications/notification_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

namespace linli::http {
namespace {

using notifications::Subject;
using notifications::SubjectType;

TEST(NotificationJsonTest, SubjectsMapToThePagesOfTheWebApp) {
  EXPECT_EQ(SubjectLink(Subject{SubjectType::kEvent, 7}), "/events/7");
  EXPECT_EQ(SubjectLink(Subject{SubjectType::kEscalation, 12}), "/escalations/12");
  EXPECT_EQ(SubjectLink(std::nullopt), "");
}

TEST(NotificationJsonTest, CarriesTheSubjectAndTheLink) {
  notifications::Notification n{
      5, 3, "escalation", "吹哨报到", Subject{SubjectType::kEscalation, 12}, 1000, std::nullopt};
  auto json = NotificationJson(n);
  EXPECT_EQ(json.at("subject_type").as_string(), "escalation");
  EXPECT_EQ(json.at("subject_id").as_int64(), 12);
  EXPECT_EQ(json.at("link").as_string(), "/escalations/12");
  EXPECT_TRUE(json.at("read_at").is_null());
  n.subject.reset();
  n.read_at = 2000;
  json = NotificationJson(n);
  EXPECT_TRUE(json.at("subject_type").is_null());
  EXPECT_TRUE(json.at("subject_id").is_null());
  EXPECT_EQ(json.at("link").as_string(), "");
  EXPECT_EQ(json.at("read_at").as_int64(), 2000);
  for (const char* key : {"id", "kind", "text", "created_at"}) EXPECT_TRUE(json.contains(key));
}

}  // namespace
}  // namespace linli::http
