-- Applications for assistance and their approval ladder (issue 19 items 5 and 7,
-- domain/care/applications.hpp, decision 0035): a benefit goes community → town → county; an
-- emergency (救急难) is decided by the town within a working day and then paid. Each decision is a
-- step.

CREATE TABLE care_applications (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  place_code TEXT NOT NULL,               -- the person's place when filed
  kind TEXT NOT NULL,                     -- benefit | emergency
  benefit TEXT NOT NULL DEFAULT '',
  amount_cents BIGINT NOT NULL DEFAULT 0,
  reason TEXT NOT NULL,
  finding_id BIGINT REFERENCES care_findings (id),
  status TEXT NOT NULL,                   -- town | county | approved | rejected | paid
  stage_due_at BIGINT NOT NULL DEFAULT 0,
  filed_by BIGINT NOT NULL,
  filed_by_name TEXT NOT NULL,
  filed_at BIGINT NOT NULL,
  paid_at BIGINT,
  paid_cents BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL
);
CREATE INDEX care_applications_place ON care_applications (place_code, id);
CREATE INDEX care_applications_pending ON care_applications (resident_id, benefit, status);

CREATE TABLE care_application_steps (
  id {{pk}},
  application_id BIGINT NOT NULL REFERENCES care_applications (id),
  level TEXT NOT NULL,                    -- town | county | payment
  decision TEXT NOT NULL,                 -- approve | reject
  note TEXT NOT NULL DEFAULT '',
  by_id BIGINT NOT NULL,
  by_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX care_application_steps_application ON care_application_steps (application_id, id);
