-- 政策找人 (issue 19 item 5, domain/care/eligibility, decision 0032): the findings of the
-- eligibility rules (people likely eligible and not enrolled; enrolled people no longer
-- qualifying), the worker's outcome of each, and the enrolments in each benefit.

CREATE TABLE care_findings (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  benefit TEXT NOT NULL,
  kind TEXT NOT NULL,                     -- eligible | no_longer_eligible
  place_code TEXT NOT NULL,               -- the person's place when found
  status TEXT NOT NULL,                   -- open | resolved | applied | declined | not_eligible | enrolled | stopped
  found_on TEXT NOT NULL,                 -- YYYY-MM-DD
  decided_on TEXT NOT NULL DEFAULT '',    -- the worker's outcome
  outcome_note TEXT NOT NULL DEFAULT '',
  worker_id BIGINT REFERENCES accounts (id),
  worker_name TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
-- One open finding per person, benefit and kind.
CREATE UNIQUE INDEX care_findings_open ON care_findings (resident_id, benefit, kind) WHERE status = 'open';
CREATE INDEX care_findings_place ON care_findings (place_code, status, id);
CREATE INDEX care_findings_benefit ON care_findings (benefit, status, kind);

CREATE TABLE care_enrolments (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  benefit TEXT NOT NULL,
  since_on TEXT NOT NULL,
  until_on TEXT NOT NULL DEFAULT '',      -- '' while enrolled
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX care_enrolments_current ON care_enrolments (resident_id, benefit) WHERE until_on = '';
CREATE INDEX care_enrolments_benefit ON care_enrolments (benefit, until_on, resident_id);

-- Signals from other departments (hospital discharge, unemployment registration, a death
-- registered …), imported from their files; each re-runs the rules for the person it names.
CREATE TABLE care_signals (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  place_code TEXT NOT NULL,
  kind TEXT NOT NULL,                     -- discharge | unemployment | death | disability_assessed | other
  signal_on TEXT NOT NULL,                -- YYYY-MM-DD
  source TEXT NOT NULL,                   -- the sending department
  note TEXT NOT NULL DEFAULT '',
  imported_by BIGINT NOT NULL,
  imported_by_name TEXT NOT NULL,
  imported_at BIGINT NOT NULL
);
CREATE INDEX care_signals_place ON care_signals (place_code, id);
