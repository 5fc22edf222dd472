// Volunteers with a verified hours ledger (issue 20 item 3; decision 0047): a community worker
// registers a volunteer bound to a registered person and another bound to a volunteer account,
// makes a team and an activity with slots typed by skill; the volunteer signs up itself, the worker
// signs the other up on its behalf, checks both in and out and verifies their hours (posted to
// the double-entry ledger); a correction is a reversing and a new group; the volunteer sees its
// hours; the city administrator proves the ledger (route and `linli volunteers verify-ledger`);
// the published statistics carry no personal data; refusals change nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, admin, accountWith, assertError, xlsxText, BASE, RUN } from './lib.mjs';

const COUNTY = '321012'; // 江都区
let token;
let town;
let community;
let otherCommunity;
let grid;
let worker;
let outsider;
let volunteerAccount;
let person;

let idSequence = Math.floor(Math.random() * 900);
function idNumber(birth) {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `321012${birth}${String(idSequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  town = county.json.children[0].code;
  const read = await call('GET', `/api/v1/divisions/${town}`, { token });
  community = read.json.children[0].code;
  otherCommunity = read.json.children[1].code;
  const made = await call('POST', '/api/v1/grids', { token, body: { community_code: community, name: `志愿网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' } });
  assert.equal(made.status, 201, made.text);
  grid = made.json.code;
  const res = await call('POST', '/api/v1/residents', { token, body: { name: `志愿者甲${RUN}`.slice(0, 20), id_number: idNumber('19900506'), phone: '13800003333', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
  assert.equal(res.status, 201, res.text);
  person = res.json;
  worker = await accountWith('community_worker', community);
  outsider = await accountWith('community_worker', otherCommunity);
  volunteerAccount = await accountWith('volunteer', community);
});

test('sign up, check in and out, verify, correct; the volunteer sees its hours; the ledger is proven', async () => {
  const skills = await call('GET', '/api/v1/volunteer-skills', { token: volunteerAccount.token });
  assert.equal(skills.status, 200, skills.text);
  assert.ok(skills.json.items.some((s) => s.code === 'elder_care' && s.name === '助老陪伴'));

  // Bound to the registered person: the identity stays in the registry (no ID number here).
  const bound = await call('POST', '/api/v1/volunteers', { token: worker.token, body: { resident_id: person.id, name: '志愿者甲', community_code: community, skills: ['elder_care', 'digital'], availability: [{ weekday: 6, from: '09:00', until: '12:00' }] } });
  assert.equal(bound.status, 201, bound.text);
  assert.ok(!bound.text.includes(person.id_number ?? 'none'));
  const own = await call('POST', '/api/v1/volunteers', { token: worker.token, body: { account_id: volunteerAccount.id, name: '志愿者乙', community_code: community, skills: ['general'] } });
  assert.equal(own.status, 201, own.text);

  const team = await call('POST', '/api/v1/volunteer-teams', { token: worker.token, body: { name: `敬老服务队${RUN}`, community_code: community, members: [bound.json.id, own.json.id] } });
  assert.equal(team.status, 201, team.text);
  assert.deepEqual(team.json.members, [bound.json.id, own.json.id].sort((a, b) => a - b));

  const now = Date.now();
  const activity = await call('POST', '/api/v1/volunteer-activities', { token: worker.token, body: { title: `重阳敬老${RUN}`, community_code: community, team_id: team.json.id, starts_at: now + 3_600_000, ends_at: now + 4 * 3_600_000, slots: [{ skill: 'elder_care', wanted: 1 }, { skill: 'general', wanted: 3 }] } });
  assert.equal(activity.status, 201, activity.text);
  assert.equal(activity.json.wanted, 4);

  // The volunteer signs up itself; the worker signs the person-bound one up on its behalf.
  const listed = await call('GET', '/api/v1/me/volunteer/activities', { token: volunteerAccount.token });
  assert.ok(listed.json.items.some((a) => a.id === activity.json.id), listed.text);
  const mine = await call('POST', '/api/v1/me/volunteer/signups', { token: volunteerAccount.token, body: { activity_id: activity.json.id, skill: 'general' } });
  assert.equal(mine.status, 201, mine.text);
  const theirs = await call('POST', `/api/v1/volunteer-activities/${activity.json.id}/signups`, { token: worker.token, body: { volunteer_id: bound.json.id, skill: 'elder_care' } });
  assert.equal(theirs.status, 201, theirs.text);
  // The elder-care slot is full; the volunteer lacks the skill anyway.
  const full = await call('POST', '/api/v1/me/volunteer/signups', { token: volunteerAccount.token, body: { activity_id: activity.json.id, skill: 'elder_care' } });
  assert.equal(full.status, 409, full.text);

  // Verify before check-out: refused. Check in and out, then verify.
  assert.equal((await call('POST', `/api/v1/volunteer-signups/${mine.json.id}/verify`, { token: worker.token, body: { minutes: 60 } })).status, 409);
  for (const signup of [mine.json, theirs.json]) {
    const cin = await call('POST', `/api/v1/volunteer-signups/${signup.id}/check-in`, { token: worker.token });
    assert.equal(cin.status, 200, cin.text);
    assert.equal(cin.json.status, 'checked_in');
    const cout = await call('POST', `/api/v1/volunteer-signups/${signup.id}/check-out`, { token: worker.token });
    assert.equal(cout.status, 200, cout.text);
  }
  // Another community's worker reaches neither; more minutes than the activity lasts are refused.
  assertError(await call('POST', `/api/v1/volunteer-signups/${mine.json.id}/verify`, { token: outsider.token, body: { minutes: 60 } }), 404, 'not_found');
  assertError(await call('POST', `/api/v1/volunteer-signups/${mine.json.id}/verify`, { token: worker.token, body: { minutes: 181 } }), 400, 'invalid_argument', 'minutes');
  const verified = await call('POST', `/api/v1/volunteer-signups/${mine.json.id}/verify`, { token: worker.token, body: { minutes: 120 } });
  assert.equal(verified.status, 200, verified.text);
  assert.equal(verified.json.status, 'verified');
  assert.equal((await call('POST', `/api/v1/volunteer-signups/${theirs.json.id}/verify`, { token: worker.token, body: { minutes: 90 } })).status, 200);
  // A correction: a reversing group and a new one.
  const corrected = await call('POST', `/api/v1/volunteer-signups/${theirs.json.id}/correct`, { token: worker.token, body: { minutes: 60, reason: '签退登记有误' } });
  assert.equal(corrected.status, 200, corrected.text);
  assert.equal(corrected.json.verified_minutes, 60);
  const hours = await call('GET', `/api/v1/volunteers/${bound.json.id}/hours`, { token: worker.token });
  assert.equal(hours.status, 200, hours.text);
  assert.equal(hours.json.balance_minutes, 60);
  assert.deepEqual(hours.json.items.map((e) => e.minutes), [60, -90, 90]);

  // The volunteer's own page.
  const me = await call('GET', '/api/v1/me/volunteer', { token: volunteerAccount.token });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.volunteer.balance_minutes, 120);
  assert.equal(me.json.hours[0].minutes, 120);
  assert.equal(me.json.signups[0].status, 'verified');

  // Published figures: counts and minutes per community, nothing personal; no session needed.
  const stats = await call('GET', `/api/v1/volunteer-stats?place=${town}`);
  assert.equal(stats.status, 200, stats.text);
  const row = stats.json.items.find((r) => r.community_code === community);
  assert.ok(row.volunteers >= 2 && row.activities >= 1 && row.verified_minutes >= 180, stats.text);
  assert.ok(!stats.text.includes('志愿者甲') && !stats.text.includes('志愿者乙'));

  // The ledger proven: by the city administrator only, and from the command line.
  assertError(await call('GET', '/api/v1/volunteer-ledger/verify', { token: worker.token }), 403, 'permission_denied');
  const proof = await call('GET', '/api/v1/volunteer-ledger/verify', { token });
  assert.equal(proof.status, 200, proof.text);
  assert.equal(proof.json.intact, true, proof.text);
  assert.ok(proof.json.groups >= 4 && proof.json.audit_chain_intact);
  const out = execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'volunteers', 'verify-ledger'], { encoding: 'utf8' });
  assert.match(out, /every balance proven/);
});

test('refusals change nothing: bad input, outside scope, roles without the permission', async () => {
  const before = await call('GET', '/api/v1/volunteers', { token: worker.token });
  assertError(await call('POST', '/api/v1/volunteers', { token: worker.token, body: { account_id: volunteerAccount.id, name: '重复', community_code: community } }), 409, 'already_exists');
  assertError(await call('POST', '/api/v1/volunteers', { token: worker.token, body: { resident_id: person.id, name: 'x', community_code: otherCommunity } }), 404, 'not_found');
  assertError(await call('POST', '/api/v1/volunteers', { token: outsider.token, body: { resident_id: person.id, name: 'x', community_code: otherCommunity } }), 400, 'invalid_argument', 'resident_id');
  assertError(await call('POST', '/api/v1/volunteers', { token: worker.token, body: { name: '无绑定', community_code: community } }), 400, 'invalid_argument', 'resident_id');
  assertError(await call('POST', '/api/v1/volunteers', { token: worker.token, body: { name: 'bad\u0007', community_code: community, account_id: worker.id } }), 400, 'invalid_argument', 'name');
  assertError(await call('POST', '/api/v1/volunteers', { token: worker.token, body: { name: '技能', community_code: community, account_id: worker.id, skills: ['juggling'] } }), 400, 'invalid_argument', 'skills');
  assertError(await call('POST', '/api/v1/volunteer-activities', { token: worker.token, body: { title: '倒序', community_code: community, starts_at: 2000, ends_at: 1000, slots: [{ skill: 'general', wanted: 1 }] } }), 400, 'invalid_argument', 'ends_at');
  assertError(await call('POST', '/api/v1/volunteer-activities', { token: worker.token, body: { title: '无岗', community_code: community, starts_at: 1000, ends_at: 2000, slots: [] } }), 400, 'invalid_argument', 'slots');
  const after = await call('GET', '/api/v1/volunteers', { token: worker.token });
  assert.equal(after.json.items.length, before.json.items.length);
  assert.equal((await call('GET', '/api/v1/volunteers', { token: volunteerAccount.token })).status, 403);
  assert.equal((await call('GET', '/api/v1/me/volunteer', { token: worker.token })).status, 403);
  assert.equal((await call('GET', '/api/v1/volunteers')).status, 401);
  assertError(await call('GET', '/api/v1/volunteer-stats?place=abc'), 400, 'invalid_argument', 'place');
});

test('export: the volunteers in scope as .xlsx (what the list shows), none of another community', async () => {
  const get = (who, query = '') => fetch(`${BASE}/api/v1/volunteers/export.xlsx${query}`, { headers: { authorization: `Bearer ${who.token}` } });
  const res = await get(worker);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /spreadsheetml/);
  const text = xlsxText(Buffer.from(await res.arrayBuffer()));
  assert.ok(text.includes('志愿者甲') && text.includes('志愿者乙') && text.includes('助老陪伴') && text.includes(community), text.slice(0, 2000));
  assert.ok(!text.includes('13800003333') && !text.includes(person.id_number ?? 'no-id-number'), 'no identity in the sheet');
  const bySkill = xlsxText(Buffer.from(await (await get(worker, '?skill=digital')).arrayBuffer()));
  assert.ok(bySkill.includes('志愿者甲') && !bySkill.includes('志愿者乙'), bySkill.slice(0, 2000));
  const theirs = xlsxText(Buffer.from(await (await get(outsider)).arrayBuffer()));
  assert.ok(!theirs.includes('志愿者甲'), 'not another community\'s');
  assert.equal((await get(worker, '?skill=juggling')).status, 400);
  assert.equal((await get(volunteerAccount)).status, 403);
});
