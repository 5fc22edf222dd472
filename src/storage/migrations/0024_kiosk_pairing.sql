-- A resident signs in at a kiosk by scanning a code shown on it with their signed-in phone
-- (domain/kiosks/kiosk_pairing.hpp, decision 0028).
--
-- kiosk_pairings: one-time challenges a kiosk shows as a QR code. The secret (32 random bytes)
-- is stored only as its SHA-256 (secret_hash), as device and session tokens are. A challenge is
-- bound to the kiosk that asked for it, good for about two minutes (expires_at), approved at
-- most once by a resident's account (approved_at, account_id) and consumed at most once by the
-- kiosk's poll that starts the resident's session (consumed_at). A kiosk has one live challenge:
-- asking for a new one deletes its older ones, and every write deletes the expired rows of all
-- kiosks, so the table holds at most about one row per kiosk.
CREATE TABLE kiosk_pairings (
  id {{pk}},
  kiosk_id BIGINT NOT NULL REFERENCES kiosks (id),
  secret_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  approved_at BIGINT,
  account_id BIGINT,                  -- the approving resident's account
  consumed_at BIGINT
);
CREATE INDEX kiosk_pairings_kiosk ON kiosk_pairings (kiosk_id);
CREATE INDEX kiosk_pairings_expires ON kiosk_pairings (expires_at);
