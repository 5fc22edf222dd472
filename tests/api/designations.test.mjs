// Designations and pilots (issue 18 item 3): a town official names a community child-friendly
// with its evidence document, the county's C4a and the city's C12 are then computed from the
// records, a revocation with a reason ends it from that date on; bad input changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, admin, accountWith, assertError, RUN, BASE } from './lib.mjs';

const COUNTY = '321081'; // 仪征市
let town;
let community;
let official;
let token;
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

function compute(period) {
  execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'indicators', 'compute', '--period', period], { encoding: 'utf8' });
}
const rowOf = (answer, id, variant = null) => answer.json.indicators.find((r) => r.id === id && r.variant === variant);

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  town = county.json.children[0].code;
  const read = await call('GET', `/api/v1/divisions/${town}`, { token });
  community = read.json.children[0].code;
  official = await accountWith('town_official', town);
});

test('a designation with its evidence makes C4a and C12 computed; a revocation ends it', async () => {
  const kinds = await call('GET', '/api/v1/designation-kinds', { token: official.token });
  assert.equal(kinds.status, 200, kinds.text);
  assert.ok(kinds.json.items.some((k) => k.kind === 'child_friendly_community' && k.indicators.includes('C4a')));

  const made = await call('POST', '/api/v1/designations', {
    token: official.token,
    body: { kind: 'child_friendly_community', place: community, title: `示范社区${RUN}`, designated_on: '2023-06-01', approved_by: '市妇联', approval_level: 'city', note: '首批' },
  });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.in_force, true);
  assert.equal(made.json.kind_name, '儿童友好示范社区');

  const fake = await call('PUT', `/api/v1/designations/${made.json.id}/evidence?name=x.pdf`, { token: official.token, raw: 'not a pdf', headers: { 'content-type': 'application/pdf' } });
  assertError(fake, 422, 'validation_failed', 'file');
  const attached = await call('PUT', `/api/v1/designations/${made.json.id}/evidence?name=${encodeURIComponent('命名文件.pdf')}`, { token: official.token, raw: PDF, headers: { 'content-type': 'application/pdf' } });
  assert.equal(attached.status, 200, attached.text);
  assert.equal(attached.json.evidence_name, '命名文件.pdf');
  const download = await fetch(`${BASE}/api/v1/designations/${made.json.id}/evidence`, { headers: { authorization: `Bearer ${official.token}` } });
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), PDF);

  const pilot = await call('POST', '/api/v1/designations', {
    token, body: { kind: 'remote_notarisation_town', place: town, title: `远程公证试点${RUN}`, designated_on: '2024-03-01', approved_by: '市司法局', approval_level: 'city' },
  });
  assert.equal(pilot.status, 201, pilot.text);

  compute('2024-06');
  const county = await call('GET', `/api/v1/indicators?place=${COUNTY}&period=2024-06`, { token });
  const c4a = rowOf(county, 'C4a');
  assert.equal(c4a.source, 'computed', county.text);
  assert.ok(c4a.value >= 1);
  const city = await call('GET', `/api/v1/indicators?place=3210&period=2024-06`, { token });
  assert.equal(rowOf(city, 'C12').source, 'computed');
  assert.ok(rowOf(city, 'C12').value >= 1);
  assertError(await call('POST', '/api/v1/indicator-reports', { token, body: { indicator: 'C12', place: '3210', period: '2024-06', numerator: 3 } }), 409, 'failed_precondition');

  const revoked = await call('POST', `/api/v1/designations/${made.json.id}/revoke`, { token: official.token, body: { revoked_on: '2024-01-31', reason: '复核未通过' } });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.json.in_force, false);
  assertError(await call('POST', `/api/v1/designations/${made.json.id}/revoke`, { token: official.token, body: { revoked_on: '2024-02-01', reason: '再次' } }), 409, 'failed_precondition');
  compute('2024-06');
  const after = await call('GET', `/api/v1/indicators?place=${town}&period=2024-06`, { token });
  assert.equal(rowOf(after, 'C4a').value ?? 0, 0, 'revoked before June: not counted');
  const detail = await call('GET', `/api/v1/designations/${made.json.id}`, { token: official.token });
  assert.deepEqual(detail.json.history.map((h) => h.action), ['create', 'evidence', 'revoke']);
});

test('brand organisations and brand projects both count toward A4e, a city-wide count', async () => {
  const kinds = await call('GET', '/api/v1/designation-kinds', { token: official.token });
  for (const kind of ['brand_social_organisation', 'brand_service_project']) {
    assert.ok(kinds.json.items.some((k) => k.kind === kind && k.indicators.includes('A4e')), kind);
  }
  compute('2024-07');
  const before = rowOf(await call('GET', '/api/v1/indicators?place=3210&period=2024-07', { token }), 'A4e');
  const start = before.numerator ?? 0;
  for (const [kind, title] of [['brand_social_organisation', `邻里守望志愿服务队${RUN}`], ['brand_service_project', `银龄互助项目${RUN}`]]) {
    const made = await call('POST', '/api/v1/designations', {
      token: official.token, body: { kind, place: community, title, designated_on: '2024-05-20', approved_by: '市民政局', approval_level: 'city' },
    });
    assert.equal(made.status, 201, made.text);
  }
  compute('2024-07');
  const after = rowOf(await call('GET', '/api/v1/indicators?place=3210&period=2024-07', { token }), 'A4e');
  assert.equal(after.source, 'computed');
  assert.equal(after.numerator, start + 2, JSON.stringify(after));
  // Counted where they are, too: the town's contribution.
  const atTown = rowOf(await call('GET', `/api/v1/indicators?place=${town}&period=2024-07`, { token }), 'A4e');
  assert.ok(atTown.numerator >= 2, JSON.stringify(atTown));
});

test('bad input and scope: nothing is written', async () => {
  const post = (body, t = official.token) => call('POST', '/api/v1/designations', { token: t, body });
  const base = { kind: 'child_friendly_community', place: community, title: '示范', designated_on: '2024-01-01', approved_by: '市妇联', approval_level: 'city' };
  assertError(await post({ ...base, kind: 'nope' }), 422, 'validation_failed', 'kind');
  assertError(await post({ ...base, designated_on: '2099-01-01' }), 422, 'validation_failed', 'designated_on');
  assertError(await post({ ...base, place: town }), 422, 'validation_failed', 'place');
  assertError(await post({ ...base, place: '321002001001' }), 404, 'not_found');
  assertError(await post({ ...base, title: 'a\u0001b' }), 400, 'invalid_argument', 'title');
  const listed = await call('GET', `/api/v1/designations?place=${community}&kind=child_friendly_community&state=in_force`, { token: official.token });
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.items.length, 0);
  const resident = await accountWith('resident', community);
  assertError(await call('GET', '/api/v1/designations', { token: resident.token }), 403, 'permission_denied');
});
