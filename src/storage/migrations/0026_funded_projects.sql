-- Funding per project (issue 18 item 5, domain/funding): the project, the department paying,
-- the plan task it serves, the place, the amount in yuan, the kind of funding and the year.

CREATE TABLE funded_projects (
  id {{pk}},
  name TEXT NOT NULL,
  department TEXT NOT NULL,
  task TEXT NOT NULL,
  place_code TEXT NOT NULL REFERENCES divisions (code),
  amount DOUBLE PRECISION NOT NULL CHECK (amount > 0),
  source TEXT NOT NULL,               -- government_purchase | venture_philanthropy | special_fund | donation | other
  year INTEGER NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX funded_projects_place ON funded_projects (place_code, year);
CREATE INDEX funded_projects_department ON funded_projects (department, year);
