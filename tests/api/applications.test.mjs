// Applications for assistance (issue 19 items 5 and 7; decision 0035) on the real server: a
// community worker files an application for 高龄津贴 for an elder; the town reviews it, the county
// approves it and the elder's enrolment starts; a second application of it is refused while one
// is pending; an emergency (救急难) is approved by the town within its working day, paid, and the
// person's rules run again; only the stage's level decides; bad input changes nothing; a stage
// past its deadline is told once to the level above by the job care.application_deadlines, in a
// notification that opens the application.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, RUN } from './lib.mjs';
import { databaseSql } from './own-server.mjs';

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

// The job, run now (a run already under way answers 409: then again).
async function runDeadlineJob() {
  for (let attempt = 0; attempt < 20; attempt++) {
    const run = await call('POST', '/api/v1/jobs/care.application_deadlines/run', { token });
    if (run.status !== 409) {
      assert.equal(run.status, 200, run.text);
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail('care.application_deadlines stayed busy');
}

// An application's notifications in an account's bell.
async function toldOf(account, id) {
  const bell = await call('GET', '/api/v1/notifications?limit=100', { token: account.token });
  assert.equal(bell.status, 200, bell.text);
  return bell.json.items.filter((n) => n.subject_type === 'application' && n.subject_id === id);
}

test('a stage past its deadline is told once to the level above, and the notification opens it', async () => {
  // A person of its own, so that no other test's applications are touched.
  const made = await call('POST', '/api/v1/residents', { token, body: { name: `逾期申请${RUN}`.slice(0, 20), id_number: idNumber('19400102'), ethnicity: '汉族', status: 'registered_resident', status_since: '2000-01-01', community_code: community } });
  assert.equal(made.status, 201, made.text);
  const person = made.json;
  const cityAdmin = { token };
  const elsewhere = await accountWith('county_official', '321003');
  const emergency = await call('POST', '/api/v1/care/applications', { token: worker.token, body: { resident_id: person.id, kind: 'emergency', amount: 1500, reason: '突发疾病，无力支付医药费' } });
  assert.equal(emergency.status, 201, emergency.text);
  const benefit = await call('POST', '/api/v1/care/applications', { token: worker.token, body: { resident_id: person.id, kind: 'benefit', benefit: 'advanced_age_allowance', reason: '八十岁以上，尚未享受' } });
  assert.equal(benefit.status, 201, benefit.text);

  // Within their deadlines: nobody is told.
  await runDeadlineJob();
  assert.equal((await toldOf(countyOfficial, emergency.json.id)).length, 0);
  // The emergency's working day has passed (the clock cannot be moved: the deadline is).
  databaseSql(process.env.LINLI_DB_URL, `UPDATE care_applications SET stage_due_at = filed_at - 1 WHERE id = ${emergency.json.id}`);
  await runDeadlineJob();
  const told = await toldOf(countyOfficial, emergency.json.id);
  assert.equal(told.length, 1, JSON.stringify(told));
  assert.equal(told[0].kind, 'application_overdue');
  assert.equal(told[0].link, `/care/applications/${emergency.json.id}`);
  assert.ok(told[0].text.includes('急难救助') && told[0].text.includes('乡镇（街道）'), told[0].text);
  // The recipient may open it; an official of another county is told nothing.
  const opened = await call('GET', `/api/v1/care/applications/${emergency.json.id}`, { token: countyOfficial.token });
  assert.equal(opened.status, 200, opened.text);
  assert.equal(opened.json.overdue, true);
  assert.equal((await toldOf(elsewhere, emergency.json.id)).length, 0);
  assert.equal((await toldOf(townOfficial, emergency.json.id)).length, 0, 'the level above, not the town');
  // Once per stage.
  await runDeadlineJob();
  assert.equal((await toldOf(countyOfficial, emergency.json.id)).length, 1);

  // The benefit reviewed by the town in time, then the county's approval overdue: the city is told.
  const reviewed = await call('POST', `/api/v1/care/applications/${benefit.json.id}/decide`, { token: townOfficial.token, body: { decision: 'approve', note: '材料齐全' } });
  assert.equal(reviewed.json.status, 'county', reviewed.text);
  databaseSql(process.env.LINLI_DB_URL, `UPDATE care_applications SET stage_due_at = updated_at - 1 WHERE id = ${benefit.json.id}`);
  await runDeadlineJob();
  const city = await toldOf(cityAdmin, benefit.json.id);
  assert.equal(city.length, 1, JSON.stringify(city));
  assert.ok(city[0].text.includes('县级民政审批') && city[0].text.includes('高龄津贴'), city[0].text);
  assert.equal(city[0].link, `/care/applications/${benefit.json.id}`);
  assert.equal((await toldOf(countyOfficial, benefit.json.id)).length, 0, 'the county is not told of its own stage');
  assert.equal((await call('GET', `/api/v1/care/applications/${benefit.json.id}`, { token })).status, 200);
  await runDeadlineJob();
  assert.equal((await toldOf(cityAdmin, benefit.json.id)).length, 1);

  // Decided, however late: nothing more.
  assert.equal((await call('POST', `/api/v1/care/applications/${benefit.json.id}/decide`, { token: countyOfficial.token, body: { decision: 'reject', note: '年龄不符' } })).status, 200);
  assert.equal((await call('POST', `/api/v1/care/applications/${emergency.json.id}/decide`, { token: townOfficial.token, body: { decision: 'reject', note: '已获其他救助' } })).status, 200);
  await runDeadlineJob();
  assert.equal((await toldOf(cityAdmin, benefit.json.id)).length, 1);
});
