-- Community charity (issue 20 item 4, domain/charity; decision 0048): community charity funds,
-- the donations they receive (money in fen, or in kind), the needs a community posts, the
-- disbursements from a fund (approved by its managers) and the fund's ledger.
-- Money is always an integer number of fen. Every money movement is one row of
-- charity_ledger, which is append-only (triggers on both engines, like audit_log): a mistake is
-- corrected by a reversing entry. charity_funds.balance_fen is kept in the same transaction as
-- the entry and must equal the sum of the fund's entries (CharityService::Verify).

CREATE TABLE charity_funds (
  id {{pk}},
  community_code TEXT NOT NULL REFERENCES divisions (code),
  name TEXT NOT NULL,
  opened_on TEXT NOT NULL,
  status TEXT NOT NULL,               -- active | closed
  managing_organisation TEXT NOT NULL,
  balance_fen BIGINT NOT NULL DEFAULT 0 CHECK (balance_fen >= 0),
  created_by BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX charity_funds_community ON charity_funds (community_code);

CREATE TABLE charity_donations (
  id {{pk}},
  fund_id BIGINT NOT NULL REFERENCES charity_funds (id),
  kind TEXT NOT NULL,                 -- money | in_kind
  amount_fen BIGINT NOT NULL DEFAULT 0 CHECK (amount_fen >= 0),
  item TEXT NOT NULL DEFAULT '',
  quantity BIGINT NOT NULL DEFAULT 0,
  unit TEXT NOT NULL DEFAULT '',
  estimated_value_fen BIGINT NOT NULL DEFAULT 0 CHECK (estimated_value_fen >= 0),
  donor_name TEXT NOT NULL DEFAULT '',
  anonymous INTEGER NOT NULL DEFAULT 0,
  donor_phone TEXT NOT NULL DEFAULT '',
  donated_on TEXT NOT NULL,
  facility_id BIGINT REFERENCES facilities (id),
  reversed INTEGER NOT NULL DEFAULT 0,
  recorded_by BIGINT NOT NULL,
  recorded_by_name TEXT NOT NULL,
  recorded_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX charity_donations_fund ON charity_donations (fund_id, donated_on);

CREATE TABLE charity_needs (
  id {{pk}},
  community_code TEXT NOT NULL REFERENCES divisions (code),
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  disbursed_fen BIGINT NOT NULL DEFAULT 0,
  status TEXT NOT NULL,               -- open | partly | fulfilled | closed
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX charity_needs_community ON charity_needs (community_code, status);

CREATE TABLE charity_disbursements (
  id {{pk}},
  fund_id BIGINT NOT NULL REFERENCES charity_funds (id),
  need_id BIGINT REFERENCES charity_needs (id),
  purpose TEXT NOT NULL,
  amount_fen BIGINT NOT NULL CHECK (amount_fen > 0),
  status TEXT NOT NULL,               -- pending | approved | rejected | reversed
  requested_by BIGINT NOT NULL,
  requested_by_name TEXT NOT NULL,
  requested_at BIGINT NOT NULL,
  decided_by BIGINT NOT NULL DEFAULT 0,
  decided_by_name TEXT NOT NULL DEFAULT '',
  decided_at BIGINT NOT NULL DEFAULT 0,
  decision_note TEXT NOT NULL DEFAULT '',
  paid_on TEXT NOT NULL DEFAULT '',
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX charity_disbursements_fund ON charity_disbursements (fund_id, status);

-- amount_fen is signed: + a donation received, - a disbursement paid, and a reversal the
-- opposite of the entry it reverses (at most one reversal per entry).
CREATE TABLE charity_ledger (
  id {{pk}},
  fund_id BIGINT NOT NULL REFERENCES charity_funds (id),
  kind TEXT NOT NULL,                 -- donation | disbursement | reversal
  amount_fen BIGINT NOT NULL CHECK (amount_fen <> 0),
  donation_id BIGINT REFERENCES charity_donations (id),
  disbursement_id BIGINT REFERENCES charity_disbursements (id),
  reverses_entry_id BIGINT REFERENCES charity_ledger (id),
  entry_on TEXT NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX charity_ledger_fund ON charity_ledger (fund_id, id);
CREATE UNIQUE INDEX charity_ledger_reverses ON charity_ledger (reverses_entry_id);

{{sqlite}}
CREATE TRIGGER charity_ledger_no_update BEFORE UPDATE ON charity_ledger
BEGIN SELECT RAISE(ABORT, 'charity ledger is append-only'); END;
CREATE TRIGGER charity_ledger_no_delete BEFORE DELETE ON charity_ledger
BEGIN SELECT RAISE(ABORT, 'charity ledger is append-only'); END;
{{end}}
{{postgres}}
CREATE FUNCTION charity_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'charity ledger is append-only'; END $$;
CREATE TRIGGER charity_ledger_no_change BEFORE UPDATE OR DELETE ON charity_ledger
FOR EACH ROW EXECUTE FUNCTION charity_ledger_append_only();
CREATE TRIGGER charity_ledger_no_truncate BEFORE TRUNCATE ON charity_ledger
FOR EACH STATEMENT EXECUTE FUNCTION charity_ledger_append_only();
{{end}}
