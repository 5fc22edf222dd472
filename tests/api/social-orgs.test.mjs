// Community social organisations (issue 20 item 1): a community worker registers one (credit
// code and phone checked at the boundary; the phone masked for an official), a social_org account
// bound to it records its activities by organisation (never by place), the worker records one
// too; A4c is computed from the regularly active ones; deregistration ends it; bad input and
// scope change nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, admin, accountWith, assertError, login, RUN, PASSWORD } from './lib.mjs';

const TOWN = '321002001'; // 东关街道
let token;
let community;
let other;
let worker;
let official;

// A valid 统一社会信用代码 (GB 32100 check character) from 17 characters.
function creditCode(first17) {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  const weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
  const sum = [...first17].reduce((s, c, i) => s + alphabet.indexOf(c) * weights[i], 0);
  return first17 + alphabet[(31 - (sum % 31)) % 31];
}
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10);
const monthsBack = (n) => {
  const d = new Date(`${today.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() - n);
  return `${d.toISOString().slice(0, 7)}-10`;
};

before(async () => {
  token = await admin();
  const town = await call('GET', `/api/v1/divisions/${TOWN}`, { token });
  const urban = town.json.children.filter((c) => c.kind === 'urban');
  community = urban[0].code;
  other = urban[1].code;
  worker = await accountWith('community_worker', community);
  official = await accountWith('town_official', TOWN);
});

function body(extra = {}) {
  return {
    name: `银龄互助社${RUN}`, category: 'elderly_disabled', status: 'filed', filing_number: 'BA-2024-0007',
    place: community, areas: [other], contact_name: '王红', contact_phone: '13912345678', founded_on: '2021-03-15', ...extra,
  };
}

test('a worker registers an organisation; its own account records activities by organisation', async () => {
  const categories = await call('GET', '/api/v1/social-org-categories', { token: worker.token });
  assert.equal(categories.status, 200, categories.text);
  assert.deepEqual(categories.json.items.map((c) => c.name), ['为民服务', '养老助残', '公益慈善', '文体娱乐', '农村生产技术服务']);
  assert.equal(categories.json.active_months, 4);

  const made = await call('POST', '/api/v1/social-orgs', { token: worker.token, body: body() });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.status, 'filed');
  assert.equal(made.json.category_name, '养老助残');
  assert.equal(made.json.contact_phone, '13912345678'); // the community worker holds personal data
  assert.deepEqual(made.json.areas, [community, other].sort());
  const id = made.json.id;

  const masked = await call('GET', `/api/v1/social-orgs/${id}`, { token: official.token });
  assert.equal(masked.status, 200, masked.text);
  assert.equal(masked.json.contact_phone, '139****5678');

  // Registered later with a good credit code; a wrong check character is refused.
  const bad = await call('PUT', `/api/v1/social-orgs/${id}`, { token: worker.token, body: body({ status: 'registered', credit_code: '53321002MJ1234567X' }) });
  assertError(bad, 422, 'validation_failed', 'credit_code');
  const changed = await call('PUT', `/api/v1/social-orgs/${id}`, { token: worker.token, body: body({ status: 'registered', credit_code: creditCode('53321002MJ1234567') }) });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.status, 'registered');

  // Its own account: bound to the organisation, scoped to its home community.
  const wrongPlace = await call('POST', '/api/v1/accounts', {
    token, body: { username: `so${RUN}x`, password: PASSWORD, grants: [{ role: 'social_org', scope_code: other, organisation_id: id }] },
  });
  assertError(wrongPlace, 422, 'validation_failed', 'grants');
  const notOrg = await call('POST', '/api/v1/accounts', {
    token, body: { username: `so${RUN}y`, password: PASSWORD, grants: [{ role: 'volunteer', scope_code: community, organisation_id: id }] },
  });
  assertError(notOrg, 422, 'validation_failed', 'grants');
  const own = await accountWith('social_org', community, {});
  const unbound = await call('GET', '/api/v1/me/social-org', { token: own.token });
  assertError(unbound, 404, 'not_found');
  const username = `so${RUN}`.slice(0, 32);
  const account = await call('POST', '/api/v1/accounts', {
    token, body: { username, display_name: '银龄互助社', password: PASSWORD, grants: [{ role: 'social_org', scope_code: community, organisation_id: id }] },
  });
  assert.equal(account.status, 201, account.text);
  assert.equal(account.json.grants[0].organisation_id, id);
  assert.equal(account.json.grants[0].organisation_name, `银龄互助社${RUN}`);
  const session = await login(username, PASSWORD);
  assert.ok(session.account.permissions.includes('socialorgs.report'));

  for (const n of [0, 1, 2, 3]) {
    const added = await call('POST', '/api/v1/me/social-org/activities', {
      token: session.token, body: { title: '独居老人探访', held_on: n === 0 ? today : monthsBack(n), served: 12 + n, note: '' },
    });
    assert.equal(added.status, 201, added.text);
  }
  const wrongPlaceActivity = await call('POST', '/api/v1/me/social-org/activities', {
    token: session.token, body: { title: '讲座', held_on: today, served: 5, place: '321002001999' },
  });
  assertError(wrongPlaceActivity, 422, 'validation_failed', 'place');
  const mine = await call('GET', '/api/v1/me/social-org', { token: session.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.id, id);
  assert.equal(mine.json.activities.length, 4);
  assert.equal(mine.json.active_months, 4);
  assert.equal(mine.json.regularly_active, true);
  // Nothing by place: the registry is not the organisation's.
  assert.equal((await call('GET', '/api/v1/social-orgs', { token: session.token })).status, 403);
  assert.equal((await call('GET', `/api/v1/social-orgs/${id}`, { token: session.token })).status, 403);

  // The worker records one too, at a community it serves.
  const byWorker = await call('POST', `/api/v1/social-orgs/${id}/activities`, {
    token: worker.token, body: { title: '健康讲座', held_on: monthsBack(4), place: other, served: 30 },
  });
  assert.equal(byWorker.status, 201, byWorker.text);
  assert.equal(byWorker.json.place_code, other);
  const activities = await call('GET', `/api/v1/social-orgs/${id}/activities`, { token: official.token });
  assert.equal(activities.status, 200, activities.text);
  assert.equal(activities.json.items.length, 5);

  // Listed with filters.
  const listed = await call('GET', `/api/v1/social-orgs?place=${community}&category=elderly_disabled&active=true&q=${encodeURIComponent(RUN)}`, { token: official.token });
  assert.equal(listed.status, 200, listed.text);
  assert.deepEqual(listed.json.items.map((o) => o.id), [id]);

  // A4c computed for the community from the regularly active organisations.
  const period = today.slice(0, 7);
  execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'indicators', 'compute', '--period', period], { encoding: 'utf8' });
  const figures = await call('GET', `/api/v1/indicators?place=${community}&period=${period}`, { token });
  assert.equal(figures.status, 200, figures.text);
  const a4c = figures.json.indicators.find((r) => r.id === 'A4c' && r.variant === null);
  assert.equal(a4c.source, 'computed');
  assert.equal(a4c.value, 1);

  // Deregistered with a date and a reason; its account then records nothing more.
  const noReason = await call('POST', `/api/v1/social-orgs/${id}/deregister`, { token: worker.token, body: { deregistered_on: today, reason: '' } });
  assertError(noReason, 422, 'validation_failed', 'reason');
  const gone = await call('POST', `/api/v1/social-orgs/${id}/deregister`, { token: worker.token, body: { deregistered_on: today, reason: '成员解散' } });
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.json.status, 'deregistered');
  const late = await call('POST', '/api/v1/me/social-org/activities', { token: session.token, body: { title: '探访', held_on: today, served: 3 } });
  assertError(late, 409, 'failed_precondition');
});

test('bad input and places outside the scope change nothing', async () => {
  const outside = await call('POST', '/api/v1/social-orgs', { token: worker.token, body: body({ place: other, name: `外社区${RUN}` }) });
  assertError(outside, 404, 'not_found');
  for (const [extra, field] of [
    [{ category: 'nope' }, 'category'],
    [{ status: 'deregistered' }, 'status'],
    [{ filing_number: '备案' }, 'filing_number'],
    [{ contact_phone: '12' }, 'contact_phone'],
    [{ founded_on: '2099-01-01' }, 'founded_on'],
    [{ areas: ['321002001999'] }, 'areas'],
  ]) {
    const res = await call('POST', '/api/v1/social-orgs', { token: worker.token, body: body({ name: `坏组织${RUN}`, ...extra }) });
    assertError(res, 422, 'validation_failed', field);
  }
  assertError(await call('POST', '/api/v1/social-orgs', { token: worker.token, body: body({ name: `坏\u0007名${RUN}` }) }), 400, 'invalid_argument', 'name');
  const listed = await call('GET', `/api/v1/social-orgs?q=${encodeURIComponent(`坏组织${RUN}`)}`, { token });
  assert.equal(listed.json.items.length, 0);
  const elsewhere = await call('POST', '/api/v1/social-orgs', { token, body: body({ place: other, name: `个园合唱团${RUN}`, category: 'culture_sports' }) });
  assert.equal(elsewhere.status, 201, elsewhere.text);
  assertError(await call('GET', `/api/v1/social-orgs/${elsewhere.json.id}`, { token: worker.token }), 404, 'not_found');
  assertError(await call('POST', `/api/v1/social-orgs/${elsewhere.json.id}/activities`, { token: worker.token, body: { title: 'x', held_on: today, served: 1 } }), 404, 'not_found');
});

test('incubation: applied to a base, taken in, graduated; each step dated', async () => {
  const org = await call('POST', '/api/v1/social-orgs', { token: worker.token, body: body({ name: `孵化组织${RUN}` }) });
  assert.equal(org.status, 201, org.text);
  const base = await call('POST', '/api/v1/facilities', {
    token, body: { community_code: community, type: 'incubation_base', name: `社会组织孵化基地${RUN}`, lat: 32.39, lon: 119.43, floor_area: 300, service_area: 200 },
  });
  assert.equal(base.status, 201, base.text);
  const notBase = await call('POST', '/api/v1/facilities', {
    token, body: { community_code: community, type: 'elderly_day_care', name: `日间照料${RUN}`, lat: 32.39, lon: 119.43, floor_area: 300, service_area: 200 },
  });
  assertError(await call('POST', '/api/v1/incubations', { token: worker.token, body: { organisation_id: org.json.id, base_id: notBase.json.id, applied_on: today } }), 422, 'validation_failed', 'base_id');
  const applied = await call('POST', '/api/v1/incubations', { token: worker.token, body: { organisation_id: org.json.id, base_id: base.json.id, applied_on: monthsBack(2), note: '申请入驻' } });
  assert.equal(applied.status, 201, applied.text);
  assert.equal(applied.json.status, 'applied');
  assertError(await call('POST', '/api/v1/incubations', { token: worker.token, body: { organisation_id: org.json.id, base_id: base.json.id, applied_on: today } }), 409, 'already_exists', 'organisation_id');
  const id = applied.json.id;
  assertError(await call('POST', `/api/v1/incubations/${id}/graduate`, { token: worker.token, body: { ended_on: today } }), 409, 'failed_precondition');
  const started = await call('POST', `/api/v1/incubations/${id}/start`, { token: official.token, body: { started_on: monthsBack(1) } });
  assert.equal(started.status, 200, started.text);
  assert.equal(started.json.status, 'incubating');
  const graduated = await call('POST', `/api/v1/incubations/${id}/graduate`, { token: official.token, body: { ended_on: today } });
  assert.equal(graduated.status, 200, graduated.text);
  assert.equal(graduated.json.status, 'graduated');
  assert.equal(graduated.json.ended_on, today);
  const listed = await call('GET', '/api/v1/incubations?status=graduated', { token: official.token });
  assert.ok(listed.json.items.some((i) => i.id === id && i.organisation_name === `孵化组织${RUN}`));
});
