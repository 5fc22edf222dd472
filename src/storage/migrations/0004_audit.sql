-- The append-only, hash-chained audit log (audit context; see domain/audit/audit_chain.hpp).
-- sequence is assigned by the writer (last + 1, under the append lock), so the chain is
-- dense: a gap means deleted records. hash = hex SM3(previous_hash || canonical record).
-- The audit_append_only token (substituted by storage/migrations.cpp: the two engines share
-- no trigger syntax) installs triggers that refuse UPDATE and DELETE (and TRUNCATE on
-- PostgreSQL); the verifier does not rely on them.

CREATE TABLE audit_log (
  sequence {{pk}},
  at BIGINT NOT NULL,
  actor_id BIGINT NOT NULL,
  actor_name TEXT NOT NULL,
  action TEXT NOT NULL,
  subject_type TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  division_code TEXT NOT NULL,
  detail TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  request_id TEXT NOT NULL,
  previous_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, sequence);
CREATE INDEX audit_log_actor ON audit_log (actor_id, sequence);
CREATE INDEX audit_log_division ON audit_log (division_code, sequence);
CREATE INDEX audit_log_at ON audit_log (at);

{{audit_append_only}}
