// Applications for assistance (issue 19 items 5 and 7; decision 0035) on the real server: a
// community worker files an application for 高龄津贴 for an elder; the town reviews it, the county
// approves it and the elder's enrolment starts; a second application of it is refused while one
// is pending; an emergency (救急难) is approved by the town within its working day, paid, and the
// person's rules run again; only the stage's level decides; bad input changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, RUN } from './lib.mjs';

const COUNTY = '321012'; // 江都区
let token;
let town;
let community;
let worker;
let townOfficial;
let countyOfficial;
let elder;

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
  const read = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  town = read.json.children[0].code;
  community = (await call('GET', `/api/v1/divisions/${town}`, { token })).json.children[0].code;
  const made = await call('POST', '/api/v1/residents', { token, body: { name: `申请老人${RUN}`.slice(0, 20), id_number: idNumber('19360708'), ethnicity: '汉族', status: 'registered_resident', status_since: '2000-01-01', community_code: community } });
  assert.equal(made.status, 201, made.text);
  elder = made.json;
  worker = await accountWith('community_worker', community);
  townOfficial = await accountWith('town_official', town);
  countyOfficial = await accountWith('county_official', COUNTY);
});

test('a benefit goes community → town → county, and the enrolment starts', async () => {
  const body = (extra = {}) => ({ resident_id: elder.id, kind: 'benefit', benefit: 'advanced_age_allowance', reason: '八十岁以上，尚未享受高龄津贴', ...extra });
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ benefit: 'free_money' }) }), 422, 'validation_failed', 'benefit');
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ reason: '' }) }), 422, 'validation_failed', 'reason');
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ amount: 100 }) }), 422, 'validation_failed', 'amount');
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ kind: 'loan' }) }), 422, 'validation_failed', 'kind');
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ finding_id: 999999999 }) }), 422, 'validation_failed', 'finding_id');
  assert.equal((await call('GET', `/api/v1/care/applications?place=${community}`, { token: worker.token })).json.items.filter((a) => a.resident_id === elder.id).length, 0);

  const filed = await call('POST', '/api/v1/care/applications', { token: worker.token, body: body() });
  assert.equal(filed.status, 201, filed.text);
  const id = filed.json.id;
  assert.equal(filed.json.status, 'town');
  assert.equal(filed.json.benefit_name, '高龄津贴');
  assert.ok(filed.json.stage_due_at > filed.json.filed_at);
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body() }), 409, 'already_exists', 'benefit');
  // The town's officials find it on their workbench, linked to it.
  const bench = await call('GET', '/api/v1/workbench', { token: townOfficial.token });
  const card = bench.json.cards.find((c) => c.id === 'care.applications_pending');
  assert.ok(card?.items.some((i) => i.link?.page === 'care_application' && i.link.id === String(id)) || card?.figure > 5, bench.text);
  assert.deepEqual(card.link.query, { status: 'town' });

  // The community worker files but does not decide; the county may act for the town.
  assertError(await call('POST', `/api/v1/care/applications/${id}/decide`, { token: worker.token, body: { decision: 'approve' } }), 403, 'permission_denied');
  assertError(await call('POST', `/api/v1/care/applications/${id}/decide`, { token: worker.token, body: { decision: 'reject' } }), 403, 'permission_denied');
  assertError(await call('POST', `/api/v1/care/applications/${id}/decide`, { token: townOfficial.token, body: { decision: 'maybe' } }), 422, 'validation_failed', 'decision');
  assertError(await call('POST', `/api/v1/care/applications/${id}/decide`, { token: townOfficial.token, body: { decision: 'reject' } }), 422, 'validation_failed', 'note');
  const reviewed = await call('POST', `/api/v1/care/applications/${id}/decide`, { token: townOfficial.token, body: { decision: 'approve', note: '材料齐全' } });
  assert.equal(reviewed.status, 200, reviewed.text);
  assert.equal(reviewed.json.status, 'county');
  assertError(await call('POST', `/api/v1/care/applications/${id}/decide`, { token: townOfficial.token, body: { decision: 'approve' } }), 403, 'permission_denied');
  const approved = await call('POST', `/api/v1/care/applications/${id}/decide`, { token: countyOfficial.token, body: { decision: 'approve', note: '同意' } });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.status, 'approved');
  assert.equal(approved.json.stage_due_at, null);
  assert.deepEqual(approved.json.steps.map((s) => `${s.level}:${s.decision}`), ['town:approve', 'county:approve']);
  assertError(await call('POST', `/api/v1/care/applications/${id}/decide`, { token: countyOfficial.token, body: { decision: 'approve' } }), 409, 'failed_precondition');
  assertError(await call('POST', `/api/v1/care/applications/${id}/pay`, { token: townOfficial.token, body: { amount: 10 } }), 409, 'failed_precondition');

  // Enrolled now: the rules no longer list the elder as eligible-and-not-enrolled.
  const run = await call('POST', '/api/v1/jobs/care.eligibility/run', { token });
  assert.ok([200, 409].includes(run.status), run.text);
  const findings = await call('GET', `/api/v1/care/findings?place=${community}&benefit=advanced_age_allowance&status=open&limit=200`, { token: worker.token });
  assert.ok(!findings.json.items.some((f) => f.resident_id === elder.id && f.kind === 'eligible'), findings.text);
});

test('an emergency is decided by the town, paid, and recorded', async () => {
  const body = (extra = {}) => ({ resident_id: elder.id, kind: 'emergency', amount: 2000, reason: '突发火灾，家中财物损毁', ...extra });
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ amount: 0 }) }), 422, 'validation_failed', 'amount');
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ amount: 60000 }) }), 422, 'validation_failed', 'amount');
  assertError(await call('POST', '/api/v1/care/applications', { token: worker.token, body: body({ benefit: 'advanced_age_allowance' }) }), 422, 'validation_failed', 'benefit');
  const filed = await call('POST', '/api/v1/care/applications', { token: worker.token, body: body() });
  assert.equal(filed.status, 201, filed.text);
  const id = filed.json.id;
  assert.equal(filed.json.kind_label, '急难救助');
  assert.equal(filed.json.amount, 2000);
  // One working day for the town (at most a long weekend or a holiday away).
  assert.ok(filed.json.stage_due_at - filed.json.filed_at <= 10 * 86_400_000);
  const approved = await call('POST', `/api/v1/care/applications/${id}/decide`, { token: townOfficial.token, body: { decision: 'approve', note: '情况属实' } });
  assert.equal(approved.json.status, 'approved');
  assertError(await call('POST', `/api/v1/care/applications/${id}/pay`, { token: worker.token, body: { amount: 2000 } }), 403, 'permission_denied');
  assertError(await call('POST', `/api/v1/care/applications/${id}/pay`, { token: townOfficial.token, body: { amount: 2500 } }), 422, 'validation_failed', 'amount');
  const paid = await call('POST', `/api/v1/care/applications/${id}/pay`, { token: townOfficial.token, body: { amount: 1800, note: '已打卡发放' } });
  assert.equal(paid.status, 200, paid.text);
  assert.equal(paid.json.status, 'paid');
  assert.equal(paid.json.paid, 1800);
  assert.deepEqual(paid.json.steps.map((s) => s.level), ['town', 'payment']);
  assertError(await call('POST', `/api/v1/care/applications/${id}/pay`, { token: townOfficial.token, body: { amount: 100 } }), 409, 'failed_precondition');

  const listed = await call('GET', `/api/v1/care/applications?place=${community}&kind=emergency&status=paid`, { token: townOfficial.token });
  assert.ok(listed.json.items.some((a) => a.id === id));
  assertError(await call('GET', '/api/v1/care/applications?status=lost', { token: worker.token, unchecked: true }), 400, 'invalid_argument', 'status');
  const elsewhere = await accountWith('town_official', '321003001');
  assertError(await call('GET', `/api/v1/care/applications/${id}`, { token: elsewhere.token }), 404, 'not_found');
  const audit = await call('GET', `/api/v1/audit?subject_type=care_application&limit=200`, { token });
  assert.ok(audit.json.items.filter((e) => e.subject_id === String(id)).length >= 3, audit.text);
});
