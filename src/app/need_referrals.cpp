#include "app/need_referrals.hpp"

#include <string>

namespace linli::app {

namespace {

// The need's own words, and where it came from, for whoever handles the record.
std::string Described(const care::Need& need) {
  std::string text = need.what;
  text += "（";
  text += need.visit_id ? "走访发现" : "关爱需求";
  text += "，需求 #" + std::to_string(need.id);
  if (!need.due_on.empty()) text += "，期望 " + need.due_on + " 前解决";
  text += "）";
  return text;
}

}  // namespace

core::Result<int64_t> ServiceNeedReferrals::ReportEvent(const care::Need& need,
                                                        const care::NeedReferral& referral,
                                                        std::string_view key,
                                                        const access::Caller& caller) {
  if (events_ == nullptr) return core::Error::FailedPrecondition("事件模块未启动，不能转为事件");
  events::NewEvent event;
  event.category = referral.code;
  event.description = Described(need);
  event.urgency = need.urgency == care::Urgency::kUrgent ? "urgent" : "normal";
  event.place_code = need.place_code;
  event.idempotency_key = std::string(key);
  ASSIGN_OR_RETURN(auto detail, events_->Report(event, caller));
  return detail.event.id;
}

core::Result<int64_t> ServiceNeedReferrals::FileRequest(const care::Need& need,
                                                        const care::NeedReferral& referral,
                                                        std::string_view key,
                                                        const access::Caller& caller) {
  if (requests_ == nullptr) {
    return core::Error::FailedPrecondition("服务事项模块未启动，不能转为服务申请");
  }
  service_requests::NewRequest request;
  request.item_code = referral.code;
  request.channel = "window";
  request.handling_mode = referral.handling_mode.empty() ? "grid_proxy" : referral.handling_mode;
  request.applicant_id = need.resident_id;
  request.note = Described(need);
  request.idempotency_key = std::string(key);
  ASSIGN_OR_RETURN(auto filed, requests_->File(request, caller));
  return filed.detail.request.id;
}

core::Result<std::optional<std::string>> ServiceNeedReferrals::FinishedOutcome(
    const care::Need& need) {
  using Outcome = std::optional<std::string>;
  if (need.event_id && events_ != nullptr) {
    auto detail = events_->Get(*need.event_id, access::Caller::System());
    if (!detail.ok()) {
      if (detail.error().code == core::ErrorCode::kNotFound) return Outcome{};
      return detail.error();
    }
    const std::string named = "事件 #" + std::to_string(*need.event_id);
    switch (detail->event.state) {
      case events::EventState::kClosed:
        return Outcome{"转办的" + named + "已办结"};
      case events::EventState::kCancelled:
        return Outcome{"转办的" + named + "已撤销"};
      default:
        return Outcome{};
    }
  }
  if (need.request_id && requests_ != nullptr) {
    auto detail = requests_->Get(*need.request_id, access::Caller::System());
    if (!detail.ok()) {
      if (detail.error().code == core::ErrorCode::kNotFound) return Outcome{};
      return detail.error();
    }
    const std::string named = "服务申请 #" + std::to_string(*need.request_id);
    switch (detail->request.state) {
      case service_requests::RequestState::kCompleted:
      case service_requests::RequestState::kClosed:
        return Outcome{"转办的" + named + "已办结"};
      case service_requests::RequestState::kRejected:
        return Outcome{"转办的" + named + "未予受理"};
      case service_requests::RequestState::kWithdrawn:
        return Outcome{"转办的" + named + "已撤回"};
      default:
        return Outcome{};
    }
  }
  return Outcome{};
}

}  // namespace linli::app
