-- The service desk's requests side (domain/service_requests): the versioned service catalogue,
-- the holiday calendar kept as data, appointment slots at community desks, requests with their
-- transitions (every state change with actor and time), uploaded materials (metadata only; the
-- bytes live in the uploads folder under random names) and ratings.
-- Requests carry the applicant's place_code (grid code, or community code when the resident has
-- no grid); every scoped query filters it by prefix, so the scoped indexes start with it.
-- Times are BIGINT epoch milliseconds; booleans INTEGER 0/1.

-- One row per version of an item; `current` marks the latest version of each code. The full
-- item is kept as its catalogue JSON (service_desk::ServiceItemToJson); the columns beside it
-- serve the filters. channels / handling_modes are ",web,mobile," lists for LIKE filters.
CREATE TABLE service_items (
  code TEXT NOT NULL,
  version INTEGER NOT NULL,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  channels TEXT NOT NULL,
  handling_modes TEXT NOT NULL,
  fully_online INTEGER NOT NULL,
  promised_working_days INTEGER NOT NULL,
  item_json TEXT NOT NULL,
  current INTEGER NOT NULL DEFAULT 1,
  retired INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL,
  PRIMARY KEY (code, version)
);
CREATE INDEX service_items_current ON service_items (current, code);

-- The holiday calendar (data/calendar/cn-holidays.json format), one row per edit; the highest
-- version is in force.
CREATE TABLE holiday_calendars (
  version INTEGER PRIMARY KEY,
  calendar_json TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);

CREATE TABLE appointment_slots (
  id {{pk}},
  community_code TEXT NOT NULL,
  desk TEXT NOT NULL,
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 1000),
  booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0),
  created_at BIGINT NOT NULL,
  created_by TEXT NOT NULL
);
CREATE INDEX appointment_slots_place ON appointment_slots (community_code, starts_at);

CREATE TABLE service_requests (
  id {{pk}},
  item_code TEXT NOT NULL,
  item_version INTEGER NOT NULL,
  item_name TEXT NOT NULL,
  fully_online INTEGER NOT NULL,     -- of the item version filed against
  promised_working_days INTEGER NOT NULL,
  applicant_id BIGINT NOT NULL,      -- residents.id
  applicant_name TEXT NOT NULL,
  community_code TEXT NOT NULL,
  place_code TEXT NOT NULL,
  channel TEXT NOT NULL,
  handling_mode TEXT NOT NULL,
  state TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  slot_id BIGINT REFERENCES appointment_slots (id),
  received_at BIGINT NOT NULL,       -- submission, or the last resubmission
  deadline_at BIGINT NOT NULL,       -- from received_at and the promised working days
  completed_at BIGINT,
  handling_working_days INTEGER,     -- working days from receipt to completion
  on_time INTEGER,                   -- completed before the deadline
  outcome TEXT,
  rating INTEGER CHECK (rating BETWEEN 1 AND 5),
  rating_comment TEXT,
  rated_at BIGINT,
  filed_by BIGINT NOT NULL,
  filed_by_name TEXT NOT NULL,
  idempotency_account BIGINT,
  idempotency_key TEXT,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  FOREIGN KEY (item_code, item_version) REFERENCES service_items (code, version)
);
CREATE UNIQUE INDEX service_requests_idempotency
  ON service_requests (idempotency_account, idempotency_key);
CREATE INDEX service_requests_place ON service_requests (place_code, id);
CREATE INDEX service_requests_open ON service_requests (community_code, state, deadline_at);
CREATE INDEX service_requests_created ON service_requests (created_at);
CREATE INDEX service_requests_applicant ON service_requests (applicant_id, id);
CREATE INDEX service_requests_slot ON service_requests (slot_id);

CREATE TABLE service_request_transitions (
  id {{pk}},
  request_id BIGINT NOT NULL REFERENCES service_requests (id),
  action TEXT NOT NULL,              -- "submit" for filing, else a request action name
  from_state TEXT,
  to_state TEXT NOT NULL,
  actor_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  reason TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL
);
CREATE INDEX service_request_transitions_request ON service_request_transitions (request_id, id);

CREATE TABLE service_request_materials (
  id {{pk}},
  request_id BIGINT NOT NULL REFERENCES service_requests (id),
  name TEXT NOT NULL,
  content_type TEXT NOT NULL,
  size_bytes BIGINT NOT NULL,
  sm3_digest TEXT NOT NULL,         -- hex SM3 of the bytes
  storage_name TEXT NOT NULL,
  uploaded_by BIGINT NOT NULL,
  uploaded_by_name TEXT NOT NULL,
  uploaded_at BIGINT NOT NULL
);
CREATE INDEX service_request_materials_request ON service_request_materials (request_id, id);
