-- Care visits (issue 19 item 2, decision 0039): the photos a worker takes on a visit, and a need
-- found on a visit handed on in one step — reported as an event (the grid's event flow) or filed
-- as a service request for the person — with the record it became.

CREATE TABLE care_visit_photos (
  id {{pk}},
  visit_id BIGINT NOT NULL REFERENCES care_visits (id),
  content_type TEXT NOT NULL,             -- image/jpeg | image/png
  byte_size BIGINT NOT NULL,
  storage_name TEXT NOT NULL,             -- the file store's random name (uploads/visit-photos)
  created_by BIGINT NOT NULL,
  created_by_name TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX care_visit_photos_visit ON care_visit_photos (visit_id, id);

ALTER TABLE care_needs ADD COLUMN event_id BIGINT REFERENCES events (id);
ALTER TABLE care_needs ADD COLUMN request_id BIGINT REFERENCES service_requests (id);
