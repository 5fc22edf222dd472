-- The keyed audit chain (docs/decisions/0015, domain/audit/audit_chain.hpp). Records from the
-- cut-over on are chained with HMAC-SM3 under a key of the key file, named per record in
-- chain_key_id; records before it keep their plain SM3 hashes (chain_key_id ''), so anchors kept
-- before this migration stay valid. The cut-over is the sequence the next record gets. A server
-- of an older release appends plain records past it (an upgrade stops old servers first); the
-- verifier reports those.
CREATE TABLE audit_chain (
  keyed_from BIGINT NOT NULL
);
INSERT INTO audit_chain (keyed_from) SELECT COALESCE(MAX(sequence), 0) + 1 FROM audit_log;
ALTER TABLE audit_log ADD COLUMN chain_key_id TEXT NOT NULL DEFAULT '';
