// The notification JSON: the subject as type and id, and the link derived from it for older
// clients ("" when there is nothing to open). The SMS log's JSON: no phone and no text, the next
// attempt only while queued; the SMS lines of /metrics.
#include "http/notifications/notification_routes.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "http/notifications/sms_routes.hpp"

namespace linli::http {
namespace {

using notifications::Subject;
using notifications::SubjectType;

TEST(NotificationJsonTest, SubjectsMapToThePagesOfTheWebApp) {
  EXPECT_EQ(SubjectLink(Subject{SubjectType::kEvent, 7}), "/events/7");
  EXPECT_EQ(SubjectLink(Subject{SubjectType::kEscalation, 12}), "/escalations/12");
  EXPECT_EQ(SubjectLink(Subject{SubjectType::kMandatoryReport, 3}), "/care/mandatory-reports/3");
  EXPECT_EQ(SubjectLink(Subject{SubjectType::kApplication, 4}), "/care/applications/4");
  EXPECT_EQ(SubjectLink(std::nullopt), "");
  // Stored by name, read back by name.
  for (auto type : {SubjectType::kEvent, SubjectType::kEscalation, SubjectType::kMandatoryReport,
                    SubjectType::kApplication}) {
    EXPECT_EQ(notifications::SubjectTypeFromName(notifications::SubjectTypeName(type)), type);
  }
  EXPECT_EQ(notifications::SubjectTypeFromName("visit"), std::nullopt);
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

TEST(SmsMessageJsonTest, TellsHowItWentWithoutPhoneOrText) {
  notifications::SmsMessage message;
  message.id = 9;
  message.notification_id = 4;
  message.account_id = 3;
  message.username = "worker";
  message.kind = "warning";
  message.status = notifications::SmsStatus::kQueued;
  message.attempts = 2;
  message.next_attempt_at = 5000;
  message.last_error = "短信网关暂不可用：HTTP 503";
  message.created_at = 1000;
  message.updated_at = 2000;
  auto json = SmsMessageJson(message);
  EXPECT_EQ(json.at("status").as_string(), "queued");
  EXPECT_EQ(json.at("next_attempt_at").as_int64(), 5000);
  EXPECT_TRUE(json.at("sent_at").is_null());
  EXPECT_TRUE(json.at("gateway_message_id").is_null());
  EXPECT_EQ(json.at("username").as_string(), "worker");
  for (const char* key : {"text", "phone"}) EXPECT_FALSE(json.contains(key)) << key;
  message.status = notifications::SmsStatus::kSent;
  message.sent_at = 6000;
  message.gateway_message_id = "gw-1";
  json = SmsMessageJson(message);
  EXPECT_TRUE(json.at("next_attempt_at").is_null());  // nothing more will be tried
  EXPECT_EQ(json.at("sent_at").as_int64(), 6000);
  EXPECT_EQ(json.at("gateway_message_id").as_string(), "gw-1");
}

TEST(SmsMetricsTest, OneGaugePerStatus) {
  const std::string text = SmsMetrics({{notifications::SmsStatus::kQueued, 3},
                                       {notifications::SmsStatus::kSent, 10},
                                       {notifications::SmsStatus::kFailed, 1},
                                       {notifications::SmsStatus::kNoPhone, 0}});
  EXPECT_NE(text.find("# TYPE linli_sms_messages gauge\n"), std::string::npos);
  EXPECT_NE(text.find("linli_sms_messages{status=\"queued\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("linli_sms_messages{status=\"sent\"} 10\n"), std::string::npos);
  EXPECT_NE(text.find("linli_sms_messages{status=\"no_phone\"} 0\n"), std::string::npos);
}

}  // namespace
}  // namespace linli::http
