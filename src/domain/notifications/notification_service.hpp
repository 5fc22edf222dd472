// NotificationService: the bell of every signed-in account — its notifications newest first
// with the unread count, marking one or all read — and the Notifier the other contexts post
// through (the events context: assignments, copies, whistles, warnings, supervision, extension
// answers, feedback; later visits, care orders and volunteer tasks). An account only ever sees
// and marks its own notifications; another account's answers kNotFound. Before a list is read
// each registered DueNoticeSource writes what has come due (the whistle's warning sweep).
// SMS go out through the SmsSender for the notices that ask for one, after they are written.
// Thread-safety: thread-safe once wired (AddDueNoticeSource only while wiring).
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

  // REQUIRES: called while wiring, before the service is shared between threads; the source
  // outlives the service.
  void AddDueNoticeSource(DueNoticeSource& source);

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
  std::vector<DueNoticeSource*> due_sources_;
};

}  // namespace linli::notifications
