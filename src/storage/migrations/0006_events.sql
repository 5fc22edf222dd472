-- Events (事件), the whistle (街社吹哨、部门报到), notifications and Open311 keys (events context;
-- see domain/events/event_service.hpp). Every event row carries place_code (the grid code, or the
-- community code when there is no grid) and every scoped query filters it by prefix.
-- Escalations and transitions copy the event's place_code so that they are scoped alike.
-- Times are epoch milliseconds; booleans INTEGER 0/1 (NULL = not decided yet).

CREATE TABLE event_categories (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  parent_code TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  keywords TEXT NOT NULL DEFAULT '',   -- comma-separated
  active INTEGER NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);

CREATE TABLE events (
  id {{pk}},
  category_code TEXT NOT NULL REFERENCES event_categories (code),
  description TEXT NOT NULL,
  urgency TEXT NOT NULL,               -- normal | urgent
  state TEXT NOT NULL,                 -- see service_desk::EventState
  community_code TEXT NOT NULL,
  place_code TEXT NOT NULL,
  building_id BIGINT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  address TEXT NOT NULL DEFAULT '',
  channel TEXT NOT NULL,               -- app | open311
  reporter_account_id BIGINT,          -- NULL for Open311 reports
  reporter_role TEXT NOT NULL DEFAULT '',
  open311_key_id BIGINT,
  idempotency_key TEXT,
  handler_level TEXT NOT NULL DEFAULT '',      -- community | town | county | department
  handler_code TEXT NOT NULL DEFAULT '',       -- division code of the handling level
  handler_department TEXT NOT NULL DEFAULT '',
  handler_name TEXT NOT NULL DEFAULT '',       -- shown as Open311 agency_responsible
  routing_rule_id TEXT NOT NULL DEFAULT '',
  skip_level INTEGER NOT NULL DEFAULT 0,
  status_note TEXT NOT NULL DEFAULT '',
  expected_at BIGINT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX events_place ON events (place_code, id);
CREATE INDEX events_state ON events (state, id);
CREATE INDEX events_reporter ON events (reporter_account_id, id);
CREATE INDEX events_created ON events (created_at, id);
CREATE UNIQUE INDEX events_idempotency ON events (reporter_account_id, idempotency_key);

CREATE TABLE event_copies (
  id {{pk}},
  event_id BIGINT NOT NULL REFERENCES events (id),
  level TEXT NOT NULL,
  division_code TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX event_copies_event ON event_copies (event_id);

CREATE TABLE event_photos (
  id {{pk}},
  event_id BIGINT NOT NULL REFERENCES events (id),
  content_type TEXT NOT NULL,
  byte_size BIGINT NOT NULL,
  storage_path TEXT NOT NULL DEFAULT '',   -- relative to the uploads folder; '' for media_url
  media_url TEXT NOT NULL DEFAULT '',
  created_by BIGINT,
  created_at BIGINT NOT NULL
);
CREATE INDEX event_photos_event ON event_photos (event_id);

CREATE TABLE escalations (
  id {{pk}},
  event_id BIGINT NOT NULL REFERENCES events (id),
  department TEXT NOT NULL,
  place_code TEXT NOT NULL,
  urgency TEXT NOT NULL,
  state TEXT NOT NULL,                 -- see service_desk::EscalationState
  reason TEXT NOT NULL DEFAULT '',
  whistler_account_id BIGINT,
  whistler_name TEXT NOT NULL DEFAULT '',
  stage TEXT NOT NULL DEFAULT '',      -- check_in | handle | verify | '' (no open stage)
  stage_started_at BIGINT NOT NULL,
  limit_unit TEXT NOT NULL,
  limit_amount INTEGER NOT NULL,
  extension_amount INTEGER NOT NULL DEFAULT 0,
  extension_count INTEGER NOT NULL DEFAULT 0,
  stage_deadline_at BIGINT,            -- NULL when no stage is open
  warned_level INTEGER NOT NULL DEFAULT 0,   -- warning already notified: 0 none, 1 yellow, 2 red
  pending_extension_amount INTEGER NOT NULL DEFAULT 0,
  pending_extension_reason TEXT NOT NULL DEFAULT '',
  supervision_level TEXT NOT NULL DEFAULT 'none',
  check_in_deadline_at BIGINT NOT NULL,
  checked_in_at BIGINT,
  checked_in_on_time INTEGER,
  handle_deadline_at BIGINT,
  feedback TEXT NOT NULL DEFAULT '',
  feedback_at BIGINT,
  completed_on_time INTEGER,
  closed_at BIGINT,
  reporter_rating INTEGER CHECK (reporter_rating IS NULL OR reporter_rating BETWEEN 1 AND 5),
  community_rating INTEGER CHECK (community_rating IS NULL OR community_rating BETWEEN 1 AND 5),
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX escalations_event_department ON escalations (event_id, department);
CREATE INDEX escalations_board ON escalations (department, state, stage_deadline_at);
CREATE INDEX escalations_created ON escalations (created_at, department);
CREATE INDEX escalations_open_deadline ON escalations (stage_deadline_at);

CREATE TABLE event_transitions (
  id {{pk}},
  event_id BIGINT NOT NULL REFERENCES events (id),
  escalation_id BIGINT,                -- NULL: the event's own state machine
  place_code TEXT NOT NULL,
  actor_account_id BIGINT,             -- NULL: the system (routing, Open311, automatic supervision)
  actor_name TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  from_state TEXT NOT NULL DEFAULT '',
  to_state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX event_transitions_event ON event_transitions (event_id, id);

CREATE TABLE notifications (
  id {{pk}},
  account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                  -- assignment | copy | escalation | warning | supervision | extension | feedback
  text TEXT NOT NULL,
  link TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  read_at BIGINT
);
CREATE INDEX notifications_account ON notifications (account_id, id);
CREATE INDEX notifications_unread ON notifications (account_id, read_at);

CREATE TABLE open311_keys (
  id {{pk}},
  name TEXT NOT NULL,
  key_hash TEXT NOT NULL UNIQUE,       -- SHA-256 hex of the key; the key itself is shown once
  created_by BIGINT,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT
);
