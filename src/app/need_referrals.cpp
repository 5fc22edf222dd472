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

}  // namespace linli::app
