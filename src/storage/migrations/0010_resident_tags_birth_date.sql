-- A tag row carries its resident's birth date, as it already carries their place code, so that
-- a list filtered by a tag and sorted or bounded by age ("a town's elderly living alone, oldest
-- first") takes the page's ids from one stretch of the tag index — tag, place, birth date,
-- resident and validity — without reading a resident row for each tagged person. On the
-- synthetic city such a page read a few thousand resident rows at random (p99 near a second on
-- a cold cache). Kept by the people repository wherever a resident's birth date is written.
ALTER TABLE resident_tags ADD COLUMN birth_date TEXT NOT NULL DEFAULT '';

UPDATE resident_tags
SET birth_date = (SELECT r.birth_date FROM residents r WHERE r.id = resident_tags.resident_id);

-- (A bulk load that died may have left the old index dropped and recorded as deferred.)
DROP INDEX IF EXISTS resident_tags_code;
DELETE FROM deferred_indexes WHERE name = 'resident_tags_code';
CREATE INDEX resident_tags_code
  ON resident_tags (tag_code, place_code, birth_date, resident_id, valid_from, valid_until);
