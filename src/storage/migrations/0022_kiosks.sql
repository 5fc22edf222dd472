-- Kiosks (自助终端) and hall displays registered per community, and the hall's queue tickets
-- (叫号), issue 17 item 5 (domain/kiosks, decision 0025). A device token is stored only as its
-- SHA-256 (token_hash). Tickets are numbered per community and China date through
-- queue_ticket_counters, whose row is taken with INSERT … ON CONFLICT DO UPDATE … RETURNING in
-- the ticket's own transaction, so concurrent takes get distinct numbers on both engines.

CREATE TABLE kiosks (
  id {{pk}},
  community_code TEXT NOT NULL REFERENCES divisions (code),
  name TEXT NOT NULL,
  location TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL,                 -- kiosk | display
  enabled INTEGER NOT NULL DEFAULT 1,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  created_by BIGINT NOT NULL,         -- account id (0: the command line)
  created_by_name TEXT NOT NULL,
  disabled_at BIGINT,
  last_seen_at BIGINT
);
CREATE INDEX kiosks_community ON kiosks (community_code, id);

CREATE TABLE queue_ticket_counters (
  community_code TEXT NOT NULL,
  service_date TEXT NOT NULL,         -- China date YYYY-MM-DD
  last_number INTEGER NOT NULL,
  PRIMARY KEY (community_code, service_date)
);

CREATE TABLE queue_tickets (
  id {{pk}},
  community_code TEXT NOT NULL REFERENCES divisions (code),
  service_date TEXT NOT NULL,
  number INTEGER NOT NULL,
  code TEXT NOT NULL,                 -- A001
  category TEXT NOT NULL,             -- a service category of the catalogue
  state TEXT NOT NULL,                -- waiting | called | served | skipped | closed
  desk TEXT NOT NULL DEFAULT '',      -- the window that called it
  kiosk_id BIGINT REFERENCES kiosks (id),
  taken_by BIGINT,                    -- the account that took it at the desk
  taken_at BIGINT NOT NULL,
  called_at BIGINT,
  call_count INTEGER NOT NULL DEFAULT 0,
  finished_at BIGINT,
  UNIQUE (community_code, service_date, number)
);
CREATE INDEX queue_tickets_state ON queue_tickets (state, service_date);
