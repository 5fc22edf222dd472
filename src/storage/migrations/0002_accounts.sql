-- Accounts, their role grants, sessions and failed-login records (access context).
-- Times are epoch milliseconds; booleans INTEGER 0/1; only the SHA-256 of a session token
-- is stored.

CREATE TABLE accounts (
  id {{pk}},
  username TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE account_grants (
  id {{pk}},
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  role TEXT NOT NULL,
  scope_code TEXT NOT NULL,
  department TEXT NOT NULL DEFAULT ''
);
CREATE INDEX account_grants_account ON account_grants (account_id);
CREATE INDEX account_grants_scope ON account_grants (scope_code);

CREATE TABLE sessions (
  id {{pk}},
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  revoked_at BIGINT,
  remote_address TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE login_failures (
  username TEXT PRIMARY KEY,
  failure_count INTEGER NOT NULL DEFAULT 0,
  window_started_at BIGINT NOT NULL DEFAULT 0,
  locked_until BIGINT NOT NULL DEFAULT 0
);
