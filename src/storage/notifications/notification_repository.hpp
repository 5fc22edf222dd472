// SQL implementation of notifications::NotificationRepository (SQLite and PostgreSQL alike) over
// the notifications table (migrations 0006 and 0012: a subject as type and id, no web path; the
// SMS outbox of migration 0017 is written with it), and
// the insert a repository of another context uses to write notifications inside the transaction
// of its own change (the events repository: a change and its notifications commit together).
// Thread-safety: thread-safe (a pooled connection per call; writes in one transaction each).
#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/crypto/field_cipher.hpp"
#include "domain/notifications/notifications.hpp"
#include "storage/db.hpp"

namespace linli::storage {

std::unique_ptr<notifications::NotificationRepository> MakeSqlNotificationRepository(
    Database& database);

// Writes `notices` on `connection` (inside the caller's transaction), and the SMS outbox's
// message (sms_outbox.hpp) of each notice that asks for an SMS, so that they commit together.
core::Status InsertNotificationsIn(Connection& connection,
                                   const std::vector<notifications::Notice>& notices);

// Writes `notice` (which asks for an SMS) as InsertNotificationsIn does, except that its SMS
// carries `sms_text` instead of the notification's text: a secret the bell must not show (a
// reset's temporary password; decision 0020). The text is stored only sealed with `keys`, bound
// to its outbox row (SmsBodyAt), and only when the message is queued (a no_phone message keeps
// nothing); the outbox opens it when it sends and erases it once the message is final.
core::Status InsertNoticeWithSealedSmsIn(Connection& connection,
                                         const notifications::Notice& notice,
                                         std::string_view sms_text, const crypto::KeyRing& keys);

}  // namespace linli::storage
