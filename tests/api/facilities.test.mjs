// Facilities and life circles against a live server: the registry (validation, scoping,
// import report), standards and complexes, recompute, coverage that changes as soon as a
// facility is added, gaps as GeoJSON, siting, and bad walking-network uploads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, accountWith, fanOutXlsx, RUN } from './lib.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会
const OTHER_COMMUNITY = '321003001001';
// A spot of our own so that other runs' facilities are not within 5 minutes' walk.
const LAT = 32.20 + Math.random() * 0.05;
const LON = 119.20 + Math.random() * 0.05;

let sequence = Math.floor(Math.random() * 900);
function idNumber(birth) {
  sequence = (sequence + 1) % 1000;
  const first17 = `321002${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

function toddlerBirth() {
  const d = new Date(Date.now() - 400 * 86400000); // about 13 months old
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`;
}

let setup;
async function world() {
  if (setup) return setup;
  const token = await admin();
  const grid = await call('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `设施测试网格${RUN}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01' },
  });
  assert.equal(grid.status, 201, grid.text);
  const building = await call('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.json.code, address: `设施测试路${RUN}号`, lat: LAT, lon: LON, kind: 'residential', floors: 6 },
  });
  assert.equal(building.status, 201, building.text);
  // A public (non-residential) building nearby: a candidate site for siting.
  const publicBuilding = await call('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.json.code, address: `设施测试路${RUN}号（社区用房）`, lat: LAT + 0.001, lon: LON, kind: 'other', floors: 2 },
  });
  assert.equal(publicBuilding.status, 201, publicBuilding.text);
  const household = await call('POST', '/api/v1/households', {
    token, body: { building_id: building.json.id, room: '101', type: 'actual', since: '2000-01-01' },
  });
  assert.equal(household.status, 201, household.text);
  for (const [birth, relation] of [['19880101', 'head'], [toddlerBirth(), 'child']]) {
    const since = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`;
    const r = await call('POST', '/api/v1/residents', {
      token, body: { name: `设施${RUN}`, id_number: idNumber(birth), household_id: household.json.id, relation, status_since: since },
    });
    assert.equal(r.status, 201, r.text);
  }
  setup = { token, building: building.json, grid: grid.json.code };
  return setup;
}

function communityRow(items, type = null) {
  return items.find((r) => r.division_code === COMMUNITY && r.facility_type === type);
}

test('taxonomy and circle definitions are served from data', async () => {
  const { token } = await world();
  const types = await call('GET', '/api/v1/facility-types', { token });
  assert.equal(types.status, 200, types.text);
  assert.ok(types.json.items.length >= 19);
  assert.ok(types.json.items.some((t) => t.code === 'childcare' && t.name === '托育点' && t.childcare));
  const circles = await call('GET', '/api/v1/circles', { token });
  assert.equal(circles.status, 200);
  assert.deepEqual(circles.json.items.map((c) => c.code),
    ['urban_15min', 'rural_3km', 'elderly_15min', 'children_15min', 'childcare_5min']);
  const childcare = circles.json.items.find((c) => c.code === 'childcare_5min');
  assert.equal(childcare.served_group, 'age_0_3');
  assert.equal(childcare.cutoff_metres, 360);
});

test('bad facilities are refused with the field named and nothing written', async () => {
  const { token } = await world();
  const base = { community_code: COMMUNITY, type: 'childcare', name: `坏设施${RUN}`, lat: LAT, lon: LON, floor_area: 100, service_area: 80 };
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, service_area: 120 } }), 422, 'validation_failed', 'service_area');
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, floor_area: -3 } }), 422, 'validation_failed', 'floor_area');
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, floor_area: 1e12 } }), 422, 'validation_failed', 'floor_area');
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, lat: 48.85, lon: 2.35 } }), 422, 'validation_failed', 'lat');
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, type: 'casino' } }), 422, 'validation_failed', 'type');
  assertError(await call('POST', '/api/v1/facilities', { token, body: { ...base, lat: 'north' } }), 400, 'invalid_argument', 'lat');
  const list = await call('GET', `/api/v1/facilities?division=${COMMUNITY}&q=${encodeURIComponent(`坏设施${RUN}`)}`, { token });
  assert.equal(list.status, 200);
  assert.equal(list.json.items.length, 0);
});

test('adding a facility changes its community coverage at once', async () => {
  const { token, building } = await world();
  const computed = await call('POST', '/api/v1/circles/compute', { token });
  assert.equal(computed.status, 200, computed.text);
  assert.equal(computed.json.circles, 5);
  assert.ok(computed.json.buildings >= 1);

  const before = await call('GET', `/api/v1/circles/coverage?division=${COMMUNITY}&circle=childcare_5min`, { token });
  assert.equal(before.status, 200, before.text);
  const row = communityRow(before.json.items);
  assert.ok(row, before.text);
  assert.ok(row.served_residents >= 1);
  assert.equal(typeof row.straight_line_fallback, 'boolean');
  const gapsBefore = await call('GET', `/api/v1/circles/childcare_5min/gaps?division=${COMMUNITY}`, { token });
  assert.equal(gapsBefore.status, 200);
  assert.ok(gapsBefore.json.items.some((g) => g.building_id === building.id), 'our toddler is not yet covered');

  const created = await call('POST', '/api/v1/facilities', {
    token,
    body: { community_code: COMMUNITY, type: 'childcare', name: `托育点${RUN}`, lat: LAT + 0.0003, lon: LON, floor_area: 260, service_area: 220, opening_hours: '07:30-18:00', capacity: 40, operator: '测试运营方', opened_on: '2025-01-01' },
  });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.type_name, '托育点');
  assert.equal(created.json.status, 'open');
  assert.equal(created.json.community_name, '个园社区居委会', 'the community by name beside its code');

  const after = await call('GET', `/api/v1/circles/coverage?division=${COMMUNITY}&circle=childcare_5min`, { token });
  const afterRow = communityRow(after.json.items);
  assert.ok(afterRow.covered_residents >= row.covered_residents + 1, `${JSON.stringify(row)} -> ${JSON.stringify(afterRow)}`);
  assert.ok(afterRow.covered_buildings >= row.covered_buildings + 1);
  const perType = communityRow(after.json.items, 'childcare');
  assert.equal(perType.covered_residents, afterRow.covered_residents);
  const gapsAfter = await call('GET', `/api/v1/circles/childcare_5min/gaps?division=${COMMUNITY}`, { token });
  assert.ok(!gapsAfter.json.items.some((g) => g.building_id === building.id));

  // Closing it brings the gap back.
  const closed = await call('PATCH', `/api/v1/facilities/${created.json.id}`, { token, body: { status: 'closed' } });
  assert.equal(closed.status, 200, closed.text);
  assert.match(closed.json.closed_on, /^\d{4}-\d{2}-\d{2}$/);
  const reopenedGap = await call('GET', `/api/v1/circles/childcare_5min/gaps?division=${COMMUNITY}`, { token });
  assert.ok(reopenedGap.json.items.some((g) => g.building_id === building.id));
  const got = await call('GET', `/api/v1/facilities/${created.json.id}`, { token });
  assert.equal(got.json.status, 'closed');
});

test('coverage and standards list one level at a time, in pages of places', async () => {
  const { token } = await world();
  const TOWN = COMMUNITY.slice(0, 9);
  const oneDown = await call('GET', `/api/v1/circles/coverage?division=${TOWN}&circle=childcare_5min&depth=1&limit=200`, { token });
  assert.equal(oneDown.status, 200, oneDown.text);
  assert.ok(oneDown.json.items.length > 0);
  for (const row of oneDown.json.items) {
    assert.ok(['town', 'community'].includes(row.level), row.division_code);
    assert.ok(row.division_code.startsWith(TOWN));
    assert.equal(row.circle_code, 'childcare_5min');
  }
  assert.ok(communityRow(oneDown.json.items), 'our community is one level below its town');
  assert.ok(oneDown.json.items.some((r) => r.division_code === TOWN && r.facility_type === null));

  const own = await call('GET', '/api/v1/circles/coverage?division=3210&depth=0', { token });
  assert.equal(own.status, 200, own.text);
  assert.ok(own.json.items.length >= 5, 'every circle of the city');
  assert.ok(own.json.items.every((r) => r.division_code === '3210' && r.level === 'city'));
  assert.equal(own.json.next_cursor, null);

  // Every community of the city, one place per page: a page holds all rows of one place.
  const seen = [];
  let cursor = null;
  for (let i = 0; i < 3; i++) {
    const page = await call('GET', `/api/v1/circles/coverage?division=3210&circle=childcare_5min&level=community&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token });
    assert.equal(page.status, 200, page.text);
    const places = [...new Set(page.json.items.map((r) => r.division_code))];
    assert.equal(places.length, 1, page.text);
    assert.equal(places[0].length, 12);
    assert.ok(page.json.items.some((r) => r.facility_type === null));
    assert.ok(!seen.includes(places[0]), 'pages do not repeat places');
    seen.push(places[0]);
    cursor = page.json.next_cursor;
    if (!cursor) break;
  }
  assert.deepEqual([...seen].sort(), seen, 'ordered by division code');

  assertError(await call('GET', '/api/v1/circles/coverage?division=3210&depth=3', { token }), 422, 'validation_failed', 'depth');
  assertError(await call('GET', '/api/v1/circles/coverage?division=3210&depth=x', { token }), 400, 'invalid_argument', 'depth');
  assertError(await call('GET', '/api/v1/circles/coverage?division=3210&level=street', { token, unchecked: true }), 422, 'validation_failed', 'level');
  assertError(await call('GET', `/api/v1/circles/coverage?division=${TOWN}&level=county`, { token }), 422, 'validation_failed', 'level');

  const standards = await call('GET', `/api/v1/facility-standards?division=${TOWN}&depth=1`, { token });
  assert.equal(standards.status, 200, standards.text);
  assert.ok(standards.json.places.some((p) => p.division_code === COMMUNITY));
  for (const item of [...standards.json.places, ...standards.json.shortfalls]) {
    assert.ok(['town', 'community'].includes(item.level), item.division_code);
  }
  const towns = await call('GET', '/api/v1/facility-standards?division=3210&level=town&limit=1', { token });
  assert.equal(towns.status, 200, towns.text);
  assert.ok(towns.json.places.length <= 1);
  assert.ok(towns.json.places.every((p) => p.level === 'town'));
  assert.ok(towns.json.shortfalls.every((s) => s.division_code === towns.json.places[0]?.division_code || s.level === 'town'));
  assert.ok('next_cursor' in towns.json);
  assertError(await call('GET', `/api/v1/facility-standards?division=${TOWN}&level=city`, { token }), 422, 'validation_failed', 'level');
});

// Issue 17: data from a few communities never makes a county or the city 100% / 全部达标.
// Every place says how many places below it have data; those without are named, not folded in.
test('a city total over places without data is partial, and a place without data says so', async () => {
  const { token } = await world();
  const computed = await call('POST', '/api/v1/circles/compute', { token });
  assert.equal(computed.status, 200, computed.text);
  const coverage = await call('GET', '/api/v1/circles/coverage?division=3210&circle=childcare_5min&depth=1&limit=200', { token });
  assert.equal(coverage.status, 200, coverage.text);
  const city = coverage.json.items.find((r) => r.division_code === '3210' && r.facility_type === null);
  assert.ok(city, coverage.text);
  assert.equal(city.data.status, 'partial', JSON.stringify(city.data));
  assert.equal(city.data.places_level, 'county');
  assert.ok(city.data.places_with_data >= 1 && city.data.places_with_data < city.data.places_total, JSON.stringify(city.data));
  assert.equal(city.data.places_without_data.length, city.data.places_total - city.data.places_with_data);
  assert.ok(city.data.communities_with_data < city.data.communities_total);
  const ourCounty = coverage.json.items.find((r) => r.division_code === COMMUNITY.slice(0, 6) && r.facility_type === null);
  assert.ok(ourCounty && ['partial', 'complete'].includes(ourCounty.data.status));
  assert.ok(!city.data.places_without_data.includes(COMMUNITY.slice(0, 6)));
  const ours = await call('GET', `/api/v1/circles/coverage?division=${COMMUNITY}&circle=childcare_5min&depth=0`, { token });
  assert.equal(communityRow(ours.json.items).data.status, 'complete');

  const standards = await call('GET', '/api/v1/facility-standards?division=3210&depth=1', { token });
  assert.equal(standards.status, 200, standards.text);
  assert.equal(standards.json.data.status, 'partial', JSON.stringify(standards.json.data));
  assert.ok(standards.json.data.places_without_data.length > 0);
  assert.equal(standards.json.places.find((p) => p.division_code === '3210').data.status, 'partial');

  // A community far from every test's data: no households, so no data (not 全部达标).
  let code = '321084';
  for (let i = 0; i < 2; i++) {
    const division = await call('GET', `/api/v1/divisions/${code}`, { token });
    assert.equal(division.status, 200, division.text);
    code = division.json.children.at(-1).code;
  }
  const empty = await call('GET', `/api/v1/facility-standards?division=${code}`, { token });
  assert.equal(empty.status, 200, empty.text);
  assert.equal(empty.json.data.status, 'no_data', JSON.stringify(empty.json.data));
  assert.equal(empty.json.data.communities_total, 1);
  assert.equal(empty.json.data.communities_with_data, 0);
  assert.deepEqual(empty.json.places, []);
  assert.deepEqual(empty.json.shortfalls, []);
});

test('coordinates far from the community are refused on lat; imports report 纬度', async () => {
  const { token } = await world();
  const far = { community_code: COMMUNITY, type: 'social_work_room', name: `远处的设施${RUN}`, lat: LAT + 0.5, lon: LON, floor_area: 100, service_area: 80 };
  const refused = await call('POST', '/api/v1/facilities', { token, body: far });
  assertError(refused, 422, 'validation_failed', 'lat');
  assert.match(refused.json.error.message, /公里/);
  const near = await call('POST', '/api/v1/facilities', { token, body: { ...far, lat: LAT + 0.01, name: `近处的设施${RUN}` } });
  assert.equal(near.status, 201, near.text);
  assertError(await call('PATCH', `/api/v1/facilities/${near.json.id}`, { token, body: { lat: LAT + 0.5 } }), 422, 'validation_failed', 'lat');
  const header = '设施名称,设施类型,社区代码,纬度,经度,建筑面积,服务活动面积';
  const row = `远处导入${RUN},社工室,${COMMUNITY},${LAT + 0.5},${LON},100,80`;
  const rejected = await call('POST', '/api/v1/facilities/import', { token, raw: `${header}\n${row}\n`, headers: { 'content-type': 'text/csv' } });
  assertError(rejected, 422, 'validation_failed');
  assert.deepEqual(rejected.json.report.map((p) => [p.row, p.column, p.cell]), [[2, '纬度', 'D2']]);
  assert.match(rejected.json.report[0].message, /公里/);
  await call('DELETE', `/api/v1/facilities/${near.json.id}`, { token });
});

test('buildings can be looked up by address within a community', async () => {
  const { token, building } = await world();
  const text = `设施测试路${RUN}号`;
  const found = await call('GET', `/api/v1/buildings?community=${COMMUNITY}&q=${encodeURIComponent(text)}`, { token });
  assert.equal(found.status, 200, found.text);
  assert.ok(found.json.items.some((b) => b.id === building.id), found.text);
  assert.ok(found.json.items.every((b) => b.address.includes(text) && b.community_code === COMMUNITY));
  assert.ok(found.json.items.length >= 2, 'the residential building and the 社区用房');
  const other = await call('GET', `/api/v1/buildings?community=${OTHER_COMMUNITY}&q=${encodeURIComponent(text)}`, { token });
  assert.equal(other.json.items.length, 0);
  // LIKE wildcards are matched literally.
  const percent = await call('GET', `/api/v1/buildings?community=${COMMUNITY}&q=${encodeURIComponent('%')}`, { token });
  assert.equal(percent.status, 200);
  assert.ok(percent.json.items.every((b) => b.address.includes('%')));
});

test('gaps export as a GeoJSON FeatureCollection of points', async () => {
  const { token, building } = await world();
  const res = await call('GET', `/api/v1/circles/childcare_5min/gaps.geojson?division=${COMMUNITY}`, { token });
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /application\/geo\+json/);
  const doc = JSON.parse(res.text);
  assert.equal(doc.type, 'FeatureCollection');
  assert.ok(Array.isArray(doc.features));
  for (const feature of doc.features) {
    assert.equal(feature.type, 'Feature');
    assert.equal(feature.geometry.type, 'Point');
    assert.equal(feature.geometry.coordinates.length, 2);
    const [lon, lat] = feature.geometry.coordinates;
    assert.ok(lon >= 73 && lon <= 136 && lat >= 3 && lat <= 54, 'RFC 7946 order: lon, lat');
    assert.equal(typeof feature.properties.served_residents, 'number');
  }
  assert.ok(doc.features.some((f) => f.properties.building_id === building.id));
  assertError(await call('GET', '/api/v1/circles/no_such_circle/gaps.geojson', { token }), 404, 'not_found');
});

test('siting suggests sites with their gains', async () => {
  const { token } = await world();
  const res = await call('POST', '/api/v1/circles/childcare_5min/siting', { token, body: { division: COMMUNITY, k: 2 } });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.method, 'greedy');
  assert.match(res.json.bound, /63\.2%/);
  assert.ok(res.json.sites.length >= 1, res.text);
  assert.ok(res.json.uncovered_before >= 1);
  let total = 0;
  for (const site of res.json.sites) {
    assert.ok(site.gain > 0);
    total += site.gain;
  }
  assert.equal(total, res.json.covered);
  assertError(await call('POST', '/api/v1/circles/childcare_5min/siting', { token, body: { division: COMMUNITY, k: 0 } }), 422, 'validation_failed', 'k');
});

test('standards: compliance list and new residential complexes', async () => {
  const { token } = await world();
  const report = await call('GET', `/api/v1/facility-standards?division=${COMMUNITY}`, { token });
  assert.equal(report.status, 200, report.text);
  const place = report.json.places.find((p) => p.division_code === COMMUNITY);
  assert.ok(place && place.households >= 1, report.text);
  for (const s of report.json.shortfalls) {
    assert.ok(s.missing_area > 0);
    assert.match(s.fix, /m²/);
  }
  const complex = await call('POST', '/api/v1/residential-complexes', {
    token, body: { community_code: COMMUNITY, name: `新城花园${RUN}`, total_floor_area: 100000, supporting_room_area: 200, community_area: 50000, commerce_service_area: 6000 },
  });
  assert.equal(complex.status, 201, complex.text);
  assert.equal(complex.json.shortfalls.length, 1);
  assert.equal(complex.json.shortfalls[0].standard, 'supporting_rooms');
  assert.equal(complex.json.shortfalls[0].missing_area, 100);
  assertError(await call('POST', '/api/v1/residential-complexes', {
    token, body: { community_code: COMMUNITY, name: '坏小区', total_floor_area: -1, supporting_room_area: 0, community_area: 1, commerce_service_area: 0 },
  }), 422, 'validation_failed', 'total_floor_area');
  assertError(await call('GET', '/api/v1/facility-standards', { token }), 400, 'invalid_argument', 'division');
});

test('jurisdiction: other communities see nothing; only a city admin recomputes', async () => {
  const { token } = await world();
  const created = await call('POST', '/api/v1/facilities', {
    token, body: { community_code: COMMUNITY, type: 'volunteer_station', name: `志愿站${RUN}`, lat: LAT, lon: LON, floor_area: 30, service_area: 30 },
  });
  assert.equal(created.status, 201, created.text);
  const outsider = await accountWith('community_worker', OTHER_COMMUNITY);
  assertError(await call('GET', `/api/v1/facilities/${created.json.id}`, { token: outsider.token }), 404, 'not_found');
  assertError(await call('PATCH', `/api/v1/facilities/${created.json.id}`, { token: outsider.token, body: { name: 'x' } }), 404, 'not_found');
  assertError(await call('POST', '/api/v1/circles/compute', { token: outsider.token }), 403, 'permission_denied');
  const insider = await accountWith('community_worker', COMMUNITY);
  const seen = await call('GET', `/api/v1/facilities/${created.json.id}`, { token: insider.token });
  assert.equal(seen.status, 200);
  const deleted = await call('DELETE', `/api/v1/facilities/${created.json.id}`, { token: insider.token });
  assert.equal(deleted.status, 204, deleted.text);
});

test('the facility import has the same upload budget: a fan-out .xlsx is a 413', async () => {
  const { token } = await world();
  const res = await call('POST', '/api/v1/facilities/import', { token, raw: fanOutXlsx(32 * 1024 - 1, 2000) });
  assertError(res, 413, 'payload_too_large', 'file');
  assert.match(res.json.error.message, /文件内容过大：解码后的文本超过 32 MB/);
});

test('facility import is all or nothing with a row/column report', async () => {
  const { token } = await world();
  const header = '设施名称,设施类型,社区代码,纬度,经度,建筑面积,服务活动面积';
  const good = `导入党群中心${RUN},党群服务中心,${COMMUNITY},${LAT},${LON},600,500`;
  const bad = `导入托育点${RUN},托育点,${COMMUNITY},${LAT},${LON},100,150`;
  const rejected = await call('POST', '/api/v1/facilities/import', { token, raw: `${header}\n${good}\n${bad}\n`, headers: { 'content-type': 'text/csv' } });
  assertError(rejected, 422, 'validation_failed');
  assert.deepEqual(rejected.json.report.map((p) => [p.row, p.column, p.cell]), [[3, '服务活动面积', 'G3']]);
  const none = await call('GET', `/api/v1/facilities?q=${encodeURIComponent(`导入党群中心${RUN}`)}`, { token });
  assert.equal(none.json.items.length, 0);
  const accepted = await call('POST', '/api/v1/facilities/import', { token, raw: `${header}\n${good}\n`, headers: { 'content-type': 'text/csv' } });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.json.imported, 1);
  const exported = await call('GET', `/api/v1/facilities/export.xlsx?division=${COMMUNITY}`, { token });
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-type'), /spreadsheetml/);
});

test('bad walking-network uploads are refused and change nothing', async () => {
  const { token } = await world();
  const before = await call('GET', '/api/v1/walking-network', { token });
  assert.equal(before.status, 200, before.text);
  for (const body of ['', '<osm><node id="1" lat="32" lon="119">', '<osm version="0.6"></osm>', 'PBF\u0000garbage']) {
    const res = await call('POST', '/api/v1/walking-network?area=321002001', { token, raw: body, headers: { 'content-type': 'application/xml' } });
    assertError(res, 400, 'invalid_argument', 'file');
    assert.match(res.json.error.message, /OSM|文件/);
  }
  const after = await call('GET', '/api/v1/walking-network', { token });
  assert.deepEqual(after.json, before.json);
});

test("a 残疾人之家 at each of three levels: a town's and a county's are read by that level and above", async () => {
  const { token } = await world();
  const TOWN = COMMUNITY.slice(0, 9);
  const COUNTY = COMMUNITY.slice(0, 6);
  const made = {};
  for (const [level, code] of [['county', COUNTY], ['town', TOWN], ['community', COMMUNITY]]) {
    const created = await call('POST', '/api/v1/facilities', {
      token, body: { community_code: code, type: 'disability_home', name: `残疾人之家${level}${RUN}`, lat: LAT, lon: LON, floor_area: 120, service_area: 100 },
    });
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.level, level);
    assert.equal(created.json.community_code, code);
    assert.ok(created.json.community_name.length > 0, created.text);
    made[level] = created.json;
  }
  // Not a county, town or community code; a town with no such code.
  for (const code of ['3210', '321002001002001', '321002999']) {
    assertError(await call('POST', '/api/v1/facilities', { token, body: { community_code: code, type: 'disability_home', name: `坏${RUN}`, lat: LAT, lon: LON, floor_area: 1, service_area: 1 } }), 422, 'validation_failed', 'community_code');
  }
  // The community's worker reads the community's home, not the town's or the county's, and
  // cannot register one for the town.
  const worker = await accountWith('community_worker', COMMUNITY);
  assert.equal((await call('GET', `/api/v1/facilities/${made.community.id}`, { token: worker.token })).status, 200);
  assertError(await call('GET', `/api/v1/facilities/${made.town.id}`, { token: worker.token }), 404, 'not_found');
  assertError(await call('GET', `/api/v1/facilities/${made.county.id}`, { token: worker.token }), 404, 'not_found');
  assertError(await call('POST', '/api/v1/facilities', { token: worker.token, body: { community_code: TOWN, type: 'disability_home', name: `越级${RUN}`, lat: LAT, lon: LON, floor_area: 1, service_area: 1 } }), 422, 'validation_failed', 'community_code');
  // The town's official reads and edits the town's home; the list under the town holds the
  // town's and its communities', not the county's.
  const official = await accountWith('town_official', TOWN);
  const edited = await call('PATCH', `/api/v1/facilities/${made.town.id}`, { token: official.token, body: { opening_hours: '08:30-17:30' } });
  assert.equal(edited.status, 200, edited.text);
  assert.equal(edited.json.level, 'town');
  assertError(await call('GET', `/api/v1/facilities/${made.county.id}`, { token: official.token }), 404, 'not_found');
  const listed = await call('GET', `/api/v1/facilities?division=${TOWN}&type=disability_home&limit=200`, { token: official.token });
  assert.equal(listed.status, 200, listed.text);
  const ids = listed.json.items.map((f) => f.id);
  assert.ok(ids.includes(made.town.id) && ids.includes(made.community.id), listed.text);
  assert.ok(!ids.includes(made.county.id));
  for (const f of Object.values(made)) {
    assert.equal((await call('DELETE', `/api/v1/facilities/${f.id}`, { token })).status, 204);
  }
});
