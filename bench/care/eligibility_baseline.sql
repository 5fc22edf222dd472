-- 政策找人 as plain SQL (bench/care/eligibility.sh): the six rules of data/care/benefits.json
-- written by hand, each giving the two sets a nightly run finds — people who qualify and are not
-- enrolled, and people enrolled who no longer qualify (or died or left) — materialised in temp
-- tables. :date is the day, :b60 / :b80 the birth dates on or before which a person is 60 / 80.
CREATE TEMP TABLE valid_tags AS
  SELECT resident_id, tag_code, grade FROM resident_tags
  WHERE valid_from <= :date AND (valid_until IS NULL OR valid_until > :date);
CREATE INDEX temp.valid_tags_code ON valid_tags (tag_code, resident_id);
CREATE TEMP TABLE rule (benefit TEXT, resident_id INTEGER);
INSERT INTO rule SELECT 'advanced_age_allowance', r.id FROM residents r
  WHERE r.birth_date <= :b80 AND r.status IN ('registered_resident', 'away');
INSERT INTO rule SELECT 'poor_disabled_living_subsidy', d.resident_id FROM valid_tags d
  WHERE d.tag_code = 'disability' AND EXISTS (SELECT 1 FROM valid_tags p
    WHERE p.resident_id = d.resident_id AND p.tag_code IN ('dibao', 'dibian', 'tekun'));
INSERT INTO rule SELECT 'severe_disability_care_subsidy', r.id FROM valid_tags d
  JOIN residents r ON r.id = d.resident_id
  WHERE d.tag_code = 'disability' AND d.grade <= 2
    AND r.status IN ('registered_resident', 'floating', 'away');
INSERT INTO rule SELECT 'tekun_support', r.id FROM valid_tags a
  JOIN valid_tags b ON b.resident_id = a.resident_id AND b.tag_code = 'dibao'
  JOIN residents r ON r.id = a.resident_id
  WHERE a.tag_code = 'elderly_alone' AND (r.birth_date <= :b60 OR EXISTS (SELECT 1 FROM valid_tags d
    WHERE d.resident_id = r.id AND d.tag_code = 'disability' AND d.grade <= 2));
INSERT INTO rule SELECT 'special_difficulty_elderly', r.id FROM residents r
  WHERE r.birth_date <= :b60 AND (
    (r.birth_date <= :b80 AND r.id IN (SELECT resident_id FROM valid_tags WHERE tag_code = 'elderly_alone'))
    OR r.id IN (SELECT resident_id FROM valid_tags WHERE tag_code = 'disability' AND grade <= 2)
    OR r.id IN (SELECT resident_id FROM valid_tags WHERE tag_code = 'tekun'));
INSERT INTO rule SELECT 'temporary_assistance_check', t.resident_id FROM valid_tags t
  WHERE t.tag_code = 'expenditure_difficulty' AND NOT EXISTS (SELECT 1 FROM care_archives a
    WHERE a.resident_id = t.resident_id AND a.category = 'temporary_assistance' AND a.status = 'open');
CREATE INDEX temp.rule_key ON rule (benefit, resident_id);
-- The two sets.
CREATE TEMP TABLE eligible AS
  SELECT DISTINCT f.benefit, f.resident_id FROM rule f JOIN residents r ON r.id = f.resident_id
  WHERE r.status NOT IN ('deceased', 'moved_out') AND NOT EXISTS (SELECT 1 FROM care_enrolments e
    WHERE e.resident_id = f.resident_id AND e.benefit = f.benefit AND e.until_on = '');
CREATE TEMP TABLE lapsed AS
  SELECT e.benefit, e.resident_id FROM care_enrolments e JOIN residents r ON r.id = e.resident_id
  WHERE e.until_on = '' AND (r.status IN ('deceased', 'moved_out') OR NOT EXISTS (SELECT 1 FROM rule f
    WHERE f.benefit = e.benefit AND f.resident_id = e.resident_id));
SELECT (SELECT COUNT(*) FROM eligible) || ' ' || (SELECT COUNT(*) FROM lapsed);
