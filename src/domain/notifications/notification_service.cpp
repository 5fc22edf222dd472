#include "domain/notifications/notification_service.hpp"

#include <algorithm>
#include <utility>

namespace linli::notifications {

NotificationService::NotificationService(NotificationRepository& repository,
                                         const core::Clock& clock, std::function<void()> sms_nudge)
    : repository_(repository), clock_(clock), sms_nudge_(std::move(sms_nudge)) {}

core::Result<NotificationPage> NotificationService::List(const access::Caller& caller,
                                                         bool unread_only,
                                                         const core::PageRequest& page) {
  NotificationPage out;
  ASSIGN_OR_RETURN(out.page, repository_.List(caller.account_id(), unread_only, page));
  ASSIGN_OR_RETURN(out.unread_count, repository_.UnreadCount(caller.account_id()));
  return out;
}

core::Status NotificationService::MarkRead(const access::Caller& caller, int64_t id) {
  ASSIGN_OR_RETURN(bool found, repository_.MarkRead(caller.account_id(), id, clock_.NowMillis()));
  if (!found) return core::Error::NotFound("通知不存在");
  return core::Ok();
}

core::Result<int64_t> NotificationService::MarkAllRead(const access::Caller& caller) {
  return repository_.MarkAllRead(caller.account_id(), clock_.NowMillis());
}

core::Status NotificationService::Post(std::vector<Notice> notices) {
  if (notices.empty()) return core::Ok();
  const int64_t now = clock_.NowMillis();
  for (auto& notice : notices) {
    if (notice.account_id <= 0) return core::Error::InvalidArgument("通知缺少接收账号");
    if (notice.kind.empty() || notice.text.empty()) {
      return core::Error::InvalidArgument("通知缺少类别或内容");
    }
    if (notice.created_at == 0) notice.created_at = now;
  }
  TRY(repository_.Insert(notices));
  Deliver(notices);
  return core::Ok();
}

void NotificationService::Deliver(const std::vector<Notice>& notices) {
  const bool any_sms =
      std::any_of(notices.begin(), notices.end(), [](const Notice& notice) { return notice.sms; });
  if (any_sms && sms_nudge_) sms_nudge_();
}

}  // namespace linli::notifications
