-- An SMS that carries a secret (issue 15 item 2; decision 0020): a password reset's temporary
-- password goes to the holder's phone. Its text is not the notification's (the bell says only
-- that the password was reset) and is never stored in clear: body_cipher holds it sealed
-- (SM4-CTR + HMAC-SM3, decision 0015) and bound to (sms_messages, body, id). The delivery job
-- opens it when it sends; it is erased (NULL) once the message is sent or has failed for good.
-- NULL for every other message, whose text is the notification's.
ALTER TABLE sms_messages ADD COLUMN body_cipher TEXT;
