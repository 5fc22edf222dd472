-- The care pages at city scale (issue 19, "Speed"; bench/care): the month's visits of a place,
-- indexed with what the compliance page counts and the visit list filters on. The compliance
-- page's two statements (by place below, by worker) read only month, place_code, category,
-- status, late, assignee_id and assignee_name: from this index alone, no table row (before, one
-- table lookup per visit, about 700 per community in a month, twice). The visit list pages in
-- (place_code, id) order, which the index keeps, and its category filter and keyset condition are
-- answered from the index before a row is read. It replaces care_visits_month_place (month,
-- place_code), whose leading columns it keeps, so the month's plan still writes one such index.
DROP INDEX care_visits_month_place;
CREATE INDEX care_visits_month_place ON care_visits (month, place_code, id, category, status, late,
  assignee_id, assignee_name);
