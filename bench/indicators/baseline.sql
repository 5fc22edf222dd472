-- The baseline of bench/indicators: the same aggregates the computed indicators store (B1a, B1b,
-- B1c, B1d, C5a, C5b, B2a, B3 of one month, by community, town, county and city), written as
-- plain SQL GROUP BY queries over the same tables and stored in a table of the database, as the
-- snapshot is (in one transaction; the per-unit rows in a temporary table on the way).
-- :from / :to / :day are substituted by run.sh (epoch ms of the month, its last day).
DROP TABLE IF EXISTS temp.baseline_units;
DROP TABLE IF EXISTS bench_baseline_figures;
BEGIN;
CREATE TEMP TABLE baseline_units AS
  -- B1a / B1b: facility areas of the open facilities that count, households of the registry.
  SELECT 'B1a' AS id, community_code AS place, SUM(area) AS num, SUM(households) AS den FROM (
      SELECT community_code, SUM(floor_area) AS area, 0 AS households FROM facilities
       WHERE type_code IN ('party_service_center', 'elderly_day_care', 'elderly_canteen',
             'childcare', 'children_home', 'disability_home', 'social_work_room',
             'volunteer_station', 'parent_school', 'culture_center')
         AND status <> 'planned' AND (opened_on IS NULL OR opened_on = '' OR opened_on <= :day)
         AND (closed_on IS NULL OR closed_on = '' OR closed_on > :day)
       GROUP BY community_code
      UNION ALL
      SELECT community_code, 0, COUNT(*) FROM households WHERE until IS NULL GROUP BY community_code)
   GROUP BY community_code
  UNION ALL
  SELECT 'B1b', community_code, SUM(service_area), SUM(floor_area) FROM facilities
   WHERE type_code IN ('party_service_center', 'elderly_day_care', 'elderly_canteen',
         'childcare', 'children_home', 'disability_home', 'social_work_room',
         'volunteer_station', 'parent_school', 'culture_center')
     AND status <> 'planned' AND (opened_on IS NULL OR opened_on = '' OR opened_on <= :day)
     AND (closed_on IS NULL OR closed_on = '' OR closed_on > :day)
   GROUP BY community_code
  UNION ALL
  -- C5a: public childcare points of at least 200 m².
  SELECT 'C5a', community_code, SUM(floor_area >= 200), COUNT(*) FROM facilities
   WHERE type_code = 'childcare' AND is_public = 1 AND status <> 'planned'
     AND (opened_on IS NULL OR opened_on = '' OR opened_on <= :day)
     AND (closed_on IS NULL OR closed_on = '' OR closed_on > :day)
   GROUP BY community_code
  UNION ALL
  -- B1c / B1d / C5b: new residential complexes.
  SELECT 'B1c', community_code, SUM(supporting_room_area >= 0.003 * total_floor_area), COUNT(*)
    FROM residential_complexes WHERE created_at < :to GROUP BY community_code
  UNION ALL
  SELECT 'B1d', community_code, SUM(commerce_service_area >= 0.10 * community_area), COUNT(*)
    FROM residential_complexes WHERE created_at < :to AND community_area > 0 GROUP BY community_code
  UNION ALL
  SELECT 'C5b', c.community_code, SUM(EXISTS (SELECT 1 FROM facilities f WHERE
         f.community_code = c.community_code AND f.type_code = 'childcare' AND f.status <> 'planned')),
         COUNT(*) FROM residential_complexes c WHERE c.created_at < :to GROUP BY c.community_code
  UNION ALL
  -- B2a: urban communities with a kiosk registered before the month's end, not disabled by then.
  SELECT 'B2a', d.code, EXISTS (SELECT 1 FROM kiosks k WHERE k.community_code = d.code AND
         k.kind = 'kiosk' AND k.created_at < :to AND (k.disabled_at IS NULL OR k.disabled_at >= :to)), 1
    FROM divisions d WHERE d.level = 'community' AND d.kind = 'urban' AND d.retired_at IS NULL
     AND d.code LIKE '3210%'
  UNION ALL
  -- B3: the month's requests, those of fully-online items filed by residents themselves.
  SELECT 'B3', community_code, SUM(fully_online = 1 AND channel IN ('web', 'mobile', 'kiosk')),
         COUNT(*) FROM service_requests WHERE state <> 'withdrawn' AND created_at >= :from
     AND created_at < :to GROUP BY community_code;
-- Every level at once, as the snapshot stores it.
CREATE TABLE bench_baseline_figures AS
  SELECT id, place, SUM(num) AS num, SUM(den) AS den, COUNT(*) AS units FROM baseline_units GROUP BY id, place
  UNION ALL
  SELECT id, substr(place, 1, 9), SUM(num), SUM(den), COUNT(*) FROM baseline_units GROUP BY id, substr(place, 1, 9)
  UNION ALL
  SELECT id, substr(place, 1, 6), SUM(num), SUM(den), COUNT(*) FROM baseline_units GROUP BY id, substr(place, 1, 6)
  UNION ALL
  SELECT id, substr(place, 1, 4), SUM(num), SUM(den), COUNT(*) FROM baseline_units GROUP BY id, substr(place, 1, 4);
COMMIT;
SELECT COUNT(*) FROM bench_baseline_figures;
