-- Care and assistance (issue 19, domain/care, decision 0031): a community worker's grant may
-- carry a designated duty (儿童主任, 健康联络员); archives of people in need by category (the
-- categories and their fields are data: data/care/categories.json), the visits planned for them
-- each month and recorded, and the needs found.

ALTER TABLE account_grants ADD COLUMN duty TEXT NOT NULL DEFAULT '';

CREATE TABLE care_archives (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  category TEXT NOT NULL,
  status TEXT NOT NULL,                   -- open | closed
  fields TEXT NOT NULL DEFAULT '{}',      -- JSON object: field key -> text
  opened_on TEXT NOT NULL,                -- YYYY-MM-DD
  closed_on TEXT NOT NULL DEFAULT '',
  close_reason TEXT NOT NULL DEFAULT '',
  responsible_id BIGINT REFERENCES accounts (id),
  responsible_name TEXT NOT NULL DEFAULT '',
  review_on TEXT NOT NULL DEFAULT '',
  visit_anchor INTEGER NOT NULL,          -- the opening month as year * 12 + month - 1
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
-- One open archive per person and category.
CREATE UNIQUE INDEX care_archives_open ON care_archives (resident_id, category) WHERE status = 'open';
CREATE INDEX care_archives_category ON care_archives (category, status, resident_id);

CREATE TABLE care_visits (
  id {{pk}},
  archive_id BIGINT NOT NULL REFERENCES care_archives (id),
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  category TEXT NOT NULL,
  place_code TEXT NOT NULL,               -- the person's place when the month was planned
  month TEXT NOT NULL,                    -- YYYY-MM
  assignee_id BIGINT REFERENCES accounts (id),
  assignee_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                   -- due | done | missed | cancelled
  visited_on TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL DEFAULT '',          -- in_person | phone | video
  findings TEXT NOT NULL DEFAULT '{}',    -- JSON object: checklist item -> true (fine) | false
  note TEXT NOT NULL DEFAULT '',
  late INTEGER NOT NULL DEFAULT 0,
  recorded_by BIGINT,
  recorded_by_name TEXT NOT NULL DEFAULT '',
  recorded_at BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX care_visits_archive_month ON care_visits (archive_id, month);
CREATE INDEX care_visits_month_place ON care_visits (month, place_code);
CREATE INDEX care_visits_assignee ON care_visits (assignee_id, month);

CREATE TABLE care_needs (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  place_code TEXT NOT NULL,
  visit_id BIGINT REFERENCES care_visits (id),
  what TEXT NOT NULL,
  urgency TEXT NOT NULL,                  -- low | normal | urgent
  due_on TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,                   -- open | assigned | closed
  assignee_id BIGINT REFERENCES accounts (id),
  assignee_name TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX care_needs_place ON care_needs (place_code, status);
CREATE INDEX care_needs_assignee ON care_needs (assignee_id, status);
