-- Rehabilitation services for people with disabilities (issue 19 item 6,
-- domain/care/rehabilitation.hpp, decision 0038): each service a person receives at a 残疾人之家 or
-- a mental-health rehabilitation station. Scoped by the person's place when served;
-- mental_health records are health-restricted (read with care.health only).

CREATE TABLE rehab_records (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  place_code TEXT NOT NULL,               -- the person's place when served
  facility_id BIGINT NOT NULL REFERENCES facilities (id),
  kind TEXT NOT NULL,                     -- training | assistive_device | day_care | vocational | mental_health
  served_on TEXT NOT NULL,                -- YYYY-MM-DD
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 600),
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rehab_records_place ON rehab_records (place_code, id);
CREATE INDEX rehab_records_facility ON rehab_records (facility_id, served_on);
CREATE INDEX rehab_records_resident ON rehab_records (resident_id, id);
