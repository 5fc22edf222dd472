// The real Yangzhou division tree, name search, kinds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, accountWith } from './lib.mjs';

test('扬州市 has 7 county-level units, 98 towns/streets and 1,437 communities', async () => {
  const res = await call('GET', '/api/v1/divisions/3210', { token: await admin() });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.name, '扬州市');
  assert.equal(res.json.level, 'city');
  assert.equal(res.json.children.length, 7);
  assert.equal(res.json.counts.towns, 98);
  assert.equal(res.json.counts.communities, 1437);
  const guangling = res.json.children.find((c) => c.code === '321002');
  assert.equal(guangling.name, '广陵区');
  assert.equal(guangling.kind, 'district');
  const zone = res.json.children.find((c) => c.code === '321071');
  assert.equal(zone.kind, 'functional_zone');
  const sum = res.json.children.reduce((n, c) => n + c.counts.communities, 0);
  assert.equal(sum, 1437);
});

test('walk 扬州市 → 广陵区 → 东关街道 → a community', async () => {
  const token = await admin();
  const county = await call('GET', '/api/v1/divisions/321002', { token });
  assert.equal(county.status, 200);
  assert.deepEqual(county.json.path.map((p) => p.code), ['32', '3210']);
  const street = county.json.children.find((c) => c.name === '东关街道');
  assert.equal(street.kind, 'street');
  const town = await call('GET', `/api/v1/divisions/${street.code}`, { token });
  const community = town.json.children.find((c) => c.name === '琼花观社区居委会');
  assert.equal(community.kind, 'urban');
  const leaf = await call('GET', `/api/v1/divisions/${community.code}`, { token });
  assert.equal(leaf.status, 200);
  assert.equal(leaf.json.level, 'community');
  assert.deepEqual(leaf.json.children, []);
  assert.ok(Array.isArray(leaf.json.grids));
});

test('unknown and malformed division codes', async () => {
  const token = await admin();
  assertError(await call('GET', '/api/v1/divisions/321099', { token }), 404, 'not_found');
  const bad = await call('GET', '/api/v1/divisions/abc', { token });
  assert.ok([400, 422].includes(bad.status), bad.text);
  assert.ok(bad.json.error.message.length > 0);
});

test('name search finds Chinese substrings, paginates, and stays in scope', async () => {
  const token = await admin();
  const res = await call('GET', `/api/v1/divisions?q=${encodeURIComponent('东关')}`, { token });
  assert.equal(res.status, 200, res.text);
  const hit = res.json.items.find((i) => i.code === '321002001');
  assert.ok(hit, res.text);
  assert.match(hit.path_name, /扬州市.*广陵区.*东关街道/);
  const page1 = await call('GET', `/api/v1/divisions?q=${encodeURIComponent('社区')}&limit=5`, { token });
  assert.equal(page1.json.items.length, 5);
  assert.ok(page1.json.next_cursor);
  const page2 = await call('GET', `/api/v1/divisions?q=${encodeURIComponent('社区')}&limit=5&cursor=${page1.json.next_cursor}`, { token });
  assert.equal(page2.json.items.length, 5);
  const overlap = page2.json.items.filter((i) => page1.json.items.some((j) => j.code === i.code));
  assert.equal(overlap.length, 0);
  // A town official searching for another county's town finds nothing.
  const official = await accountWith('town_official', '321002001');
  const other = await call('GET', `/api/v1/divisions?q=${encodeURIComponent('邗上')}`, { token: official.token });
  assert.equal(other.status, 200);
  assert.equal(other.json.items.length, 0);
});

test('a town official sees its branch only: ancestors for navigation, no other branch', async () => {
  const official = await accountWith('town_official', '321002001');
  const city = await call('GET', '/api/v1/divisions/3210', { token: official.token });
  assert.equal(city.status, 200);
  assert.deepEqual(city.json.children.map((c) => c.code), ['321002']);
  const county = await call('GET', '/api/v1/divisions/321002', { token: official.token });
  assert.deepEqual(county.json.children.map((c) => c.code), ['321002001']);
  assertError(await call('GET', '/api/v1/divisions/321003', { token: official.token }), 404, 'not_found');
  assertError(await call('GET', '/api/v1/divisions/321002002', { token: official.token }), 404, 'not_found');
});

test('an administrator resolves a community kind the import could not decide', async () => {
  const token = await admin();
  const unresolved = await call('GET', '/api/v1/divisions/3210/unresolved', { token });
  assert.equal(unresolved.status, 200, unresolved.text);
  const guozhuang = unresolved.json.items.find((i) => i.name.includes('郭庄村（居）委会'));
  assert.ok(guozhuang, 'the dual-kind name is listed for a human decision');
  const set = await call('PATCH', `/api/v1/divisions/${guozhuang.code}`, { token, body: { kind: 'village' } });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.json.kind, 'village');
  const bad = await call('PATCH', `/api/v1/divisions/${guozhuang.code}`, { token, body: { kind: 'castle' } });
  assert.ok([400, 422].includes(bad.status));
  const official = await accountWith('town_official', '321002001');
  const denied = await call('PATCH', '/api/v1/divisions/321002001001', { token: official.token, body: { kind: 'village' } });
  assertError(denied, 403, 'permission_denied');
});

// Issue 16 item 6: the name a deployment shows comes from its data, for anyone (the sign-in page).
test('the deployment names its city from the divisions, without a session', async () => {
  const res = await call('GET', '/api/v1/deployment');
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, {
    city_code: '3210', city_name: '扬州市', title: '扬州市社区服务系统',
    // Issue 17: the base map is the server's setting, offline (none) by default (decision 0022).
    base_map: { provider: 'none', datum: 'wgs84', layers: [] },
  });
});

// County outlines (decision 0051): `linli import divisions` stored them from the pinned package;
// the dashboard map draws them. 扬州经济技术开发区 has none (a functional zone since 2017).
test('扬州市 serves the outlines of its six counties and names the zone without one', async () => {
  const res = await call('GET', '/api/v1/divisions/3210/outlines', { token: await admin() });
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.type, 'FeatureCollection');
  assert.equal(res.json.place_name, '扬州市');
  assert.deepEqual(res.json.features.map((f) => f.id), ['321002', '321003', '321012', '321023', '321081', '321084']);
  assert.deepEqual(res.json.without.map((w) => w.name), ['扬州经济技术开发区']);
  assert.match(res.json.source, /\.geojson$/);
  const guangling = res.json.features[0];
  assert.equal(guangling.properties.name, '广陵区');
  assert.equal(guangling.geometry.type, 'MultiPolygon');
  const ring = guangling.geometry.coordinates[0][0];
  assert.ok(ring.length > 20, 'a real outline, not a box');
  assert.deepEqual(ring[0], ring[ring.length - 1], 'rings are closed');
  for (const [lon, lat] of ring) assert.ok(lon > 119 && lon < 120 && lat > 32 && lat < 33, `${lon},${lat} lies in 广陵区`);
  const [lon, lat] = guangling.properties.label;
  assert.ok(lon > 119 && lon < 120 && lat > 32 && lat < 33);
});

test('outlines are scoped like the division tree: a county worker sees only their county', async () => {
  const { token } = await accountWith('county_official', '321081');
  const city = await call('GET', '/api/v1/divisions/3210/outlines', { token });
  assert.equal(city.status, 200, city.text);
  assert.deepEqual(city.json.features.map((f) => f.id), ['321081']);
  assert.deepEqual(city.json.without, []);
  const town = await call('GET', '/api/v1/divisions/321081/outlines', { token });
  assert.equal(town.status, 200);
  assert.equal(town.json.features.length, 0, 'towns have no outlines');
  assert.ok(town.json.without.length > 5);
  assertError(await call('GET', '/api/v1/divisions/321002/outlines', { token }), 404, 'not_found');
  assertError(await call('GET', '/api/v1/divisions/3210/outlines'), 401, 'unauthenticated');
});
