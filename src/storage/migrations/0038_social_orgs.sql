-- Community social organisations (issue 20 item 1, domain/social_orgs, decision 0045): the
-- registry (category, registered / filed / deregistered, credit code or filing number, home
-- community, the communities served, contact, founding date), their activities (what, when,
-- where, how many served), and a `social_org` grant's binding to one organisation.

ALTER TABLE account_grants ADD COLUMN organisation_id BIGINT;

CREATE TABLE social_orgs (
  id {{pk}},
  name TEXT NOT NULL,
  category TEXT NOT NULL,             -- a code of data/social_orgs/rules.json
  status TEXT NOT NULL,               -- registered | filed | deregistered
  registered_as TEXT NOT NULL,        -- registered | filed: what it was before deregistration
  credit_code TEXT NOT NULL DEFAULT '',    -- registered: 统一社会信用代码
  filing_number TEXT NOT NULL DEFAULT '',  -- filed: 备案编号
  place_code TEXT NOT NULL REFERENCES divisions (code),  -- home community
  contact_name TEXT NOT NULL,
  contact_phone TEXT NOT NULL,        -- normalised; masked unless people.personal_data
  founded_on TEXT NOT NULL,           -- YYYY-MM-DD
  deregistered_on TEXT NOT NULL DEFAULT '',
  deregister_reason TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX social_orgs_name ON social_orgs (place_code, name);
CREATE INDEX social_orgs_category ON social_orgs (category, place_code);

-- The communities an organisation serves (its home community always among them).
CREATE TABLE social_org_areas (
  organisation_id BIGINT NOT NULL REFERENCES social_orgs (id),
  code TEXT NOT NULL,
  PRIMARY KEY (organisation_id, code)
);

CREATE TABLE social_org_activities (
  id {{pk}},
  organisation_id BIGINT NOT NULL REFERENCES social_orgs (id),
  title TEXT NOT NULL,
  held_on TEXT NOT NULL,              -- YYYY-MM-DD
  place_code TEXT NOT NULL,           -- the community where it took place
  served BIGINT NOT NULL,            -- number of people served
  note TEXT NOT NULL DEFAULT '',
  recorded_by BIGINT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX social_org_activities_org ON social_org_activities (organisation_id, held_on);
CREATE INDEX social_org_activities_held ON social_org_activities (held_on, organisation_id);

-- Incubation (孵化): an organisation applies to an incubation base (a facility of type
-- incubation_base), is taken in (started_on), and leaves graduated or withdrawn (ended_on); the
-- base's place (its community or town) is where the officials deciding it work.
CREATE TABLE social_org_incubations (
  id {{pk}},
  organisation_id BIGINT NOT NULL REFERENCES social_orgs (id),
  base_id BIGINT NOT NULL,
  base_name TEXT NOT NULL,
  base_place TEXT NOT NULL,           -- the base's community (or town) code
  status TEXT NOT NULL,               -- applied | incubating | graduated | withdrawn
  applied_on TEXT NOT NULL,
  started_on TEXT NOT NULL DEFAULT '',
  ended_on TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX social_org_incubations_place ON social_org_incubations (base_place, status);
CREATE INDEX social_org_incubations_org ON social_org_incubations (organisation_id);
