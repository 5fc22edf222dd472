-- The month's visit plan written as plain SQL (bench/care/run.sh): for every category with a
-- visit rule (the rules of data/care/categories.json, as a VALUES table), every open archive of a
-- living person due this month, with the grid worker of the person's grid. :month and :index
-- (year * 12 + month - 1) are filled in by the script.
WITH rules(category, every) AS (VALUES ('dibao', 3), ('tekun', 1), ('dibian', 6),
  ('temporary_assistance', 3), ('advanced_age', 6), ('elderly_alone', 3), ('disabled_elderly', 1),
  ('family_planning_special', 3), ('elderly_special_difficulty', 1), ('child_in_difficulty', 1),
  ('left_behind_child', 3), ('disability', 6), ('severe_mental_disorder', 3), ('tuberculosis', 1)),
workers AS (SELECT g.scope_code, MIN(g.account_id) AS account_id FROM account_grants g
  JOIN accounts x ON x.id = g.account_id WHERE g.role = 'grid_worker' AND x.disabled = 0
  GROUP BY g.scope_code)
INSERT INTO care_visits (archive_id, resident_id, category, place_code, month, assignee_id,
  assignee_name, status, created_at, synthetic)
SELECT a.id, a.resident_id, a.category, r.place_code, :month, w.account_id, '', 'due', 0, a.synthetic
FROM care_archives a JOIN rules ON rules.category = a.category
JOIN residents r ON r.id = a.resident_id
LEFT JOIN workers w ON w.scope_code = r.grid_code
WHERE a.status = 'open' AND a.visit_anchor <= :index AND (:index - a.visit_anchor) % rules.every = 0
  AND r.status NOT IN ('deceased', 'moved_out')
ON CONFLICT DO NOTHING;
