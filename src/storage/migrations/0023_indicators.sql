-- Plan indicators (issue 18, domain/indicators, decision 0029): the monthly snapshot of the
-- computed figures of every place (community, town, county, city) with the per_unit shortfalls,
-- and the reported figures with their approval steps. Periods are China months "YYYY-MM".

CREATE TABLE indicator_figures (
  period TEXT NOT NULL,
  place_code TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  variant TEXT NOT NULL DEFAULT '',
  numerator DOUBLE PRECISION NOT NULL,
  denominator DOUBLE PRECISION NOT NULL,
  units BIGINT NOT NULL,
  computed_at BIGINT NOT NULL,
  PRIMARY KEY (place_code, period, indicator_id, variant)
);
CREATE INDEX indicator_figures_period ON indicator_figures (period, indicator_id);

CREATE TABLE indicator_shortfalls (
  period TEXT NOT NULL,
  indicator_id TEXT NOT NULL,
  place_code TEXT NOT NULL,           -- the unit's community (or town / county)
  subject TEXT NOT NULL               -- the facility's or complex's name
);
CREATE INDEX indicator_shortfalls_period ON indicator_shortfalls (period, indicator_id, place_code);

CREATE TABLE indicator_reports (
  id {{pk}},
  indicator_id TEXT NOT NULL,
  variant TEXT NOT NULL DEFAULT '',
  place_code TEXT NOT NULL REFERENCES divisions (code),
  period TEXT NOT NULL,
  numerator DOUBLE PRECISION NOT NULL,
  denominator DOUBLE PRECISION NOT NULL,
  note TEXT NOT NULL DEFAULT '',
  state TEXT NOT NULL,                -- submitted | returned | approved
  approved_level TEXT NOT NULL DEFAULT '',  -- the last level that approved
  return_reason TEXT NOT NULL DEFAULT '',
  entered_by BIGINT NOT NULL,
  entered_by_name TEXT NOT NULL,
  entered_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX indicator_reports_place ON indicator_reports (place_code, period, indicator_id);
CREATE INDEX indicator_reports_period ON indicator_reports (period, state);
-- One live (not returned) figure per place, month, indicator and variant.
CREATE UNIQUE INDEX indicator_reports_live ON indicator_reports (place_code, period, indicator_id, variant)
  WHERE state <> 'returned';

CREATE TABLE indicator_report_steps (
  id {{pk}},
  report_id BIGINT NOT NULL REFERENCES indicator_reports (id),
  action TEXT NOT NULL,               -- submit | approve | return
  level TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL DEFAULT '',
  actor_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX indicator_report_steps_report ON indicator_report_steps (report_id, id);
