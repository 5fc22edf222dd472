#include "http/notifications/sms_routes.hpp"

#include <boost/json.hpp>
#include <utility>

#include "http/json_body.hpp"

namespace linli::http {

namespace json = boost::json;

json::object SmsMessageJson(const notifications::SmsMessage& message) {
  json::object out;
  out["id"] = message.id;
  out["notification_id"] = message.notification_id;
  out["account_id"] = message.account_id;
  out["username"] = message.username;
  out["kind"] = message.kind;
  out["status"] = notifications::SmsStatusName(message.status);
  out["attempts"] = message.attempts;
  out["last_error"] = message.last_error;
  out["gateway_message_id"] = TextOrNull(message.gateway_message_id);
  out["created_at"] = message.created_at;
  out["updated_at"] = message.updated_at;
  // Only a queued message is still to be tried.
  out["next_attempt_at"] = message.status == notifications::SmsStatus::kQueued
                               ? json::value(message.next_attempt_at)
                               : json::value(nullptr);
  out["sent_at"] = OrNull(message.sent_at);
  return out;
}

std::vector<Route> SmsRoutes(notifications::SmsDelivery& delivery, std::string gateway) {
  std::vector<Route> routes;
  routes.push_back(Route{
      "GET", "/api/v1/sms/messages", access::Permission::kJobsManage,
      [&delivery, gateway](Request& request) -> core::Result<Response> {
        ASSIGN_OR_RETURN(auto page,
                         core::MakePageRequest(request.Query("limit"), request.Query("cursor")));
        std::optional<notifications::SmsStatus> status;
        if (auto text = request.Query("status"); text && !text->empty()) {
          status = notifications::SmsStatusFromName(*text);
          if (!status) {
            return core::Error::InvalidArgument("status 应为 queued、sent、failed 或 no_phone",
                                                "status");
          }
        }
        ASSIGN_OR_RETURN(auto messages, delivery.List(request.Caller(), status, page));
        ASSIGN_OR_RETURN(auto counts, delivery.Count());
        json::object out = PageJson(messages, SmsMessageJson);
        json::object by_status;
        for (const auto& count : counts) {
          by_status[notifications::SmsStatusName(count.status)] = count.messages;
        }
        out["counts"] = std::move(by_status);
        out["gateway"] = gateway;
        return Response::Json(out);
      },
      "短信发送记录（状态、尝试次数、错误；不含手机号和内容）"});
  return routes;
}

std::string SmsMetrics(const std::vector<notifications::SmsCount>& counts) {
  std::string text =
      "# HELP linli_sms_messages SMS in the delivery log by status (queued: waiting or to be "
      "retried).\n# TYPE linli_sms_messages gauge\n";
  for (const auto& count : counts) {
    text += "linli_sms_messages{status=\"" +
            std::string(notifications::SmsStatusName(count.status)) + "\"} " +
            std::to_string(count.messages) + "\n";
  }
  return text;
}

}  // namespace linli::http
