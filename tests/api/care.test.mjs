// Care (issue 19 items 1 and 2) on the real server: a community worker opens an elder's archive
// (its fields checked against the category), minors' archives only with the 儿童主任 duty, the
// month's plan gives the visit to the grid worker of the person's grid, the grid worker records
// it with a need found, compliance counts it, the need is assigned and closed, every read of
// archives is in the audit log, and bad input changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { call, admin, accountWith, assertError, login, PASSWORD, RUN } from './lib.mjs';

const COUNTY = '321012'; // 江都区
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
let token;
let community;
let grid;
let elder;
let child;
let worker;
let gridWorker;
let director;

let idSequence = Math.floor(Math.random() * 900);
function idNumber(birth) {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `321012${birth}${String(idSequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

function planVisits() {
  return execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'care', 'plan-visits', '--month', MONTH], { encoding: 'utf8' });
}

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  const town = county.json.children[0].code;
  const read = await call('GET', `/api/v1/divisions/${town}`, { token });
  community = read.json.children[0].code;
  const made = await call('POST', '/api/v1/grids', { token, body: { community_code: community, name: `关爱网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' } });
  assert.equal(made.status, 201, made.text);
  grid = made.json.code;
  const person = (name, birth) => call('POST', '/api/v1/residents', { token, body: { name, id_number: idNumber(birth), ethnicity: '汉族', status: 'registered_resident', status_since: birth > '20100101' ? `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6)}` : '2010-01-01', grid_code: grid } });
  const elderMade = await person(`关爱老人${RUN}`.slice(0, 20), '19380304');
  assert.equal(elderMade.status, 201, elderMade.text);
  elder = elderMade.json;
  child = (await person(`关爱儿童${RUN}`.slice(0, 20), '20160601')).json;
  assert.ok(elder?.id && child?.id);
  worker = await accountWith('community_worker', community);
  gridWorker = await accountWith('grid_worker', grid);
  director = await accountWith('community_worker', community);
  const duty = await call('PUT', `/api/v1/accounts/${director.username}/grants`, { token, body: { grants: [{ role: 'community_worker', scope_code: community, duty: 'children_director' }] } });
  assert.equal(duty.status, 200, duty.text);
  director = { ...director, token: (await login(director.username, PASSWORD)).token };
});

test('the categories are data; restricted ones are readable only with their duty', async () => {
  const asGrid = await call('GET', '/api/v1/care/categories', { token: gridWorker.token });
  assert.equal(asGrid.status, 200, asGrid.text);
  const special = asGrid.json.items.find((c) => c.code === 'elderly_special_difficulty');
  assert.equal(special.visit_every_months, 1);
  assert.ok(special.fields.some((f) => f.key === 'reason' && f.type === 'enum' && f.required));
  assert.equal(asGrid.json.items.find((c) => c.code === 'left_behind_child').readable, false);
  const asDirector = await call('GET', '/api/v1/care/categories', { token: director.token });
  assert.equal(asDirector.json.items.find((c) => c.code === 'left_behind_child').readable, true);
  assert.equal(asDirector.json.items.find((c) => c.code === 'tuberculosis').readable, false);

  // The duty belongs on a community worker's community grant only.
  const wrong = await call('PUT', `/api/v1/accounts/${gridWorker.username}/grants`, { token, body: { grants: [{ role: 'grid_worker', scope_code: grid, duty: 'children_director' }] } });
  assertError(wrong, 422, 'validation_failed', 'grants');
  const unknown = await call('PUT', `/api/v1/accounts/${gridWorker.username}/grants`, { token, body: { grants: [{ role: 'grid_worker', scope_code: grid, duty: 'mayor' }] } });
  assertError(unknown, 422, 'validation_failed', 'grants');
});

test('an elder is taken into care, visited by the grid worker, and the need found is met', async () => {
  // Bad input changes nothing.
  const missing = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: {} } });
  assertError(missing, 422, 'validation_failed', 'fields.reason');
  const option = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '富裕' } } });
  assertError(option, 422, 'validation_failed', 'fields.reason');
  const control = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '失能', emergency_contact: '王\u0001' } } });
  assert.equal(control.status, 400, control.text);
  const category = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'nobody' } });
  assertError(category, 422, 'validation_failed', 'category');
  const future = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '失能' }, opened_on: '2999-01-01' } });
  assertError(future, 422, 'validation_failed', 'opened_on');
  const none = await call('GET', `/api/v1/care/archives?resident=${elder.id}`, { token: worker.token });
  assert.equal(none.json.items.length, 0);
  // A grid worker records visits but does not open archives.
  const refused = await call('POST', '/api/v1/care/archives', { token: gridWorker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '失能' } } });
  assert.equal(refused.status, 403, refused.text);

  const opened = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '高龄独居', call_device: true }, responsible_id: gridWorker.id } });
  assert.equal(opened.status, 201, opened.text);
  assert.equal(opened.json.fields.call_device, 'true');
  assert.equal(opened.json.responsible_name, '测试grid_worker');
  assert.equal(opened.json.status, 'open');
  const twice = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '失能' } } });
  assertError(twice, 409, 'already_exists', 'category');

  // Reading archives is audited: the list names the ids it showed.
  const list = await call('GET', `/api/v1/care/archives?place=${community}&category=elderly_special_difficulty`, { token: worker.token });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((a) => a.id === opened.json.id && a.resident_name === elder.name));
  const audit = await call('GET', `/api/v1/audit?subject_type=care_archive&actor=${worker.id}&limit=50`, { token });
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((e) => e.action === 'read' && JSON.stringify(e.detail).includes(String(opened.json.id))), audit.text);
  assert.ok(audit.json.items.some((e) => e.action === 'create'), audit.text);

  // The month's plan gives the visit to the grid worker of the elder's grid.
  planVisits();
  const mine = await call('GET', `/api/v1/care/visits?mine=true&month=${MONTH}`, { token: gridWorker.token });
  assert.equal(mine.status, 200, mine.text);
  const visit = mine.json.items.find((v) => v.archive_id === opened.json.id);
  assert.ok(visit, mine.text);
  assert.equal(visit.status, 'due');
  assert.equal(visit.assignee_id, gridWorker.id);
  assert.ok(visit.checklist.includes('居住安全'));

  const wrongItem = await call('POST', `/api/v1/care/visits/${visit.id}/record`, { token: gridWorker.token, body: { mode: 'in_person', findings: { 不存在: true } } });
  assertError(wrongItem, 422, 'validation_failed', 'findings');
  const badMode = await call('POST', `/api/v1/care/visits/${visit.id}/record`, { token: gridWorker.token, body: { mode: 'telepathy' } });
  assertError(badMode, 422, 'validation_failed', 'mode');
  const emptyNeed = await call('POST', `/api/v1/care/visits/${visit.id}/record`, { token: gridWorker.token, body: { needs: [{ what: '' }] } });
  assertError(emptyNeed, 422, 'validation_failed', 'needs[0].what');
  const still = await call('GET', `/api/v1/care/visits?mine=true&month=${MONTH}&status=due`, { token: gridWorker.token });
  assert.ok(still.json.items.some((v) => v.id === visit.id), 'a refused record changes nothing');

  const recorded = await call('POST', `/api/v1/care/visits/${visit.id}/record`, {
    token: gridWorker.token,
    body: { mode: 'in_person', findings: { 身体状况: true, 居住安全: false }, note: '燃气灶老化', needs: [{ what: '更换燃气灶', urgency: 'urgent' }] },
  });
  assert.equal(recorded.status, 200, recorded.text);
  assert.equal(recorded.json.status, 'done');
  assert.equal(recorded.json.late, false);
  assert.equal(recorded.json.findings.居住安全, false);
  assert.equal(recorded.json.need_ids.length, 1);
  const again = await call('POST', `/api/v1/care/visits/${visit.id}/record`, { token: gridWorker.token, body: {} });
  assertError(again, 409, 'failed_precondition');

  const compliance = await call('GET', `/api/v1/care/compliance?place=${community}&month=${MONTH}`, { token: worker.token });
  assert.equal(compliance.status, 200, compliance.text);
  assert.ok(compliance.json.total.on_time >= 1);
  const row = compliance.json.places.find((p) => p.key === grid);
  assert.equal(row.planned, 1);
  assert.equal(row.on_time, 1);
  assert.equal(row.rate, 1);
  assert.ok(compliance.json.workers.some((w) => w.key === String(gridWorker.id) && w.on_time >= 1));

  const needs = await call('GET', `/api/v1/care/needs?place=${community}&status=open`, { token: worker.token });
  const need = needs.json.items.find((n) => n.id === recorded.json.need_ids[0]);
  assert.equal(need.what, '更换燃气灶');
  assert.equal(need.urgency, 'urgent');
  const assigned = await call('POST', `/api/v1/care/needs/${need.id}/assign`, { token: worker.token, body: { assignee_id: gridWorker.id } });
  assert.equal(assigned.status, 200, assigned.text);
  assert.equal(assigned.json.status, 'assigned');
  const noOutcome = await call('POST', `/api/v1/care/needs/${need.id}/close`, { token: gridWorker.token, body: { outcome: '' } });
  assertError(noOutcome, 422, 'validation_failed', 'outcome');
  const mineNeeds = await call('GET', '/api/v1/care/needs?mine=true', { token: gridWorker.token });
  assert.ok(mineNeeds.json.items.some((n) => n.id === need.id));
  const closed = await call('POST', `/api/v1/care/needs/${need.id}/close`, { token: gridWorker.token, body: { outcome: '已联系燃气公司更换' } });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');

  // The archive shows its visit; closing it needs a reason.
  const detail = await call('GET', `/api/v1/care/archives/${opened.json.id}`, { token: worker.token });
  assert.equal(detail.json.visits[0].id, visit.id);
  const noReason = await call('POST', `/api/v1/care/archives/${opened.json.id}/close`, { token: worker.token, body: {} });
  assertError(noReason, 422, 'validation_failed', 'reason');
  const end = await call('POST', `/api/v1/care/archives/${opened.json.id}/close`, { token: worker.token, body: { reason: '迁往外地' } });
  assert.equal(end.status, 200, end.text);
  assert.equal(end.json.status, 'closed');
  const endAgain = await call('POST', `/api/v1/care/archives/${opened.json.id}/close`, { token: worker.token, body: { reason: '再次' } });
  assertError(endAgain, 409, 'failed_precondition');
});

test("the month's visits come a page at a time, by place then id", async () => {
  // Two more elders of the grid with visits this month.
  const opened = [];
  for (const birth of ['19390405', '19410506']) {
    const made = await call('POST', '/api/v1/residents', { token, body: { name: `分页老人${RUN}`.slice(0, 20), id_number: idNumber(birth), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
    assert.equal(made.status, 201, made.text);
    const archive = await call('POST', '/api/v1/care/archives', { token: worker.token, body: { resident_id: made.json.id, category: 'elderly_special_difficulty', fields: { reason: '高龄独居' } } });
    assert.equal(archive.status, 201, archive.text);
    opened.push(archive.json.id);
  }
  planVisits();
  const all = await call('GET', `/api/v1/care/visits?place=${community}&month=${MONTH}&limit=200`, { token: worker.token });
  assert.equal(all.status, 200, all.text);
  const pages = [];
  let cursor = '';
  for (let i = 0; i < 200; i++) {
    const page = await call('GET', `/api/v1/care/visits?place=${community}&month=${MONTH}&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { token: worker.token });
    assert.equal(page.status, 200, page.text);
    assert.ok(page.json.items.length <= 1);
    pages.push(...page.json.items);
    if (!page.json.next_cursor) break;
    cursor = page.json.next_cursor;
  }
  assert.ok(pages.length >= 2);
  assert.deepEqual(pages.map((v) => v.id), all.json.items.map((v) => v.id), 'the pages walk the one list, each visit once');
  for (const id of opened) assert.equal(pages.filter((v) => v.archive_id === id).length, 1);
  for (let i = 1; i < pages.length; i++) {
    const [a, b] = [pages[i - 1], pages[i]];
    assert.ok(a.place_code < b.place_code || (a.place_code === b.place_code && a.id < b.id), `order: ${a.place_code}/${a.id} before ${b.place_code}/${b.id}`);
  }
  const first = await call('GET', `/api/v1/care/visits?place=${community}&month=${MONTH}`, { token: worker.token });
  assert.ok('next_cursor' in first.json);
  assert.ok(first.json.items.length <= 50, 'the default page holds 50');
  assertError(await call('GET', `/api/v1/care/visits?place=${community}&limit=0`, { token: worker.token }), 400, 'invalid_argument', 'limit');
  assertError(await call('GET', `/api/v1/care/visits?place=${community}&limit=201`, { token: worker.token }), 400, 'invalid_argument', 'limit');
  assertError(await call('GET', `/api/v1/care/visits?place=${community}&cursor=MTI`, { token: worker.token }), 400, 'invalid_argument', 'cursor');
});

test("minors' archives are opened and read only by the children's director and the county", async () => {
  const body = { resident_id: child.id, category: 'left_behind_child', fields: { guardianship: '祖辈照护' } };
  const plain = await call('POST', '/api/v1/care/archives', { token: worker.token, body });
  assertError(plain, 403, 'permission_denied', 'category');
  const opened = await call('POST', '/api/v1/care/archives', { token: director.token, body });
  assert.equal(opened.status, 201, opened.text);
  const byWorker = await call('GET', `/api/v1/care/archives?resident=${child.id}`, { token: worker.token });
  assert.equal(byWorker.json.items.length, 0);
  const read = await call('GET', `/api/v1/care/archives/${opened.json.id}`, { token: worker.token });
  assertError(read, 404, 'not_found');
  const byDirector = await call('GET', `/api/v1/care/archives?resident=${child.id}`, { token: director.token });
  assert.equal(byDirector.json.items.length, 1);
  const county = await accountWith('county_official', COUNTY);
  const byCounty = await call('GET', `/api/v1/care/archives/${opened.json.id}`, { token: county.token });
  assert.equal(byCounty.status, 200, byCounty.text);
});

test('the grid worker finds this module on the workbench', async () => {
  const res = await call('GET', '/api/v1/workbench', { token: gridWorker.token });
  assert.equal(res.status, 200, res.text);
  assert.ok(res.json.cards.some((c) => c.id === 'care.visits_due'), res.text);
});

test('the community worker\'s workbench counts the open 政策找人 leads of the community', async () => {
  const leads = await call('GET', `/api/v1/care/findings?place=${community}&status=open&limit=200`, { token: worker.token });
  const res = await call('GET', '/api/v1/workbench', { token: worker.token });
  assert.equal(res.status, 200, res.text);
  const card = res.json.cards.find((c) => c.id === 'care.findings_open');
  assert.ok(card, res.text);
  assert.equal(card.figure, leads.json.items.length);
  assert.deepEqual(card.link.query, { place: community, status: 'open' });
});

test('archives by spreadsheet: all or nothing with a row/column report; the export masks by permission', async () => {
  const template = await call('GET', '/api/v1/care/archives/import-template.xlsx', { token: worker.token });
  assert.equal(template.status, 200);
  assert.match(template.headers.get('content-type'), /spreadsheetml/);

  const number = idNumber('19420202');
  const made = await call('POST', '/api/v1/residents', { token, body: { name: `导入老人${RUN}`.slice(0, 20), id_number: number, ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
  assert.equal(made.status, 201, made.text);
  const header = '身份证号,姓名,类别,建档日期,档案字段';
  const good = `${number},${made.json.name},特殊困难老年人,2026-01-05,认定情形=失能；已配紧急呼叫设备=否`;
  const unknown = `${idNumber('19500101')},,特殊困难老年人,2026-01-05,认定情形=失能`;
  const badField = `${number},,低保,2026-01-05,月保障金（元）=很多`;
  const csv = (...rows) => `${header}\n${rows.join('\n')}\n`;
  // Each row on its own first, then against the registry.
  const rejected = await call('POST', '/api/v1/care/archives/import', { token: worker.token, raw: csv(good, badField), headers: { 'content-type': 'text/csv' } });
  assertError(rejected, 422, 'validation_failed');
  assert.deepEqual(rejected.json.report.map((p) => [p.row, p.column]), [[3, '档案字段']]);
  const unregistered = await call('POST', '/api/v1/care/archives/import', { token: worker.token, raw: csv(good, unknown), headers: { 'content-type': 'text/csv' } });
  assertError(unregistered, 422, 'validation_failed');
  assert.deepEqual(unregistered.json.report.map((p) => [p.row, p.column]), [[3, '身份证号']]);
  const twice = await call('POST', '/api/v1/care/archives/import', { token: worker.token, raw: csv(good, good), headers: { 'content-type': 'text/csv' } });
  assert.deepEqual(twice.json.report.map((p) => [p.row, p.column]), [[3, '类别']]);
  const none = await call('GET', `/api/v1/care/archives?resident=${made.json.id}`, { token: worker.token });
  assert.equal(none.json.items.length, 0, 'a refused import writes nothing');

  const dry = await call('POST', '/api/v1/care/archives/import?dry_run=true', { token: worker.token, raw: csv(good), headers: { 'content-type': 'text/csv' } });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.written, false);
  const accepted = await call('POST', '/api/v1/care/archives/import', { token: worker.token, raw: csv(good), headers: { 'content-type': 'text/csv' } });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.json.imported, 1);
  const archive = (await call('GET', `/api/v1/care/archives?resident=${made.json.id}`, { token: worker.token })).json.items[0];
  assert.deepEqual(archive.fields, { reason: '失能', call_device: 'false' });
  const again = await call('POST', '/api/v1/care/archives/import', { token: worker.token, raw: csv(good), headers: { 'content-type': 'text/csv' } });
  assert.deepEqual(again.json.report.map((p) => [p.row, p.column]), [[2, '类别']]);

  // The community worker may see personal data; a town official sees the number masked.
  const full = await fetch(`${process.env.LINLI_BASE_URL}/api/v1/care/archives/export.xlsx?place=${community}`, { headers: { authorization: `Bearer ${worker.token}` } });
  assert.equal(full.status, 200);
  const official = await accountWith('town_official', community.slice(0, 9));
  const masked = await fetch(`${process.env.LINLI_BASE_URL}/api/v1/care/archives/export.xlsx?place=${community}`, { headers: { authorization: `Bearer ${official.token}` } });
  assert.equal(masked.status, 200);
  const audit = await call('GET', `/api/v1/audit?subject_type=care_archive&action=export&actor=${worker.id}`, { token });
  assert.ok(audit.json.items.some((e) => JSON.stringify(e.detail).includes(String(archive.id))), audit.text);
  const officialAudit = await call('GET', `/api/v1/audit?subject_type=care_archive&action=export&actor=${official.id}`, { token });
  assert.ok(officialAudit.json.items.length === 1 && !JSON.stringify(officialAudit.json.items[0].detail).includes(String(archive.id)), officialAudit.text);
});

test('政策找人: the rules find an 85-year-old without the allowance; the outcome is recorded once', async () => {
  const benefits = await call('GET', '/api/v1/care/benefits', { token: worker.token });
  assert.equal(benefits.status, 200, benefits.text);
  const allowance = benefits.json.items.find((b) => b.code === 'advanced_age_allowance');
  assert.match(allowance.rule, /年龄不小于80/);

  const born = `${new Date(Date.now() + 8 * 3600_000).getUTCFullYear() - 85}0315`;
  const made = await call('POST', '/api/v1/residents', { token, body: { name: `高龄${RUN}`.slice(0, 20), id_number: idNumber(born), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
  assert.equal(made.status, 201, made.text);
  for (let i = 0; i < 100; i++) {
    const run = await call('POST', '/api/v1/jobs/care.eligibility/run', { token });
    if (run.status !== 409) {
      assert.equal(run.status, 200, run.text);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const found = await call('GET', `/api/v1/care/findings?place=${community}&benefit=advanced_age_allowance&status=open&limit=200`, { token: worker.token });
  assert.equal(found.status, 200, found.text);
  const finding = found.json.items.find((f) => f.resident_id === made.json.id);
  assert.ok(finding, found.text);
  assert.equal(finding.kind, 'eligible');
  assert.equal(finding.benefit_name, '高龄津贴');
  const badKind = await call('GET', '/api/v1/care/findings?kind=maybe', { token: worker.token, unchecked: true });
  assertError(badKind, 400, 'invalid_argument', 'kind');

  const byGrid = await call('POST', `/api/v1/care/findings/${finding.id}/outcome`, { token: gridWorker.token, body: { status: 'applied' } });
  assert.equal(byGrid.status, 403, byGrid.text);
  const stopWrong = await call('POST', `/api/v1/care/findings/${finding.id}/outcome`, { token: worker.token, body: { status: 'stopped' } });
  assertError(stopWrong, 422, 'validation_failed', 'status');
  const unknown = await call('POST', `/api/v1/care/findings/${finding.id}/outcome`, { token: worker.token, body: { status: 'maybe' } });
  assertError(unknown, 422, 'validation_failed', 'status');
  const applied = await call('POST', `/api/v1/care/findings/${finding.id}/outcome`, { token: worker.token, body: { status: 'applied', note: '已协助递交申请' } });
  assert.equal(applied.status, 200, applied.text);
  assert.equal(applied.json.status, 'applied');
  assert.equal(applied.json.worker_id, worker.id);
  const twice = await call('POST', `/api/v1/care/findings/${finding.id}/outcome`, { token: worker.token, body: { status: 'declined' } });
  assertError(twice, 409, 'failed_precondition');
});

test('signals from other departments are imported all or nothing and re-run the rules for their people', async () => {
  const template = await call('GET', '/api/v1/care/signals/import-template.xlsx', { token: worker.token });
  assert.equal(template.status, 200);
  const number = idNumber('19700101');
  const made = await call('POST', '/api/v1/residents', { token, body: { name: `失业${RUN}`.slice(0, 20), id_number: number, ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
  assert.equal(made.status, 201, made.text);
  const header = '身份证号,信号,日期,来源部门';
  const bad = await call('POST', '/api/v1/care/signals/import', { token: worker.token, raw: `${header}\n${number},中奖,2026-01-05,人社局\n${number},出院,2999-01-01,医院\n`, headers: { 'content-type': 'text/csv' } });
  assertError(bad, 422, 'validation_failed');
  assert.deepEqual(bad.json.report.map((p) => [p.row, p.column]), [[2, '信号'], [3, '日期']]);
  const none = await call('GET', `/api/v1/care/signals?place=${community}`, { token: worker.token });
  assert.ok(!none.json.items.some((s) => s.resident_id === made.json.id), 'a refused import writes nothing');

  const accepted = await call('POST', '/api/v1/care/signals/import', { token: worker.token, raw: `${header}\n${number},失业登记,2026-01-05,市人社局\n`, headers: { 'content-type': 'text/csv' } });
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.json.imported, 1);
  assert.equal(typeof accepted.json.findings, 'number');
  const listed = await call('GET', `/api/v1/care/signals?place=${community}`, { token: gridWorker.token });
  const signal = listed.json.items.find((s) => s.resident_id === made.json.id);
  assert.equal(signal.kind, 'unemployment');
  assert.equal(signal.kind_label, '失业登记');
  assert.equal(signal.source, '市人社局');
  const byGrid = await call('POST', '/api/v1/care/signals/import', { token: gridWorker.token, raw: `${header}\n${number},出院,2026-01-05,医院\n`, headers: { 'content-type': 'text/csv' } });
  assert.equal(byGrid.status, 403, byGrid.text);
});
