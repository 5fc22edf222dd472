-- The scheduler (decision 0017). job_runs: one row per job — the last scheduled instant that has
-- run (or was merged into a run), and the last run with its duration, result and counts.
-- job_leases: who runs a job now and until when, so that no job runs twice at once (two
-- servers, or a server and `linli jobs run`). Times are epoch milliseconds.
CREATE TABLE job_runs (
  name TEXT PRIMARY KEY,
  scheduled_through BIGINT NOT NULL,
  last_scheduled_at BIGINT,
  last_started_at BIGINT,
  last_finished_at BIGINT,
  last_duration_ms BIGINT NOT NULL DEFAULT 0,
  last_ok INTEGER,
  last_error TEXT NOT NULL DEFAULT '',
  last_trigger TEXT NOT NULL DEFAULT '',
  runs BIGINT NOT NULL DEFAULT 0,
  failures BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL DEFAULT '',
  expires_at BIGINT NOT NULL DEFAULT 0
);
