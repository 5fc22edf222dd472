// Plan indicators (issue 18): the plan as data (34 numbers), every indicator of a place and month
// with its status, figures computed from the modules' records (`linli indicators compute`: B2a
// after a kiosk is registered), and the reported figures of the indicators no module computes —
// entered by a community worker, approved by the town, the county and the city in turn, or
// returned with a reason and entered again; scope, the department rule and bad input.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, unlinkSync } from 'node:fs';
import { call, admin, accountWith, assertError, xlsxText, pdfText, RUN, BASE } from './lib.mjs';

const COUNTY = '321023'; // 宝应县: the other suites leave its figures alone
const STATUSES = ['met', 'on_track', 'at_risk', 'behind', 'no_data'];
const MONTH = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
let town;
let urban;
let worker;
let townOfficial;
let countyOfficial;
let token;

function compute(period) {
  return execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'indicators', 'compute', '--period', period], { encoding: 'utf8' });
}

const rowOf = (answer, id, variant = null) => answer.json.indicators.find((r) => r.id === id && r.variant === variant);

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  assert.equal(county.status, 200, county.text);
  for (const child of county.json.children) {
    const read = await call('GET', `/api/v1/divisions/${child.code}`, { token });
    const found = read.json.children.find((c) => c.kind === 'urban');
    if (found) {
      town = child.code;
      urban = found.code;
      break;
    }
  }
  assert.ok(town, 'a town of 宝应县 with an urban community');
  worker = await accountWith('community_worker', urban);
  townOfficial = await accountWith('town_official', town);
  countyOfficial = await accountWith('county_official', COUNTY);
});

test('the plan is data: 27 tasks and 34 indicators, each with its departments and target', async () => {
  const plan = await call('GET', '/api/v1/plan', { token: worker.token });
  assert.equal(plan.status, 200, plan.text);
  assert.equal(plan.json.city_code, '3210');
  assert.equal(plan.json.tasks.length, 27);
  assert.equal(plan.json.indicators.length, 34);
  for (const indicator of plan.json.indicators) {
    assert.ok(indicator.responsible.length > 0, indicator.id);
    assert.ok(indicator.target !== null || indicator.variants.length > 0, indicator.id);
  }
  const c9 = plan.json.indicators.find((i) => i.id === 'C9');
  assert.deepEqual(c9.variants.map((v) => [v.id, v.target]), [['urban', 100], ['rural', 90]]);
  assert.equal(plan.json.indicators.find((i) => i.id === 'B2a').computed_by, 'kiosks');
  assert.equal(plan.json.indicators.find((i) => i.id === 'B2b').computed_by, null);
  assert.equal(plan.json.indicators.find((i) => i.id === 'C1').computed_by, 'care');
  assert.equal(plan.json.indicators.find((i) => i.id === 'C2c').computed_by, 'care');
  assert.equal(plan.json.indicators.find((i) => i.id === 'A5').computed_by, 'social_work');
});

test('every indicator has a row at the town; B2a is computed from the kiosks registered', async () => {
  const kiosk = await call('POST', '/api/v1/kiosks', { token: worker.token, body: { community_code: urban, name: `指标终端${RUN}`, kind: 'kiosk' } });
  assert.equal(kiosk.status, 201, kiosk.text);
  const printed = compute(MONTH);
  assert.match(printed, new RegExp(`indicators ${MONTH}: \\d+ computed`));

  const answer = await call('GET', `/api/v1/indicators?place=${town}&period=${MONTH}`, { token: townOfficial.token });
  assert.equal(answer.status, 200, answer.text);
  assert.equal(answer.json.place, town);
  assert.equal(answer.json.period, MONTH);
  assert.equal(new Set(answer.json.indicators.map((r) => r.id)).size, 34);
  for (const row of answer.json.indicators) {
    assert.ok(['computed', 'reported', 'none'].includes(row.source), row.id);
    if (row.status === null) {
      assert.equal(row.kind, 'count', `${row.id}: only a count's contribution has no status`);
      assert.equal(row.target, null);
    } else {
      assert.ok(STATUSES.includes(row.status), `${row.id}: ${row.status}`);
    }
    if (row.value === null) assert.ok(row.reason.length > 0, `${row.id}: 无数据 says why`);
  }
  const b2a = rowOf(answer, 'B2a');
  assert.equal(b2a.source, 'computed');
  assert.ok(b2a.numerator >= 1, answer.text);
  assert.ok(b2a.denominator >= b2a.numerator);
  assert.ok(rowOf(answer, 'C9', 'urban') && rowOf(answer, 'C9', 'rural'), 'a row per variant');

  const community = await call('GET', `/api/v1/indicators?place=${urban}&period=${MONTH}`, { token: worker.token });
  assert.equal(community.status, 200, community.text);
  assert.equal(rowOf(community, 'B2a').value, 100);
  assert.equal(rowOf(community, 'B2a').status, 'met');
  assert.equal(rowOf(community, 'C9', 'rural'), undefined, 'an urban community has only the urban variant');

  // The town's communities, worst first: the one with the kiosk is met, and comes last among them.
  const breakdown = await call('GET', `/api/v1/indicators/B2a/breakdown?place=${town}&period=${MONTH}`, { token: townOfficial.token });
  assert.equal(breakdown.status, 200, breakdown.text);
  const mine = breakdown.json.items.find((i) => i.place_code === urban);
  assert.equal(mine.status, 'met', breakdown.text);
  assert.ok(breakdown.json.items.every((i) => i.place_code.startsWith(town) && i.place_code.length === 12));
  const ranks = breakdown.json.items.map((i) => ['behind', 'at_risk', 'no_data', 'on_track', 'met', null].indexOf(i.status));
  assert.deepEqual(ranks, [...ranks].sort((a, b) => a - b), 'worst first');
  assertError(await call('GET', `/api/v1/indicators/B2a/breakdown?place=${COUNTY}`, { token: townOfficial.token }), 404, 'not_found');

  const trend = await call('GET', `/api/v1/indicators/B2a/trend?place=${urban}`, { token: worker.token });
  assert.equal(trend.status, 200, trend.text);
  assert.ok(trend.json.items.some((p) => p.period === MONTH && p.value === 100));
});

test('a reported figure climbs the ladder: community → town → county → city', async () => {
  const period = '2024-03';
  const made = await call('POST', '/api/v1/indicator-reports', {
    token: worker.token,
    body: { indicator: 'B2b', place: urban, period, numerator: 1, denominator: 1, note: `全科社工${RUN}` },
  });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.state, 'submitted');
  assert.equal(made.json.next_level, 'town');
  const id = made.json.id;

  // The same place, month and indicator again: one live figure.
  const again = await call('POST', '/api/v1/indicator-reports', { token: worker.token, body: { indicator: 'B2b', place: urban, period, numerator: 0, denominator: 1 } });
  assertError(again, 409, 'already_exists');

  // Not the county's turn yet.
  assertError(await call('POST', `/api/v1/indicator-reports/${id}/approve`, { token: countyOfficial.token }), 403, 'permission_denied');
  const awaiting = await call('GET', '/api/v1/indicator-approvals', { token: townOfficial.token });
  assert.ok(awaiting.json.items.some((r) => r.id === id), awaiting.text);

  for (const approver of [townOfficial.token, countyOfficial.token, token]) {
    const approved = await call('POST', `/api/v1/indicator-reports/${id}/approve`, { token: approver });
    assert.equal(approved.status, 200, approved.text);
  }
  const detail = await call('GET', `/api/v1/indicator-reports/${id}`, { token: worker.token });
  assert.equal(detail.json.state, 'approved');
  assert.deepEqual(detail.json.steps.map((s) => [s.action, s.level]), [['submit', ''], ['approve', 'town'], ['approve', 'county'], ['approve', 'city']]);

  const atTown = await call('GET', `/api/v1/indicators?place=${town}&period=${period}`, { token: townOfficial.token });
  const b2b = rowOf(atTown, 'B2b');
  assert.equal(b2b.source, 'reported');
  assert.equal(b2b.approval, 'approved');
  assert.ok(b2b.value > 0 && b2b.value <= 100, atTown.text);

  // Every step is in the audit log.
  const audit = await call('GET', `/api/v1/audit?subject_type=indicator_report&subject_id=${id}&limit=50`, { token });
  assert.equal(audit.status, 200, audit.text);
  assert.equal(audit.json.items.length, 4, audit.text);
});

test('a returned figure says why, is left out, and is entered again', async () => {
  const period = '2024-04';
  const made = await call('POST', '/api/v1/indicator-reports', { token: worker.token, body: { indicator: 'B2b', place: urban, period, numerator: 1, denominator: 1 } });
  assert.equal(made.status, 201, made.text);
  assertError(await call('POST', `/api/v1/indicator-reports/${made.json.id}/return`, { token: townOfficial.token, body: { reason: '' } }), 422, 'validation_failed', 'reason');
  const returned = await call('POST', `/api/v1/indicator-reports/${made.json.id}/return`, { token: townOfficial.token, body: { reason: '与走访台账不符' } });
  assert.equal(returned.status, 200, returned.text);
  assert.equal(returned.json.state, 'returned');
  assert.equal(returned.json.return_reason, '与走访台账不符');
  const view = await call('GET', `/api/v1/indicators?place=${urban}&period=${period}`, { token: worker.token });
  assert.equal(rowOf(view, 'B2b').value, null, 'a returned figure is not counted');
  const resubmitted = await call('PUT', `/api/v1/indicator-reports/${made.json.id}`, { token: worker.token, body: { numerator: 1, denominator: 1, note: '补充走访记录' } });
  assert.equal(resubmitted.status, 200, resubmitted.text);
  assert.equal(resubmitted.json.state, 'submitted');
  assert.equal(resubmitted.json.next_level, 'town');
});

test('bad input changes nothing and says what is wrong', async () => {
  const post = (body, t = worker.token) => call('POST', '/api/v1/indicator-reports', { token: t, body });
  assertError(await post({ indicator: 'B2a', place: urban, period: '2024-05', numerator: 1, denominator: 1 }), 409, 'failed_precondition');
  assertError(await post({ indicator: 'B2b', place: urban, period: '2024-5', numerator: 1, denominator: 1 }), 422, 'validation_failed', 'period');
  assertError(await post({ indicator: 'B2b', place: urban, period: '2024-05', numerator: 3, denominator: 1 }), 422, 'validation_failed', 'numerator');
  assertError(await post({ indicator: 'B2b', place: urban, period: '2099-01', numerator: 1, denominator: 1 }), 422, 'validation_failed', 'period');
  assertError(await post({ indicator: 'Z9', place: urban, period: '2024-05', numerator: 1, denominator: 1 }), 422, 'validation_failed', 'indicator');
  assertError(await post({ indicator: 'B2b', place: urban, period: '2024-05', numerator: 1, denominator: 1, note: 'a\u0007b' }), 400, 'invalid_argument', 'note');
  assertError(await post({ indicator: 'B2b', place: '321081001001', period: '2024-05', numerator: 1, denominator: 1 }), 404, 'not_found');
  assertError(await call('GET', '/api/v1/indicators', { token: worker.token }), 400, 'invalid_argument', 'place');
  assertError(await call('GET', `/api/v1/indicators?place=${COUNTY}`, { token: worker.token }), 404, 'not_found');
  const grid = await accountWith('resident', urban);
  assertError(await call('GET', `/api/v1/indicators?place=${urban}`, { token: grid.token }), 403, 'permission_denied');
  const listed = await call('GET', `/api/v1/indicator-reports?place=${urban}&period=2024-05`, { token: worker.token });
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.items.length, 0, 'nothing was written');
});

test('a department officer enters only its department’s indicators', async () => {
  const officer = await accountWith('department_officer', '3210');
  const own = await call('POST', '/api/v1/indicator-reports', { token: officer.token, body: { indicator: 'B2b', place: '3210', period: '2024-06', numerator: 12, denominator: 20 } });
  assert.equal(own.status, 201, own.text);
  assert.equal(own.json.next_level, 'city');
  const other = await call('POST', '/api/v1/indicator-reports', { token: officer.token, body: { indicator: 'C13', place: '3210', period: '2024-06', numerator: 2 } });
  assertError(other, 403, 'permission_denied', 'indicator');
});


test('C6 is computed from the registry: a county with an open mental-health rehabilitation station counts', async () => {
  const station = await call('POST', '/api/v1/facilities', {
    token, body: { community_code: COUNTY, type: 'mental_health_rehab', name: `精神康复站${RUN}`, lat: 33.2408, lon: 119.3126, floor_area: 200, service_area: 160 },
  });
  assert.equal(station.status, 201, station.text);
  assert.equal(station.json.level, 'county');
  compute(MONTH);
  const county = await call('GET', `/api/v1/indicators?place=${COUNTY}&period=${MONTH}`, { token: countyOfficial.token });
  assert.equal(county.status, 200, county.text);
  const c6 = rowOf(county, 'C6');
  assert.equal(c6.source, 'computed');
  assert.deepEqual([c6.numerator, c6.denominator, c6.value], [1, 1, 100]);
  const city = await call('GET', `/api/v1/indicators?place=3210&period=${MONTH}`, { token });
  const cityC6 = rowOf(city, 'C6');
  assert.ok(cityC6.denominator >= 6 && cityC6.numerator >= 1, city.text);
  // Closed, it no longer counts.
  const closed = await call('PATCH', `/api/v1/facilities/${station.json.id}`, { token, body: { status: 'closed' } });
  assert.equal(closed.status, 200, closed.text);
  compute(MONTH);
  const after = await call('GET', `/api/v1/indicators?place=${COUNTY}&period=${MONTH}`, { token: countyOfficial.token });
  assert.equal(rowOf(after, 'C6').numerator, 0, after.text);
});

test('A4a, A4b, C15 and A6 are computed from the registry: incubation bases, domestic-service outlets, volunteer stations', async () => {
  const plan = await call('GET', '/api/v1/plan', { token });
  for (const id of ['A4a', 'A4b', 'A6', 'C15', 'C6']) {
    assert.equal(plan.json.indicators.find((i) => i.id === id).computed_by, 'facilities', id);
  }
  const facility = async (place, type, name) => {
    const made = await call('POST', '/api/v1/facilities', {
      token, body: { community_code: place, type, name: `${name}${RUN}`, lat: 33.2408, lon: 119.3126, floor_area: 120, service_area: 100 },
    });
    assert.equal(made.status, 201, made.text);
    return made.json.id;
  };
  // Before: nothing in this town.
  compute(MONTH);
  const before = await call('GET', `/api/v1/indicators?place=${town}&period=${MONTH}`, { token: townOfficial.token });
  assert.equal(rowOf(before, 'A4a').numerator, 0, before.text);
  assert.equal(rowOf(before, 'A4a').denominator, 1);

  const base = await facility(urban, 'incubation_base', '社会组织孵化基地');
  await facility(urban, 'domestic_service', '家政服务网点');
  const centre = await facility(urban, 'party_service_center', '党群服务中心');
  compute(MONTH);
  const atUrban = await call('GET', `/api/v1/indicators?place=${urban}&period=${MONTH}`, { token: worker.token });
  assert.equal(atUrban.status, 200, atUrban.text);
  for (const id of ['A4b', 'C15']) {
    const row = rowOf(atUrban, id);
    assert.equal(row.source, 'computed', id);
    assert.deepEqual([row.numerator, row.denominator, row.value], [1, 1, 100], id);
  }
  // The community's service centre has no volunteer station yet: A6 names it.
  const a6 = rowOf(atUrban, 'A6');
  assert.deepEqual([a6.numerator, a6.denominator], [0, 1], atUrban.text);
  // A base within the town counts for the town (A4a); the town's other communities count for A4b's denominator.
  const atTown = await call('GET', `/api/v1/indicators?place=${town}&period=${MONTH}`, { token: townOfficial.token });
  assert.deepEqual([rowOf(atTown, 'A4a').numerator, rowOf(atTown, 'A4a').denominator], [1, 1], atTown.text);
  assert.ok(rowOf(atTown, 'A4b').denominator > 1 && rowOf(atTown, 'A4b').numerator === 1, atTown.text);

  await facility(urban, 'volunteer_station', '志愿服务站');
  compute(MONTH);
  const withStation = await call('GET', `/api/v1/indicators?place=${urban}&period=${MONTH}`, { token: worker.token });
  assert.deepEqual([rowOf(withStation, 'A6').numerator, rowOf(withStation, 'A6').denominator], [1, 1], withStation.text);

  // Closed, the base no longer counts for the community or the town.
  const closed = await call('PATCH', `/api/v1/facilities/${base}`, { token, body: { status: 'closed' } });
  assert.equal(closed.status, 200, closed.text);
  await call('PATCH', `/api/v1/facilities/${centre}`, { token, body: { status: 'closed' } });
  compute(MONTH);
  const after = await call('GET', `/api/v1/indicators?place=${town}&period=${MONTH}`, { token: townOfficial.token });
  assert.equal(rowOf(after, 'A4a').numerator, 0, after.text);
  assert.equal(rowOf(after, 'A4b').numerator, 0, after.text);
});

test('figures by spreadsheet: the template lists what to report, the import is all or nothing', async () => {
  const template = await fetch(`${BASE}/api/v1/indicator-reports/import-template.xlsx?place=${urban}&period=2024-07`, { headers: { authorization: `Bearer ${worker.token}` } });
  assert.equal(template.status, 200);
  const cells = xlsxText(Buffer.from(await template.arrayBuffer()));
  assert.ok(cells.includes('B2b') && cells.includes('C11c'), 'the reported indicators are listed');
  assert.ok(!cells.includes('B2a') && !cells.includes('C15'), 'a computed indicator is not');

  const header = '指标编号,分项,地区代码,月份,分子（或数量）,分母,说明';
  const bad = [header, `B2b,,${urban},2024-07,1,1,台账`, `B2b,,${urban},2024-07,1,1,重复`, `Z9,,${urban},2024-07,1,1,`, `C5a,,${urban},2024-07,1,1,`, `B4,,${urban},2024-07,abc,10,`, `C15,,${urban},2024-07,,,`].join('\n');
  const refused = await call('POST', '/api/v1/indicator-reports/import', { token: worker.token, raw: bad, headers: { 'content-type': 'text/csv' } });
  assert.equal(refused.status, 422, refused.text);
  const rows = refused.json.report.map((p) => p.row).sort();
  assert.deepEqual(rows, [3, 4, 5, 6], refused.text);
  const none = await call('GET', `/api/v1/indicator-reports?place=${urban}&period=2024-07`, { token: worker.token });
  assert.equal(none.json.items.length, 0, 'nothing was written');

  const good = [header, `B2b,,${urban},2024-07,1,1,台账`, `B4,,${urban},2024-07,3,2000,`, `C15,,${urban},2024-07,,,`].join('\n');
  const dry = await call('POST', '/api/v1/indicator-reports/import?dry_run=true', { token: worker.token, raw: good, headers: { 'content-type': 'text/csv' } });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.written, false);
  const imported = await call('POST', '/api/v1/indicator-reports/import', { token: worker.token, raw: good, headers: { 'content-type': 'text/csv' } });
  assert.equal(imported.status, 200, imported.text);
  assert.equal(imported.json.imported, 2);
  assert.equal(imported.json.skipped, 1);
  const listed = await call('GET', `/api/v1/indicator-reports?place=${urban}&period=2024-07`, { token: worker.token });
  assert.equal(listed.json.items.length, 2);
  const detail = await call('GET', `/api/v1/indicator-reports/${listed.json.items[0].id}`, { token: worker.token });
  assert.deepEqual(detail.json.steps.map((s) => s.action), ['submit']);
  // The same file again: the figures exist now (422 on their rows, nothing written).
  const again = await call('POST', '/api/v1/indicator-reports/import', { token: worker.token, raw: good, headers: { 'content-type': 'text/csv' } });
  assert.equal(again.status, 422, again.text);
});

test('the monthly report: a sheet per level, the plan wording, this month and the last', async () => {
  const res = await fetch(`${BASE}/api/v1/indicators/report.xlsx?place=${town}&period=2024-04`, { headers: { authorization: `Bearer ${townOfficial.token}` } });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-disposition'), /attachment/);
  const text = xlsxText(Buffer.from(await res.arrayBuffer()));
  assert.match(text, /<sheet name="[^"]+" sheetId="1"/);
  assert.match(text, /<sheet name="村（社区）" sheetId="2"/);
  assert.ok(text.includes('村（社区）困难群众走访发现机制建成率'), 'the plan wording');
  const department = await fetch(`${BASE}/api/v1/indicators/report.xlsx?place=${town}&period=2024-04&department=${encodeURIComponent('市公安局')}`, { headers: { authorization: `Bearer ${townOfficial.token}` } });
  const police = xlsxText(Buffer.from(await department.arrayBuffer()));
  assert.ok(police.includes('“一区一警两辅”') && !police.includes('社区家政服务网点覆盖率'), 'one department’s indicators');
  const outside = await call('GET', `/api/v1/indicators/report.xlsx?place=${COUNTY}`, { token: worker.token });
  assertError(outside, 404, 'not_found');
  assertError(await call('GET', `/api/v1/indicators/report.xlsx?place=${town}&department=${encodeURIComponent('某某局')}`, { token: townOfficial.token }), 400, 'invalid_argument', 'department');
});

test('the monthly report as PDF: Chinese text that reads back, a section per level, the chart', async (t) => {
  const res = await fetch(`${BASE}/api/v1/indicators/report.pdf?place=${town}&period=2024-04`, { headers: { authorization: `Bearer ${townOfficial.token}` } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.match(res.headers.get('content-disposition'), /attachment; filename="indicator-report.pdf"; filename\*=UTF-8''/);
  const bytes = Buffer.from(await res.arrayBuffer());
  assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
  const text = pdfText(bytes);
  if (text === null) return t.skip('pdftotext is not installed (Debian package poppler-utils)');
  assert.ok(text.includes('规划指标月度报告'), 'the title');
  assert.ok(text.includes('村（社区）困难群众走访发现机制建成率'), 'the plan wording');
  assert.ok(text.includes('本月值与目标'), 'the chart');
  assert.ok(text.includes('村（社区）') && text.includes('上月值') && text.includes('第1页'), 'the community level, the columns, page numbers');
  const department = await fetch(`${BASE}/api/v1/indicators/report.pdf?place=${town}&period=2024-04&department=${encodeURIComponent('市公安局')}`, { headers: { authorization: `Bearer ${townOfficial.token}` } });
  const police = pdfText(Buffer.from(await department.arrayBuffer()));
  assert.ok(police.includes('一区一警两辅') && !police.includes('社区家政服务网点覆盖率'), 'one department’s indicators');
  assertError(await call('GET', `/api/v1/indicators/report.pdf?place=${COUNTY}`, { token: worker.token }), 404, 'not_found');
  assertError(await call('GET', `/api/v1/indicators/report.pdf?place=${town}&period=2024-13`, { token: townOfficial.token }), 400, 'invalid_argument', 'period');
});

test('linli report indicators --format pdf writes the same report', (t) => {
  const file = `/tmp/linli-report-${RUN}.pdf`;
  const out = execFileSync(process.env.LINLI_BIN, ['--db', process.env.LINLI_DB_URL, 'report', 'indicators', '--place', town, '--period', '2024-04', '--format', 'pdf', '-o', file], { encoding: 'utf8' });
  assert.match(out, /report written to .*PDF/);
  const text = pdfText(readFileSync(file));
  unlinkSync(file);
  if (text === null) return t.skip('pdftotext is not installed (Debian package poppler-utils)');
  assert.ok(text.includes('村（社区）困难群众走访发现机制建成率'));
});
