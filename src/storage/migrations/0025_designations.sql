-- Designations and pilots (issue 18 item 3, domain/designations, decision 0030): the kind (from
-- the plan file), the place, the date, the approving body and level, revocation, the history of
-- each, and the evidence document kept apart so that lists never read it.

CREATE TABLE designations (
  id {{pk}},
  kind TEXT NOT NULL,
  place_code TEXT NOT NULL REFERENCES divisions (code),
  title TEXT NOT NULL,
  designated_on TEXT NOT NULL,        -- YYYY-MM-DD
  approved_by TEXT NOT NULL,
  approval_level TEXT NOT NULL,       -- national | province | city | county
  note TEXT NOT NULL DEFAULT '',
  evidence_name TEXT NOT NULL DEFAULT '',
  evidence_type TEXT NOT NULL DEFAULT '',
  evidence_size BIGINT NOT NULL DEFAULT 0,
  revoked_on TEXT NOT NULL DEFAULT '',  -- '' while in force
  revoke_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX designations_place ON designations (place_code, kind);
CREATE INDEX designations_kind ON designations (kind, designated_on);

CREATE TABLE designation_evidence (
  designation_id BIGINT PRIMARY KEY REFERENCES designations (id),
  bytes {{blob}} NOT NULL
);

CREATE TABLE designation_events (
  id {{pk}},
  designation_id BIGINT NOT NULL REFERENCES designations (id),
  action TEXT NOT NULL,               -- create | evidence | revoke
  detail TEXT NOT NULL DEFAULT '',
  actor_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX designation_events_designation ON designation_events (designation_id, id);
