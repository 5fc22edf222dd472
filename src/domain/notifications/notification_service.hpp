// NotificationService: the bell of every signed-in account — its notifications newest first
// with the unread count, marking one or all read — and the Notifier the other contexts post
// through (the events context: assignments, copies, whistles, warnings, supervision, extension
// answers, feedback; later visits, care orders and volunteer tasks). An account only ever sees
// and marks its own notifications; another account's answers kNotFound. Reading the bell only
// reads: what comes due with time is written by the scheduler's jobs (the whistle's sweep).
// SMS go out through the SmsSender for the notices that ask for one, after they are written.
// Thread-safety: thread-safe.
#pragma once

#include <cstdint>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/notifications/notifications.hpp"

namespace linli::notifications {

class NotificationService final : public Notifier {
 public:
  // REQUIRES: repository, sms and clock outlive the service.
  NotificationService(NotificationRepository& repository, SmsSender& sms, const core::Clock& clock);

  core::Result<NotificationPage> List(const access::Caller& caller, bool unread_only,
                                      const core::PageRequest& page);
  core::Status MarkRead(const access::Caller& caller, int64_t id);
  core::Result<int64_t> MarkAllRead(const access::Caller& caller);

  core::Status Post(std::vector<Notice> notices) override;
  void Deliver(const std::vector<Notice>& notices) override;

 private:
  NotificationRepository& repository_;
  SmsSender& sms_;
  const core::Clock& clock_;
};

}  // namespace linli::notifications
