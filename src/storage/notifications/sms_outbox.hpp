// SQL implementation of notifications::SmsOutbox (SQLite and PostgreSQL alike) over the
// sms_messages table (migration 0017; decision 0018). Messages are queued by
// InsertNotificationsIn (notification_repository.hpp), in the transaction of their notification.
// A claim is one guarded UPDATE (queued, due, by id) that counts the attempt and moves
// next_attempt_at to the end of the claim; an outcome is written only while the attempt count
// still equals the claim's (its fencing token), so a runner whose claim expired and was taken
// over cannot overwrite the newer attempt. The text is read from the notification, the kind
// and the username by join: the table holds no phone, and no text but a secret's, sealed
// (body_cipher, migration 0019; decision 0020): the claim opens it with the key ring, a final
// outcome erases it, and the delivery log never reads the column.
// Thread-safety: thread-safe (a pooled connection per call).
#pragma once

#include <memory>

#include "core/crypto/field_cipher.hpp"
#include "domain/notifications/sms.hpp"
#include "storage/db.hpp"

namespace linli::storage {

// The database (and the key ring) must outlive the outbox. Without a key ring a message with a
// sealed text is claimed as unopened (and so fails).
std::unique_ptr<notifications::SmsOutbox> MakeSqlSmsOutbox(Database& database,
                                                           const crypto::KeyRing* keys = nullptr);
// Where a message's sealed text is bound: (sms_messages, body, message id).
crypto::FieldLocation SmsBodyAt(int64_t message_id);
// Where a message's own sealed phone is bound: (sms_messages, phone, message id).
crypto::FieldLocation SmsPhoneAt(int64_t message_id);

// Queues, inside the caller's transaction on `connection`, an SMS to `phone` (a normalised
// mainland mobile number) that belongs to no account: a sign-up code (decision 0026). Phone and
// text are stored only sealed, bound to the new row, and erased once the message is final.
// Returns the message's id.
core::Result<int64_t> InsertSealedSmsToPhoneIn(Connection& connection, std::string_view phone,
                                               std::string_view text, const crypto::KeyRing& keys,
                                               int64_t now);

}  // namespace linli::storage
