-- The day's count, per account, of personal-data lookups that answered about people outside the
-- caller's scope (issue 15 item 8: a duplicate-ID answer naming a registration elsewhere). Once
-- it reaches the configured limit (lookup_daily_limit) the account's exact searches by ID or
-- phone, and creates and imports that check ID numbers, are refused until the next day.
-- day: YYYY-MM-DD, China Standard Time. Old days are kept: they are also a record of use.
CREATE TABLE personal_data_lookups (
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  day TEXT NOT NULL,
  used BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (account_id, day)
);
