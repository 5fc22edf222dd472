-- Professional social work (issue 20 item 2, domain/social_work, decision 0046): the communities
-- a social-work station (社工站, a town's facility) reaches, the social workers with their
-- certificates at a station or a community's room (社工室), and their service records. A5 is
-- computed from the records of certified workers.

CREATE TABLE social_work_reach (
  facility_id BIGINT NOT NULL REFERENCES facilities (id),
  community_code TEXT NOT NULL REFERENCES divisions (code),
  PRIMARY KEY (facility_id, community_code)
);
CREATE INDEX social_work_reach_community ON social_work_reach (community_code);

CREATE TABLE social_workers (
  id {{pk}},
  name TEXT NOT NULL,
  certificate_level TEXT NOT NULL,       -- none | assistant | social_worker | senior
  certificate_number TEXT NOT NULL DEFAULT '',
  facility_id BIGINT NOT NULL REFERENCES facilities (id),
  place_code TEXT NOT NULL,              -- the facility's place (a town's or a community's code)
  account_id BIGINT,                     -- the account that signs in as this worker, if any
  started_on TEXT NOT NULL,              -- YYYY-MM-DD
  ended_on TEXT NOT NULL DEFAULT '',     -- '' while working there
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX social_workers_place ON social_workers (place_code, id);
CREATE INDEX social_workers_facility ON social_workers (facility_id);
CREATE INDEX social_workers_account ON social_workers (account_id);
CREATE UNIQUE INDEX social_workers_certificate ON social_workers (certificate_number)
  WHERE certificate_number <> '';

CREATE TABLE social_work_records (
  id {{pk}},
  worker_id BIGINT NOT NULL REFERENCES social_workers (id),
  community_code TEXT NOT NULL REFERENCES divisions (code),
  served_on TEXT NOT NULL,               -- YYYY-MM-DD
  method TEXT NOT NULL,                  -- case | group | community
  people_served INTEGER NOT NULL,
  summary TEXT NOT NULL,
  recorded_by BIGINT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX social_work_records_community ON social_work_records (community_code, served_on);
CREATE INDEX social_work_records_served ON social_work_records (served_on, worker_id);
CREATE INDEX social_work_records_worker ON social_work_records (worker_id, served_on);
