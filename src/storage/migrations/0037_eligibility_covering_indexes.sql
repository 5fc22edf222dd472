-- 政策找人's one pass (decision 0042) reads the people the rules reach by age along
-- residents_birth, and the disability tag's grade: both from their index alone. residents_birth
-- carries each person's status and sex after the birth date and id (a range of birth dates no
-- longer reads a resident row per person: at the city, a quarter of a million at random for the
-- 80-year-olds), and the graded tags (disability) get a partial index carrying the grade.
-- (A bulk load that died may have left the old index dropped and recorded as deferred.)
DROP INDEX IF EXISTS residents_birth;
DELETE FROM deferred_indexes WHERE name = 'residents_birth';
CREATE INDEX residents_birth ON residents (birth_date, id, status, sex);
CREATE INDEX resident_tags_graded
  ON resident_tags (tag_code, resident_id, grade, valid_from, valid_until) WHERE grade IS NOT NULL;
