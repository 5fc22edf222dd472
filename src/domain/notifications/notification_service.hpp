// NotificationService: the bell of every signed-in account — its notifications newest first
// with the unread count, marking one or all read — and the Notifier the other contexts post
// through (the events context: assignments, copies, whistles, warnings, supervision, extension
// answers, feedback; later visits, care orders and volunteer tasks). An account only ever sees
// and marks its own notifications; another account's answers kNotFound. Reading the bell only
// reads: what comes due with time is written by the scheduler's jobs (the whistle's sweep).
// The SMS of notices that ask for one are queued with them (the repository writes the outbox
// rows in the same transaction); posting or delivering then calls `sms_nudge`, which asks the
// delivery job to run soon (SmsDelivery, sms_delivery.hpp) without waiting for it.
// Thread-safety: thread-safe (the nudge must be too).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "core/clock.hpp"
#include "core/page.hpp"
#include "core/result.hpp"
#include "domain/access/caller.hpp"
#include "domain/notifications/notifications.hpp"

namespace linli::notifications {

class NotificationService final : public Notifier {
 public:
  // REQUIRES: repository and clock outlive the service. sms_nudge may be empty (nothing asks
  // the job to hurry: the SMS go out at its next scheduled run).
  NotificationService(NotificationRepository& repository, const core::Clock& clock,
                      std::function<void()> sms_nudge = {});

  core::Result<NotificationPage> List(const access::Caller& caller, bool unread_only,
                                      const core::PageRequest& page);
  core::Status MarkRead(const access::Caller& caller, int64_t id);
  core::Result<int64_t> MarkAllRead(const access::Caller& caller);

  core::Status Post(std::vector<Notice> notices) override;
  void Deliver(const std::vector<Notice>& notices) override;

 private:
  NotificationRepository& repository_;
  const core::Clock& clock_;
  std::function<void()> sms_nudge_;
};

}  // namespace linli::notifications
