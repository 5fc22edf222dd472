-- Name search by substring (docs/decisions/0007-name-search.md): one row for every distinct
-- character and every distinct pair of adjacent characters of a resident's name, with the
-- name, the resident and their place. A search for "秀英" walks the rows of the gram "秀英"
-- in name order, keeps those whose name contains the whole text and whose place is in scope,
-- and stops at the page's end, all from the one index, without reading a resident row.
-- A query of one character uses its unigram, a longer one one of its bigrams (names are 2–4
-- characters, so trigrams would not help the usual 1–2 character search).
-- Kept by the people repository on every write of a name or a place (storage/people); the
-- index is deferred with the registry's during bulk loads (storage/bulk_write.hpp).
-- No foreign key: residents are never deleted, and a key would make SQLite scan this table.
CREATE TABLE resident_name_grams (
  gram TEXT NOT NULL,
  name TEXT NOT NULL,
  resident_id BIGINT NOT NULL,
  place_code TEXT NOT NULL
);

-- The grams of the residents already registered, computed as the repository computes them
-- (characters as both engines count them in length() and substr(); a gram is written at its
-- first occurrence in the name only).
WITH RECURSIVE positions (n) AS (
  SELECT 1
  UNION ALL
  SELECT n + 1 FROM positions
  WHERE n < (SELECT COALESCE(MAX(length(name)), 0) FROM residents)
)
INSERT INTO resident_name_grams (gram, name, resident_id, place_code)
SELECT substr(r.name, p.n, 1), r.name, r.id, r.place_code
FROM residents r JOIN positions p ON p.n <= length(r.name)
WHERE length(replace(substr(r.name, 1, p.n - 1), substr(r.name, p.n, 1), '')) = p.n - 1
UNION ALL
SELECT substr(r.name, p.n, 2), r.name, r.id, r.place_code
FROM residents r JOIN positions p ON p.n < length(r.name)
WHERE length(replace(substr(r.name, 1, p.n), substr(r.name, p.n, 2), '')) = p.n;

CREATE INDEX resident_name_grams_gram ON resident_name_grams (gram, name, resident_id, place_code);
