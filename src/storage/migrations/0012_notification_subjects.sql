-- Notifications become a context of their own (decision 0011): a notification names what it is
-- about as a typed subject — subject_type ('event', 'escalation'; later visits, care orders,
-- volunteer tasks) and subject_id — instead of a path of the web app, which the web now maps
-- from the subject. Both NULL when the recipient has nothing to open (a department only
-- copied). Existing rows' links, all written by the server as /events/{id} or
-- /escalations/{id}, become their subjects; the link column goes.
ALTER TABLE notifications ADD COLUMN subject_type TEXT;
ALTER TABLE notifications ADD COLUMN subject_id BIGINT;

UPDATE notifications
SET subject_type = 'event', subject_id = CAST(substr(link, 9) AS BIGINT)
WHERE link LIKE '/events/%';

UPDATE notifications
SET subject_type = 'escalation', subject_id = CAST(substr(link, 14) AS BIGINT)
WHERE link LIKE '/escalations/%';

ALTER TABLE notifications DROP COLUMN link;
