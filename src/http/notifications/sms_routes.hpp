// Handlers of /api/v1/sms/messages (docs/api.md, "SMS delivery log"): the outgoing SMS as the
// operators of the scheduled jobs see them (jobs.manage) — recipient account, the notification's
// kind, status, attempts, last error, times and the gateway's id — newest first, one status or
// all, with the count of each status and which adapter sends them. Never the phone number or
// the text (texts can name residents; the recipient's bell holds them). And the SMS lines of
// /metrics.
// Thread-safety: the handlers hold a reference to the thread-safe SmsDelivery.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "domain/notifications/sms_delivery.hpp"
#include "http/handler.hpp"

namespace linli::http {

// `gateway` names the adapter in use: "http" or "log". The service must outlive the routes.
std::vector<Route> SmsRoutes(notifications::SmsDelivery& delivery, std::string gateway);

// {"id","notification_id","account_id","username","kind","status","attempts","last_error",
//  "gateway_message_id","created_at","updated_at","next_attempt_at","sent_at"}.
boost::json::object SmsMessageJson(const notifications::SmsMessage& message);

// linli_sms_messages{status="…"} gauges from the stored counts (so that another server's
// deliveries show too).
std::string SmsMetrics(const std::vector<notifications::SmsCount>& counts);

}  // namespace linli::http
