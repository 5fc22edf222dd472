-- Applications past a stage's deadline are told to the level above by the job
-- care.application_deadlines (domain/care/applications.hpp), once per stage, as mandatory reports
-- are (0031): escalations is 1 once the town's review (or an emergency's decision) was told to
-- the county, 2 once the county's approval was told to the city.
ALTER TABLE care_applications ADD COLUMN escalations INTEGER NOT NULL DEFAULT 0;
CREATE INDEX care_applications_open ON care_applications (status, escalations);
