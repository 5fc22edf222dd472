-- An account whose holder must choose a new password at the next login (issue 15 items 2 and
-- 6): set when a manager resets the password (the holder gets a temporary one) and when a
-- login finds a stored password that breaks the password policy; cleared by the holder's own
-- change (POST /api/v1/session/password).
ALTER TABLE accounts ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
