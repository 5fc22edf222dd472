-- Mandatory reports of harm to a child (强制报告; issue 19 item 4, domain/care/mandatory_reports.hpp,
-- decision 0034): filed by a mandated reporter (role institution) about a child of a community,
-- handled by the community's children's director and the county's civil-affairs officers, with
-- working-day deadlines. A restricted record of its own: no event, no board.

CREATE TABLE mandatory_reports (
  id {{pk}},
  receipt_code TEXT NOT NULL DEFAULT '',
  reporter_id BIGINT NOT NULL REFERENCES accounts (id),
  reporter_name TEXT NOT NULL,
  institution TEXT NOT NULL,
  contact_phone TEXT NOT NULL,
  place_code TEXT NOT NULL,               -- the child's community
  kind TEXT NOT NULL,
  urgent INTEGER NOT NULL DEFAULT 0,
  child_name TEXT NOT NULL DEFAULT '',
  child_age INTEGER,
  child_address TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL,
  status TEXT NOT NULL,                   -- received | acknowledged | closed
  filed_at BIGINT NOT NULL,
  acknowledge_due_at BIGINT NOT NULL,
  close_due_at BIGINT NOT NULL,
  acknowledged_at BIGINT,
  acknowledged_by_name TEXT NOT NULL DEFAULT '',
  closed_at BIGINT,
  closed_by_name TEXT NOT NULL DEFAULT '',
  outcome TEXT NOT NULL DEFAULT '',
  referral TEXT NOT NULL DEFAULT 'none',
  escalations INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX mandatory_reports_place ON mandatory_reports (place_code, id);
CREATE INDEX mandatory_reports_reporter ON mandatory_reports (reporter_id, id);
CREATE INDEX mandatory_reports_open ON mandatory_reports (status, escalations);
