-- Facilities and life circles (facilities context; see domain/facilities/facilities.hpp):
-- the facility registry, new residential complexes checked against the plan's area
-- standards, the walking network (one compact row per imported area), and the stored results
-- of the life-circle computation (coverage per circle, facility type and division; the
-- uncovered residential buildings per circle) so that reads never recompute.
-- place_code is the community code (facilities have no grid); scoped queries filter it by
-- prefix. Areas are square metres (DOUBLE PRECISION); dates 'YYYY-MM-DD'; times epoch ms.

CREATE TABLE facilities (
  id {{pk}},
  community_code TEXT NOT NULL,
  place_code TEXT NOT NULL,
  type_code TEXT NOT NULL,
  name TEXT NOT NULL,
  address TEXT NOT NULL DEFAULT '',
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  building_id BIGINT,
  floor_area DOUBLE PRECISION NOT NULL CHECK (floor_area >= 0),
  service_area DOUBLE PRECISION NOT NULL CHECK (service_area >= 0),
  is_public INTEGER NOT NULL DEFAULT 1,
  opening_hours TEXT NOT NULL DEFAULT '',
  capacity INTEGER,
  operator_name TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL,              -- planned | open | suspended | closed
  opened_on TEXT,
  closed_on TEXT,
  synthetic INTEGER NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX facilities_place ON facilities (place_code, id);
CREATE INDEX facilities_type ON facilities (type_code, place_code);

CREATE TABLE residential_complexes (
  id {{pk}},
  community_code TEXT NOT NULL,
  place_code TEXT NOT NULL,
  name TEXT NOT NULL,
  total_floor_area DOUBLE PRECISION NOT NULL,
  supporting_room_area DOUBLE PRECISION NOT NULL,
  community_area DOUBLE PRECISION NOT NULL,
  commerce_service_area DOUBLE PRECISION NOT NULL,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX residential_complexes_place ON residential_complexes (place_code, id);

-- One row per imported area (a town code, or the city code for a whole-city file): the
-- network after keeping the largest connected component, as little-endian arrays
-- (nodes: lat, lon float64 pairs; edges: from, to uint32 pairs). See
-- docs/decisions/0005-osm-walking-network.md.
CREATE TABLE walking_networks (
  area_code TEXT PRIMARY KEY,
  node_count BIGINT NOT NULL,
  edge_count BIGINT NOT NULL,
  nodes {{blob}} NOT NULL,
  edges {{blob}} NOT NULL,
  source_name TEXT NOT NULL DEFAULT '',
  imported_at BIGINT NOT NULL
);

-- Coverage of one circle per division; facility_type '' is the circle as a whole (any of its
-- types within reach). level: community | town | county | city.
CREATE TABLE circle_coverage (
  circle_code TEXT NOT NULL,
  facility_type TEXT NOT NULL,
  division_code TEXT NOT NULL,
  level TEXT NOT NULL,
  served_residents BIGINT NOT NULL,
  covered_residents BIGINT NOT NULL,
  residential_buildings BIGINT NOT NULL,
  covered_buildings BIGINT NOT NULL,
  straight_line_fallback INTEGER NOT NULL,
  computed_at BIGINT NOT NULL,
  PRIMARY KEY (circle_code, facility_type, division_code)
);
CREATE INDEX circle_coverage_division ON circle_coverage (division_code, circle_code);

-- Residential buildings beyond a circle (the circle as a whole), for the gap list.
CREATE TABLE circle_gaps (
  circle_code TEXT NOT NULL,
  building_id BIGINT NOT NULL,
  community_code TEXT NOT NULL,
  place_code TEXT NOT NULL,
  address TEXT NOT NULL,
  lat DOUBLE PRECISION NOT NULL,
  lon DOUBLE PRECISION NOT NULL,
  served_residents BIGINT NOT NULL,
  straight_line_fallback INTEGER NOT NULL,
  PRIMARY KEY (circle_code, building_id)
);
CREATE INDEX circle_gaps_place ON circle_gaps (circle_code, place_code, building_id);
