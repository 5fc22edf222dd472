// Rehabilitation records (issue 19 item 6; decision 0038) on the real server: a community worker
// records a session for a person with a disability archive at the town's 残疾人之家; a person
// without one, a closed home, another county's home and bad values are refused and change
// nothing; mental-health rehabilitation at the county's station is the health liaison's, and its
// records stay out of everybody else's lists; another community's worker sees none of them.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, login, PASSWORD, RUN } from './lib.mjs';

const COUNTY = '321081'; // 仪征市
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
let token;
let town;
let community;
let otherCommunity;
let worker;
let liaison;
let disabled;
let patient;
let plain;
let townHome;
let station;

let idSequence = Math.floor(Math.random() * 900);
function idNumber(birth) {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `321081${birth}${String(idSequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function person(name, birth, category, fields) {
  const made = await call('POST', '/api/v1/residents', { token, body: { name: `${name}${RUN}`.slice(0, 20), id_number: idNumber(birth), ethnicity: '汉族', status: 'registered_resident', status_since: '2000-01-01', community_code: community } });
  assert.equal(made.status, 201, made.text);
  if (category) {
    const archive = await call('POST', '/api/v1/care/archives', { token, body: { resident_id: made.json.id, category, fields } });
    assert.equal(archive.status, 201, archive.text);
  }
  return made.json;
}

async function facility(place, type, name) {
  const made = await call('POST', '/api/v1/facilities', { token, body: { community_code: place, type, name: `${name}${RUN}`, lat: 32.272, lon: 119.184, floor_area: 300, service_area: 240 } });
  assert.equal(made.status, 201, made.text);
  return made.json;
}

before(async () => {
  token = await admin();
  const read = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  town = read.json.children[0].code;
  const communities = (await call('GET', `/api/v1/divisions/${town}`, { token })).json.children;
  community = communities[0].code;
  otherCommunity = communities[1].code;
  disabled = await person('康复甲', '19700505', 'disability', { type: '肢体残疾', grade: '二级' });
  patient = await person('康复乙', '19820606', 'severe_mental_disorder', {});
  plain = await person('康复丙', '19750707');
  townHome = await facility(town, 'disability_home', '街道残疾人之家');
  station = await facility(COUNTY, 'mental_health_rehab', '精神康复站');
  worker = await accountWith('community_worker', community);
  liaison = await accountWith('community_worker', community);
  const duty = await call('PUT', `/api/v1/accounts/${liaison.username}/grants`, { token, body: { grants: [{ role: 'community_worker', scope_code: community, duty: 'health_liaison' }] } });
  assert.equal(duty.status, 200, duty.text);
  liaison.token = (await login(liaison.username, PASSWORD)).token; // a new grant ends the sessions
});

const session = (extra = {}) => ({ resident_id: disabled.id, facility_id: townHome.id, kind: 'training', served_on: TODAY, minutes: 60, note: `上肢训练${RUN}`, ...extra });
const mine = async (who, query = '') => (await call('GET', `/api/v1/rehabilitation?place=${community}${query}`, { token: who.token })).json.items;

test('a worker records a session at the town\'s 残疾人之家; bad input changes nothing', async () => {
  const before = (await mine(worker)).length;
  const bad = [
    [session({ resident_id: plain.id }), 'resident_id'],
    [session({ facility_id: 999999999 }), 'facility_id'],
    [session({ kind: 'massage' }), 'kind'],
    [session({ facility_id: station.id }), 'kind'],
    [session({ minutes: 0 }), 'minutes'],
    [session({ minutes: 601 }), 'minutes'],
    [session({ served_on: '2099-01-01' }), 'served_on'],
    [session({ served_on: '2025-02-30' }), 'served_on'],
    [session({ note: 'a\u0007b' }), 'note'],
  ];
  for (const [body, field] of bad) {
    const res = await call('POST', '/api/v1/rehabilitation', { token: worker.token, body });
    assert.ok([400, 422].includes(res.status), `${field}: ${res.text}`);
    assert.equal(res.json.error.field, field, res.text);
  }
  assert.equal((await mine(worker)).length, before, 'nothing was written');

  const made = await call('POST', '/api/v1/rehabilitation', { token: worker.token, body: session() });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.kind_label, '康复训练');
  assert.equal(made.json.facility_place, town);
  assert.equal(made.json.served_on, TODAY);
  const listed = await mine(worker, `&resident_id=${disabled.id}`);
  assert.ok(listed.some((r) => r.id === made.json.id), 'listed for the worker');
  // Another community's worker does not see it; the town's official does.
  const outsider = await accountWith('community_worker', otherCommunity);
  const outside = await call('GET', `/api/v1/rehabilitation?resident_id=${disabled.id}`, { token: outsider.token });
  assert.equal(outside.status, 200);
  assert.equal(outside.json.items.length, 0);
  const official = await accountWith('town_official', town);
  assert.ok((await call('GET', `/api/v1/rehabilitation?facility_id=${townHome.id}`, { token: official.token })).json.items.some((r) => r.id === made.json.id));
  // A closed home records nothing more.
  const closing = await call('PATCH', `/api/v1/facilities/${townHome.id}`, { token, body: { status: 'closed' } });
  assert.equal(closing.status, 200, closing.text);
  assertError(await call('POST', '/api/v1/rehabilitation', { token: worker.token, body: session() }), 422, 'validation_failed', 'facility_id');
  assert.equal((await call('PATCH', `/api/v1/facilities/${townHome.id}`, { token, body: { status: 'open' } })).status, 200);
});

test('mental-health rehabilitation is the health liaison\'s, and hidden from other lists', async () => {
  const body = { resident_id: patient.id, facility_id: station.id, kind: 'mental_health', served_on: TODAY, minutes: 90, note: `小组康复${RUN}` };
  assertError(await call('POST', '/api/v1/rehabilitation', { token: worker.token, body }), 403, 'permission_denied');
  const made = await call('POST', '/api/v1/rehabilitation', { token: liaison.token, body });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.kind, 'mental_health');
  assert.ok(!(await mine(worker)).some((r) => r.id === made.json.id), 'not in a plain worker\'s list');
  assertError(await call('GET', '/api/v1/rehabilitation?kind=mental_health', { token: worker.token }), 403, 'permission_denied');
  assert.ok((await mine(liaison, '&kind=mental_health')).some((r) => r.id === made.json.id));
  // The county's officials see it too.
  const county = await accountWith('county_official', COUNTY);
  assert.ok((await call('GET', `/api/v1/rehabilitation?facility_id=${station.id}`, { token: county.token })).json.items.some((r) => r.id === made.json.id));
  assertError(await call('GET', '/api/v1/rehabilitation?kind=dance', { token: worker.token, unchecked: true }), 400, 'invalid_argument', 'kind');
  assertError(await call('GET', '/api/v1/rehabilitation?place=abc', { token: worker.token }), 400, 'invalid_argument', 'place');
});
