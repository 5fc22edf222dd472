-- The population registry (people context; see domain/people/people.hpp): buildings,
-- households, residents, the tag dictionary and residents' tags, and the residence history.
-- Every row carries community_code and grid_code; place_code is the grid code, or the
-- community code when there is no grid, and every scoped query filters it by prefix
-- (place_code LIKE '321002%'), so the scoped indexes start with it.
-- ID and phone numbers are stored only encrypted (SM4-CTR + HMAC-SM3, see core/crypto) with a
-- keyed blind index for exact search; the ID blind index is unique (one person, one row).
-- Dates are 'YYYY-MM-DD' text; ages are computed from birth_date at query time.

CREATE TABLE buildings (
  id {{pk}},
  community_code TEXT NOT NULL,
  grid_code TEXT NOT NULL,
  micro_grid_code TEXT NOT NULL DEFAULT '',
  place_code TEXT NOT NULL,
  address TEXT NOT NULL,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  kind TEXT NOT NULL,                -- residential | mixed | other
  floors INTEGER NOT NULL CHECK (floors BETWEEN 1 AND 200),
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX buildings_place ON buildings (place_code, id);

CREATE TABLE households (
  id {{pk}},
  building_id BIGINT NOT NULL REFERENCES buildings (id),
  room TEXT NOT NULL,
  type TEXT NOT NULL,                -- registered | actual
  head_id BIGINT,                    -- a resident (no FK: residents reference households)
  since TEXT NOT NULL,
  until TEXT,
  community_code TEXT NOT NULL,
  grid_code TEXT NOT NULL,
  place_code TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX households_place ON households (place_code, id);
CREATE INDEX households_building ON households (building_id, room);

CREATE TABLE residents (
  id {{pk}},
  name TEXT NOT NULL,
  id_number_cipher TEXT NOT NULL,
  id_number_index TEXT NOT NULL,
  phone_cipher TEXT,
  phone_index TEXT,
  sex TEXT NOT NULL,                 -- male | female (derived from the ID number)
  birth_date TEXT NOT NULL,          -- YYYY-MM-DD (derived from the ID number)
  ethnicity_code TEXT NOT NULL,
  status TEXT NOT NULL,              -- registered_resident | floating | away | moved_out | deceased
  status_since TEXT NOT NULL,
  household_id BIGINT REFERENCES households (id),
  relation TEXT,
  community_code TEXT NOT NULL,
  grid_code TEXT NOT NULL DEFAULT '',
  place_code TEXT NOT NULL,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE UNIQUE INDEX residents_id_number ON residents (id_number_index);
CREATE INDEX residents_phone ON residents (phone_index);
CREATE INDEX residents_place_name ON residents (place_code, name, id);
CREATE INDEX residents_place_birth ON residents (place_code, birth_date, id);
CREATE INDEX residents_place_status ON residents (place_code, status);
CREATE INDEX residents_name ON residents (name, id);
CREATE INDEX residents_birth ON residents (birth_date, id);
CREATE INDEX residents_household ON residents (household_id);

CREATE TABLE tag_definitions (
  code TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  category TEXT NOT NULL,
  has_grade INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
INSERT INTO tag_definitions (code, name, category, has_grade, created_at) VALUES
  ('elderly_alone', '独居老人', 'elderly', 0, {{now_ms}}),
  ('elderly_special_difficulty', '特殊困难老年人', 'elderly', 0, {{now_ms}}),
  ('disability', '残疾人', 'disability', 1, {{now_ms}}),
  ('dibao', '低保', 'assistance', 0, {{now_ms}}),
  ('tekun', '特困', 'assistance', 0, {{now_ms}}),
  ('dibian', '低边', 'assistance', 0, {{now_ms}}),
  ('expenditure_difficulty', '支出型困难', 'assistance', 0, {{now_ms}}),
  ('child_in_difficulty', '困境儿童', 'children', 0, {{now_ms}}),
  ('left_behind_child', '留守儿童', 'children', 0, {{now_ms}}),
  ('veteran', '退役军人', 'veteran', 0, {{now_ms}}),
  ('health_0_6', '0-6岁儿童', 'health', 0, {{now_ms}}),
  ('pregnant', '孕产妇', 'health', 0, {{now_ms}}),
  ('health_65_plus', '65岁及以上老年人', 'health', 0, {{now_ms}}),
  ('chronic_disease', '慢性病患者', 'health', 0, {{now_ms}}),
  ('severe_mental_disorder', '严重精神障碍患者', 'health', 0, {{now_ms}}),
  ('tuberculosis', '肺结核患者', 'health', 0, {{now_ms}}),
  ('party_member', '党员', 'party', 0, {{now_ms}}),
  ('volunteer', '志愿者', 'volunteer', 0, {{now_ms}});

CREATE TABLE resident_tags (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  tag_code TEXT NOT NULL REFERENCES tag_definitions (code),
  grade INTEGER CHECK (grade IS NULL OR grade BETWEEN 1 AND 4),
  subcategory TEXT NOT NULL DEFAULT '',
  valid_from TEXT NOT NULL,
  valid_until TEXT,
  source TEXT NOT NULL DEFAULT '',
  place_code TEXT NOT NULL,          -- the resident's, for scoped counts by tag
  created_at BIGINT NOT NULL
);
CREATE INDEX resident_tags_resident ON resident_tags (resident_id, valid_from);
CREATE INDEX resident_tags_code ON resident_tags (tag_code, place_code, resident_id);

CREATE TABLE residence_history (
  id {{pk}},
  resident_id BIGINT NOT NULL REFERENCES residents (id),
  household_id BIGINT,
  community_code TEXT NOT NULL,
  grid_code TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,
  valid_from TEXT NOT NULL,
  valid_until TEXT,                  -- NULL: the open (current) record
  event TEXT NOT NULL                -- birth | move_in | move_out | status | death
);
CREATE INDEX residence_history_resident ON residence_history (resident_id, valid_from);
CREATE INDEX residence_history_grid ON residence_history (grid_code, valid_from);
