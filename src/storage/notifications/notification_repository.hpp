// SQL implementation of notifications::NotificationRepository (SQLite and PostgreSQL alike) over
// the notifications table (migrations 0006 and 0012: a subject as type and id, no web path; the
// SMS outbox of migration 0017 is written with it), and
// the insert a repository of another context uses to write notifications inside the transaction
// of its own change (the events repository: a change and its notifications commit together).
// Thread-safety: thread-safe (a pooled connection per call; writes in one transaction each).
#pragma once

#include <memory>
#include <vector>

#include "domain/notifications/notifications.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<notifications::NotificationRepository> MakeSqlNotificationRepository(
    Database& database);

// Writes `notices` on `connection` (inside the caller's transaction), and the SMS outbox's
// message (sms_outbox.hpp) of each notice that asks for an SMS, so that they commit together.
core::Status InsertNotificationsIn(Connection& connection,
                                   const std::vector<notifications::Notice>& notices);

}  // namespace linli::storage
