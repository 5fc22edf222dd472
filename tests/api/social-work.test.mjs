// Professional social work (issue 20 item 2; decision 0046): a town official sets its station's
// reach and adds social workers with their certificates; a social worker who signs in (the duty
// 社会工作者, bound to their record by the account) records their own service records and no one
// else's; a worker who leaves keeps their history; A5 is computed from certified workers'
// records; bad input and places outside the scope change nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, admin, accountWith, assertError, login, PASSWORD, RUN } from './lib.mjs';

const COUNTY = '321023'; // 宝应县
const OTHER_TOWN = '321002001'; // 东关街道 (广陵区)
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
let token;
let town;
let communities;
let official;
let station;
let room;
let otherStation;

function compute(period) {
  execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'indicators', 'compute', '--period', period], { encoding: 'utf8' });
}
// A facility must lie near its place's buildings (when other suites have recorded some there):
// the coordinates of one of them, else a point in the city.
async function near(place) {
  const codes = place.length === 12 ? [place] : place === town ? communities : [];
  for (const code of codes) {
    const found = await call('GET', `/api/v1/buildings?community=${code}&limit=1`, { token });
    const b = found.json?.items?.[0];
    if (b && b.lat != null && b.lon != null) return { lat: b.lat, lon: b.lon };
  }
  return { lat: 32.39, lon: 119.43 };
}
const facility = async (place, type, name) => {
  const made = await call('POST', '/api/v1/facilities', { token, body: { community_code: place, type, name, ...(await near(place)), floor_area: 120, service_area: 100 } });
  assert.equal(made.status, 201, made.text);
  return made.json;
};
const certificate = (n) => `YZ-${RUN}-${n}`.slice(0, 32);

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  town = county.json.children[0].code;
  const read = await call('GET', `/api/v1/divisions/${town}`, { token });
  communities = read.json.children.map((c) => c.code);
  assert.ok(communities.length >= 2, 'the town has two communities');
  official = await accountWith('town_official', town);
  station = await facility(town, 'social_work_station', `社工站${RUN}`);
  room = await facility(communities[1], 'social_work_room', `社工室${RUN}`);
  otherStation = await facility(OTHER_TOWN, 'social_work_station', `他镇社工站${RUN}`);
});

test('a town official sets its station’s reach and adds social workers', async () => {
  const reach = await call('PUT', `/api/v1/social-work/stations/${station.id}/reach`, { token: official.token, body: { communities: [communities[0], communities[1]] } });
  assert.equal(reach.status, 200, reach.text);
  assert.deepEqual(reach.json.communities.map((c) => c.code), [communities[0], communities[1]].sort());
  const read = await call('GET', `/api/v1/social-work/stations/${station.id}/reach`, { token: official.token });
  assert.equal(read.json.communities.length, 2);
  // Another town's station, a community of another town, a room: refused, nothing changes.
  assertError(await call('PUT', `/api/v1/social-work/stations/${otherStation.id}/reach`, { token: official.token, body: { communities: [communities[0]] } }), 404, 'not_found');
  assertError(await call('PUT', `/api/v1/social-work/stations/${station.id}/reach`, { token: official.token, body: { communities: ['321002001001'] } }), 422, 'validation_failed', 'communities');
  assertError(await call('PUT', `/api/v1/social-work/stations/${room.id}/reach`, { token: official.token, body: { communities: [communities[1]] } }), 422, 'validation_failed', 'facility_id');
  assertError(await call('PUT', `/api/v1/social-work/stations/${station.id}/reach`, { token: official.token, body: { communities: 'x' } }), 400, 'invalid_argument', 'communities');
  assert.equal((await call('GET', `/api/v1/social-work/stations/${station.id}/reach`, { token: official.token })).json.communities.length, 2);

  const made = await call('POST', '/api/v1/social-workers', { token: official.token, body: { name: `李社工${RUN}`.slice(0, 30), certificate_level: 'social_worker', certificate_number: certificate(1), facility_id: station.id, started_on: '2024-03-01' } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.certificate_level_label, '社会工作师');
  assert.equal(made.json.place_code, town);
  assert.equal(made.json.working, true);
  // Bad input says what is wrong and writes nothing.
  const post = (body) => call('POST', '/api/v1/social-workers', { token: official.token, body: { name: '张社工', certificate_level: 'assistant', certificate_number: certificate(2), facility_id: room.id, started_on: '2024-03-01', ...body } });
  assertError(await post({ certificate_number: certificate(1) }), 409, 'already_exists', 'certificate_number');
  assertError(await post({ certificate_number: '证书' }), 422, 'validation_failed', 'certificate_number');
  assertError(await post({ certificate_level: 'none' }), 422, 'validation_failed', 'certificate_number');
  assertError(await post({ certificate_level: 'master' }), 422, 'validation_failed', 'certificate_level');
  assertError(await post({ name: 'a\u0007b' }), 400, 'invalid_argument', 'name');
  assertError(await post({ started_on: '2099-01-01' }), 422, 'validation_failed', 'started_on');
  assertError(await post({ facility_id: otherStation.id }), 404, 'not_found');
  const list = await call('GET', `/api/v1/social-workers?place=${town}`, { token: official.token });
  assert.equal(list.status, 200, list.text);
  assert.deepEqual(list.json.items.map((w) => w.id), [made.json.id], 'nothing else was written');
  // A community worker reads, but does not manage.
  const worker = await accountWith('community_worker', communities[1]);
  assertError(await call('POST', '/api/v1/social-workers', { token: worker.token, body: {} }), 403, 'permission_denied');
  assert.equal((await call('GET', `/api/v1/social-workers?place=${communities[1]}`, { token: worker.token })).status, 200);
});

test('a social worker records their own service records; leaving keeps their history', async () => {
  // The account first (duty 社会工作者 on a community grant), then the worker bound to it.
  const username = `sw${RUN}`.slice(0, 32);
  const account = await call('POST', '/api/v1/accounts', { token, body: { username, display_name: '王社工', password: PASSWORD, grants: [{ role: 'community_worker', scope_code: communities[1], duty: 'social_worker' }] } });
  assert.equal(account.status, 201, account.text);
  const accounts = await call('GET', `/api/v1/accounts?q=${username}`, { token });
  const accountId = accounts.json.items.find((a) => a.username === username).id;
  const mine = await call('POST', '/api/v1/social-workers', { token: official.token, body: { name: '王社工', certificate_level: 'senior', certificate_number: certificate(3), facility_id: room.id, started_on: '2024-01-01', account_id: accountId } });
  assert.equal(mine.status, 201, mine.text);
  const other = await call('POST', '/api/v1/social-workers', { token: official.token, body: { name: '赵社工', certificate_level: 'none', facility_id: room.id, started_on: '2024-01-01' } });
  assert.equal(other.status, 201, other.text);

  const session = await login(username, PASSWORD);
  const bound = await call('GET', '/api/v1/social-workers/mine', { token: session.token });
  assert.deepEqual(bound.json.items.map((w) => w.id), [mine.json.id]);
  const record = { worker_id: mine.json.id, community: communities[1], served_on: TODAY, method: 'case', people_served: 1, summary: `探访独居老人${RUN}` };
  const made = await call('POST', '/api/v1/social-work/records', { token: session.token, body: record });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.method_label, '个案工作');
  assertError(await call('POST', '/api/v1/social-work/records', { token: session.token, body: { ...record, worker_id: other.json.id } }), 403, 'permission_denied', 'worker_id');
  assertError(await call('POST', '/api/v1/social-work/records', { token: session.token, body: { ...record, method: 'phone' } }), 422, 'validation_failed', 'method');
  assertError(await call('POST', '/api/v1/social-work/records', { token: session.token, body: { ...record, summary: 'a\u0007b' } }), 400, 'invalid_argument', 'summary');
  assertError(await call('POST', '/api/v1/social-work/records', { token: session.token, body: { ...record, community: '321002001001' } }), 422, 'validation_failed', 'community');
  assertError(await call('POST', '/api/v1/social-work/records', { token: session.token, body: { ...record, served_on: '2023-12-31' } }), 422, 'validation_failed', 'served_on');
  const records = await call('GET', `/api/v1/social-work/records?place=${town}`, { token: official.token });
  assert.equal(records.status, 200, records.text);
  assert.equal(records.json.items.length, 1, 'refused records wrote nothing');
  assert.equal(records.json.items[0].recorded_by_name, '王社工');

  // The uncertified room worker's record counts for nothing in A5.
  const roomRecord = await call('POST', '/api/v1/social-work/records', { token: official.token, body: { worker_id: other.json.id, community: communities[1], served_on: TODAY, method: 'group', people_served: 8, summary: '小组活动' } });
  assert.equal(roomRecord.status, 201, roomRecord.text);

  const left = await call('POST', `/api/v1/social-workers/${mine.json.id}/leave`, { token: official.token, body: { ended_on: TODAY } });
  assert.equal(left.status, 200, left.text);
  assert.equal(left.json.working, false);
  assertError(await call('POST', `/api/v1/social-workers/${mine.json.id}/leave`, { token: official.token, body: { ended_on: TODAY } }), 409, 'failed_precondition');
  const working = await call('GET', `/api/v1/social-workers?place=${town}`, { token: official.token });
  assert.ok(!working.json.items.some((w) => w.id === mine.json.id));
  const all = await call('GET', `/api/v1/social-workers?place=${town}&include_left=true`, { token: official.token });
  assert.ok(all.json.items.some((w) => w.id === mine.json.id && w.ended_on === TODAY));
  assert.equal((await call('GET', `/api/v1/social-work/records?worker_id=${mine.json.id}`, { token: official.token })).json.items.length, 1, 'the history stays');

  // Coverage and A5: the community the certified worker served counts, the room's does not.
  const coverage = await call('GET', `/api/v1/social-work/coverage?place=${town}`, { token: official.token });
  assert.equal(coverage.status, 200, coverage.text);
  assert.equal(coverage.json.items.find((c) => c.community_code === communities[1]).reached, true);
  assert.equal(coverage.json.items.find((c) => c.community_code === communities[0]).reached, false);
  assertError(await call('GET', `/api/v1/social-work/coverage?place=${OTHER_TOWN}`, { token: official.token }), 404, 'not_found');
  compute(MONTH);
  const indicators = await call('GET', `/api/v1/indicators?place=${communities[1]}&period=${MONTH}`, { token: official.token });
  assert.equal(indicators.status, 200, indicators.text);
  const a5 = indicators.json.indicators.find((r) => r.id === 'A5' && r.variant === null);
  assert.equal(a5.source, 'computed', indicators.text);
  assert.equal(a5.value, 100);
  const second = await call('GET', `/api/v1/indicators?place=${communities[0]}&period=${MONTH}`, { token: official.token });
  assert.equal(second.json.indicators.find((r) => r.id === 'A5' && r.variant === null).value, 0);
});
