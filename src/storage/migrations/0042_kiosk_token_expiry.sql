-- Device tokens of kiosks and hall displays expire (issue 17; decision 0050): a token stops a
-- year after it was given, or 30 days after the device was last seen with it. token_issued_at
-- is when the current token was given (registration or 更换令牌); kiosks registered before this
-- migration count from their registration.

ALTER TABLE kiosks ADD COLUMN token_issued_at BIGINT NOT NULL DEFAULT 0;
UPDATE kiosks SET token_issued_at = created_at;
