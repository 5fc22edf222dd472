-- Residents serve themselves (issue 17 item 4; decision 0026).
--
-- accounts.resident_id: the registered person (residents.id) a resident account is, bound by a
-- community worker or by the resident's own sign-up (ID number + SMS code). At most one account
-- per person. NULL for every other account.
--
-- verification_codes: every request for an SMS code (sign-up, forgotten password), whether or
-- not a code was sent, so that limits count attempts and not matches (the answer never says
-- which it was). subject is a keyed blind index of the phone number (or of the username, for a
-- forgotten password), never the number itself; code_hash the keyed hash of the code sent, NULL
-- when nothing was sent. A code is good for ten minutes and five wrong tries; consumed_at ends
-- it. The job self_service.prune deletes rows older than a day.
--
-- sms_messages: a sign-up code goes to a phone that has no account yet, so a message may name
-- a phone of its own (phone_cipher, sealed and bound to (sms_messages, phone, id), erased with
-- body_cipher once the message is final) instead of an account, and has no notification.
ALTER TABLE accounts ADD COLUMN resident_id BIGINT REFERENCES residents (id);
CREATE UNIQUE INDEX accounts_resident ON accounts (resident_id) WHERE resident_id IS NOT NULL;

CREATE TABLE verification_codes (
  id {{pk}},
  purpose TEXT NOT NULL,
  subject TEXT NOT NULL,
  remote_address TEXT NOT NULL DEFAULT '',
  code_hash TEXT,
  resident_id BIGINT,
  account_id BIGINT,
  failures INTEGER NOT NULL DEFAULT 0,
  expires_at BIGINT NOT NULL,
  consumed_at BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX verification_codes_subject ON verification_codes (purpose, subject, created_at);
CREATE INDEX verification_codes_address ON verification_codes (remote_address, created_at);
CREATE INDEX verification_codes_created ON verification_codes (created_at);

{{postgres}}
ALTER TABLE sms_messages ALTER COLUMN account_id DROP NOT NULL;
ALTER TABLE sms_messages ALTER COLUMN notification_id DROP NOT NULL;
ALTER TABLE sms_messages ADD COLUMN phone_cipher TEXT;
{{end}}
{{sqlite}}
CREATE TABLE sms_messages_0020 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  notification_id BIGINT REFERENCES notifications (id) ON DELETE CASCADE,
  account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,
  last_error TEXT NOT NULL DEFAULT '',
  gateway_message_id TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  sent_at BIGINT,
  body_cipher TEXT,
  phone_cipher TEXT
);
INSERT INTO sms_messages_0020 (id, notification_id, account_id, status, attempts, next_attempt_at,
  last_error, gateway_message_id, created_at, updated_at, sent_at, body_cipher)
  SELECT id, notification_id, account_id, status, attempts, next_attempt_at, last_error,
  gateway_message_id, created_at, updated_at, sent_at, body_cipher FROM sms_messages;
DROP TABLE sms_messages;
ALTER TABLE sms_messages_0020 RENAME TO sms_messages;
CREATE INDEX sms_messages_due ON sms_messages (next_attempt_at, id) WHERE status = 'queued';
CREATE INDEX sms_messages_status ON sms_messages (status, id);
CREATE INDEX sms_messages_notification ON sms_messages (notification_id);
{{end}}
