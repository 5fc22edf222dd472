// SQL implementation of notifications::SmsOutbox (SQLite and PostgreSQL alike) over the
// sms_messages table (migration 0017; decision 0018). Messages are queued by
// InsertNotificationsIn (notification_repository.hpp), in the transaction of their notification.
// A claim is one guarded UPDATE (queued, due, by id) that counts the attempt and moves
// next_attempt_at to the end of the claim; an outcome is written only while the attempt count
// still equals the claim's (its fencing token), so a runner whose claim expired and was taken
// over cannot overwrite the newer attempt. The text is read from the notification, the kind
// and the username by join: the table holds no text and no phone.
// Thread-safety: thread-safe (a pooled connection per call).
#pragma once

#include <memory>

#include "domain/notifications/sms.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database must outlive the outbox.
std::unique_ptr<notifications::SmsOutbox> MakeSqlSmsOutbox(Database& database);

}  // namespace linli::storage
