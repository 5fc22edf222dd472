-- Outgoing SMS (issue 16 item 5; decision 0018).
--
-- accounts.phone_cipher: an account's mobile number, the one its SMS go to. Sealed like the
-- residents' phones (SM4-CTR + HMAC-SM3, decision 0015), bound to (accounts, phone, id); NULL
-- when the account has none. No blind index: nothing searches accounts by phone.
--
-- sms_messages: the outbox and delivery log. A notification that asks for an SMS gets its row
-- here in the same transaction as the notification itself, so a crash neither loses nor
-- duplicates it (queued; no_phone at once when the account has no phone); the job
-- notifications.sms_delivery sends what is due. The text is the
-- notification's (joined, never copied) and the phone is read from the account when the message
-- is sent: this table holds neither.
--   status: queued (waiting, or waiting for a retry) | sent | failed | no_phone
--   attempts: attempts made (a claim counts one before the gateway is called)
--   next_attempt_at: when a queued message is due; while a runner holds it, the end of its claim
--   last_error: why the last attempt failed, in words that name no phone number and no text
--   gateway_message_id: the gateway's id for a sent message, when it answers one
ALTER TABLE accounts ADD COLUMN phone_cipher TEXT;

CREATE TABLE sms_messages (
  id {{pk}},
  notification_id BIGINT NOT NULL REFERENCES notifications (id) ON DELETE CASCADE,
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  gateway_message_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT
);
-- The due messages, oldest first (the delivery job); only queued rows are in it.
CREATE INDEX sms_messages_due ON sms_messages (next_attempt_at, id) WHERE status = 'queued';
-- The delivery log by status, newest first, and the counts of /metrics.
CREATE INDEX sms_messages_status ON sms_messages (status, id);
CREATE INDEX sms_messages_notification ON sms_messages (notification_id);
