-- Volunteers with a verified hours ledger (issue 20 item 3, domain/volunteers, decision 0047):
-- volunteers bound to a registered person (the registry keeps the identity: no second copy of ID
-- numbers) or to a volunteer account, their teams, activities with slots typed by skill, sign-ups
-- checked in and out, and the double-entry hours ledger. Every verified minute is credited to the
-- volunteer's account and debited to the activity's in one entry group that sums to zero; the
-- entries are append-only (triggers below on both engines; a correction is a reversing group plus
-- a new one) and each posting's audit record carries a digest of its groups' entries, so
-- `linli volunteers verify-ledger` can prove every stored balance.

CREATE TABLE volunteers (
  id {{pk}},
  resident_id BIGINT REFERENCES residents (id),
  account_id BIGINT REFERENCES accounts (id),
  name TEXT NOT NULL,                     -- how activities show the volunteer
  community_code TEXT NOT NULL,           -- home community
  skills TEXT NOT NULL DEFAULT '[]',      -- JSON array of skill codes (data/volunteers/skills.json)
  availability TEXT NOT NULL DEFAULT '[]',  -- JSON array of {weekday 1-7, from "HH:MM", until}
  status TEXT NOT NULL DEFAULT 'active',  -- active | inactive
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX volunteers_resident ON volunteers (resident_id) WHERE resident_id IS NOT NULL;
CREATE UNIQUE INDEX volunteers_account ON volunteers (account_id) WHERE account_id IS NOT NULL;
CREATE INDEX volunteers_community ON volunteers (community_code, id);

CREATE TABLE volunteer_teams (
  id {{pk}},
  name TEXT NOT NULL,
  community_code TEXT NOT NULL,
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX volunteer_teams_name ON volunteer_teams (community_code, name);

CREATE TABLE volunteer_team_members (
  team_id BIGINT NOT NULL REFERENCES volunteer_teams (id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers (id),
  PRIMARY KEY (team_id, volunteer_id)
);
CREATE INDEX volunteer_team_members_volunteer ON volunteer_team_members (volunteer_id);

CREATE TABLE volunteer_activities (
  id {{pk}},
  title TEXT NOT NULL,
  community_code TEXT NOT NULL,           -- where it happens (and whose workers organise it)
  organiser_place_code TEXT NOT NULL,     -- the organising place (a community, town, county)
  team_id BIGINT REFERENCES volunteer_teams (id),  -- the organising team, if any
  starts_at BIGINT NOT NULL,
  ends_at BIGINT NOT NULL,
  status TEXT NOT NULL DEFAULT 'open',    -- open | cancelled
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX volunteer_activities_community ON volunteer_activities (community_code, starts_at);

CREATE TABLE volunteer_slots (
  id {{pk}},
  activity_id BIGINT NOT NULL REFERENCES volunteer_activities (id),
  skill TEXT NOT NULL,
  wanted INTEGER NOT NULL
);
CREATE UNIQUE INDEX volunteer_slots_skill ON volunteer_slots (activity_id, skill);

CREATE TABLE volunteer_signups (
  id {{pk}},
  activity_id BIGINT NOT NULL REFERENCES volunteer_activities (id),
  slot_id BIGINT NOT NULL REFERENCES volunteer_slots (id),
  volunteer_id BIGINT NOT NULL REFERENCES volunteers (id),
  status TEXT NOT NULL,                   -- signed_up | checked_in | checked_out | verified | cancelled
  signed_up_by BIGINT NOT NULL,
  signed_up_at BIGINT NOT NULL,
  checkin_at BIGINT,
  checkout_at BIGINT,
  verified_minutes BIGINT NOT NULL DEFAULT 0,
  verified_by BIGINT,
  verified_at BIGINT
);
CREATE UNIQUE INDEX volunteer_signups_once ON volunteer_signups (activity_id, volunteer_id);
CREATE INDEX volunteer_signups_volunteer ON volunteer_signups (volunteer_id, id);
CREATE INDEX volunteer_signups_status ON volunteer_signups (status, activity_id);

-- The ledger. A group is one posting (verified hours) or one half of a correction; its entries
-- sum to zero. Accounts: kind 'volunteer' or 'activity' with the owner's id; balance_minutes is
-- the running balance kept with every posting (the verifier recomputes it from the entries).
CREATE TABLE volunteer_ledger_groups (
  id {{pk}},
  kind TEXT NOT NULL,                     -- verify | reverse | correct
  signup_id BIGINT REFERENCES volunteer_signups (id),
  reverses_group BIGINT,
  reason TEXT NOT NULL,
  posted_by BIGINT NOT NULL,
  posted_at BIGINT NOT NULL
);
CREATE TABLE volunteer_ledger_entries (
  id {{pk}},
  group_id BIGINT NOT NULL REFERENCES volunteer_ledger_groups (id),
  account_kind TEXT NOT NULL,             -- volunteer | activity
  account_id BIGINT NOT NULL,
  minutes BIGINT NOT NULL,                -- signed: credit +, debit -
  reason TEXT NOT NULL
);
CREATE INDEX volunteer_ledger_entries_account ON volunteer_ledger_entries (account_kind, account_id, id);
CREATE INDEX volunteer_ledger_entries_group ON volunteer_ledger_entries (group_id);
CREATE TABLE volunteer_accounts (
  account_kind TEXT NOT NULL,
  account_id BIGINT NOT NULL,
  balance_minutes BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (account_kind, account_id)
);

{{sqlite}}
CREATE TRIGGER volunteer_ledger_entries_no_update BEFORE UPDATE ON volunteer_ledger_entries
BEGIN SELECT RAISE(ABORT, 'volunteer ledger is append-only'); END;
CREATE TRIGGER volunteer_ledger_entries_no_delete BEFORE DELETE ON volunteer_ledger_entries
BEGIN SELECT RAISE(ABORT, 'volunteer ledger is append-only'); END;
CREATE TRIGGER volunteer_ledger_groups_no_update BEFORE UPDATE ON volunteer_ledger_groups
BEGIN SELECT RAISE(ABORT, 'volunteer ledger is append-only'); END;
CREATE TRIGGER volunteer_ledger_groups_no_delete BEFORE DELETE ON volunteer_ledger_groups
BEGIN SELECT RAISE(ABORT, 'volunteer ledger is append-only'); END;
{{end}}
{{postgres}}
CREATE FUNCTION volunteer_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'volunteer ledger is append-only'; END $$;
CREATE TRIGGER volunteer_ledger_entries_no_change BEFORE UPDATE OR DELETE ON volunteer_ledger_entries
FOR EACH ROW EXECUTE FUNCTION volunteer_ledger_append_only();
CREATE TRIGGER volunteer_ledger_entries_no_truncate BEFORE TRUNCATE ON volunteer_ledger_entries
FOR EACH STATEMENT EXECUTE FUNCTION volunteer_ledger_append_only();
CREATE TRIGGER volunteer_ledger_groups_no_change BEFORE UPDATE OR DELETE ON volunteer_ledger_groups
FOR EACH ROW EXECUTE FUNCTION volunteer_ledger_append_only();
CREATE TRIGGER volunteer_ledger_groups_no_truncate BEFORE TRUNCATE ON volunteer_ledger_groups
FOR EACH STATEMENT EXECUTE FUNCTION volunteer_ledger_append_only();
{{end}}
