-- Home services for the elderly (issue 19 item 3, domain/care/home_services.hpp, decision 0033):
-- the providers registry (an organisation or a facility, the services it offers at its prices,
-- the areas it serves, its qualifications), its staff (a `provider` grant names the provider),
-- the orders placed for elderly people and served with check-in and check-out, and the monthly
-- statements per provider, frozen when closed.

ALTER TABLE account_grants ADD COLUMN provider_id BIGINT;

CREATE TABLE home_providers (
  id {{pk}},
  name TEXT NOT NULL,
  kind TEXT NOT NULL,                     -- organisation | facility
  facility_id BIGINT REFERENCES facilities (id),
  credit_code TEXT NOT NULL DEFAULT '',   -- 统一社会信用代码
  place_code TEXT NOT NULL,               -- registered at: a county, town or community
  qualifications TEXT NOT NULL DEFAULT '[]',  -- JSON array of {name, number, valid_until}
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  status TEXT NOT NULL,                   -- active | suspended
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX home_providers_name ON home_providers (place_code, name);

-- The places a provider serves (its registered place by default); codes at any level.
CREATE TABLE home_provider_areas (
  provider_id BIGINT NOT NULL REFERENCES home_providers (id),
  code TEXT NOT NULL,
  PRIMARY KEY (provider_id, code)
);
CREATE INDEX home_provider_areas_code ON home_provider_areas (code);

-- The services a provider offers and its price per unit, in fen.
CREATE TABLE home_provider_services (
  provider_id BIGINT NOT NULL REFERENCES home_providers (id),
  service TEXT NOT NULL,                  -- meal | cleaning | mobility | bathing | medical
  price_cents BIGINT NOT NULL,
  PRIMARY KEY (provider_id, service)
);

CREATE TABLE home_orders (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  place_code TEXT NOT NULL,               -- the person's place when ordered (grid or community)
  provider_id BIGINT NOT NULL REFERENCES home_providers (id),
  service TEXT NOT NULL,
  units INTEGER NOT NULL,
  price_cents BIGINT NOT NULL,            -- the provider's price when ordered
  status TEXT NOT NULL,                   -- placed | scheduled | serving | done | cancelled
  ordered_by TEXT NOT NULL,               -- self | relative | worker
  note TEXT NOT NULL DEFAULT '',
  wanted_on TEXT NOT NULL,                -- YYYY-MM-DD
  scheduled_at BIGINT,
  checkin_at BIGINT,
  checkin_lat DOUBLE PRECISION,
  checkin_lon DOUBLE PRECISION,
  checkout_at BIGINT,
  checkout_lat DOUBLE PRECISION,
  checkout_lon DOUBLE PRECISION,
  service_note TEXT NOT NULL DEFAULT '',
  done_month TEXT NOT NULL DEFAULT '',    -- YYYY-MM of check-out (China time)
  amount_cents BIGINT NOT NULL DEFAULT 0,
  subsidy_cents BIGINT NOT NULL DEFAULT 0,
  subsidy_units INTEGER NOT NULL DEFAULT 0,
  rating INTEGER,
  rating_note TEXT NOT NULL DEFAULT '',
  cancel_reason TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX home_orders_place ON home_orders (place_code, id);
CREATE INDEX home_orders_provider ON home_orders (provider_id, status, id);
CREATE INDEX home_orders_done ON home_orders (provider_id, done_month);
CREATE INDEX home_orders_resident ON home_orders (resident_id, done_month, service);

-- A provider's month, closed: the totals frozen as they were.
CREATE TABLE home_statements (
  provider_id BIGINT NOT NULL REFERENCES home_providers (id),
  month TEXT NOT NULL,
  orders INTEGER NOT NULL,
  units INTEGER NOT NULL,
  amount_cents BIGINT NOT NULL,
  subsidy_cents BIGINT NOT NULL,
  closed_at BIGINT NOT NULL,
  closed_by BIGINT NOT NULL,
  closed_by_name TEXT NOT NULL,
  PRIMARY KEY (provider_id, month)
);
