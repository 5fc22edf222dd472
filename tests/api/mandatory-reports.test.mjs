// Mandatory reports (强制报告; issue 19 item 4; decision 0034) on the real server: a school's
// account (role institution) files a report about a child of a community without reaching any
// record, gets a receipt and follows it; the community's 儿童主任 and the county's officers are
// told, read it (audited), acknowledge and close it; nobody else reaches it; a report past its
// deadline is told to the county by the job; bad input changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, login, PASSWORD, RUN } from './lib.mjs';

const COUNTY = '321012'; // 江都区
let token;
let community;
let otherCounty;
let school;
let director;
let worker;
let county;
let receipt;

before(async () => {
  token = await admin();
  const read = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  const town = read.json.children[0].code;
  community = (await call('GET', `/api/v1/divisions/${town}`, { token })).json.children[0].code;
  otherCounty = '321003001001';
  const username = `school${RUN}`.slice(0, 30);
  const made = await call('POST', '/api/v1/accounts', { token, body: { username, display_name: '江都实验小学', password: PASSWORD, grants: [{ role: 'institution', scope_code: town }] } });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json.permissions, ['divisions.read', 'self', 'minors.report']);
  school = { username, token: (await login(username, PASSWORD)).token };
  director = await accountWith('community_worker', community);
  const duty = await call('PUT', `/api/v1/accounts/${director.username}/grants`, { token, body: { grants: [{ role: 'community_worker', scope_code: community, duty: 'children_director' }] } });
  assert.equal(duty.status, 200, duty.text);
  director = { ...director, token: (await login(director.username, PASSWORD)).token };
  worker = await accountWith('community_worker', community);
  county = await accountWith('county_official', COUNTY);
});

const report = (extra = {}) => ({
  institution: '江都实验小学', contact_phone: '0514-86881234', place_code: community, kind: 'neglect', urgent: true,
  child_name: '小明', child_age: 9, child_address: '某小区 3 栋', description: `连续多日无人接送，身上有伤${RUN}`, ...extra,
});

test('a school files a report and gets a receipt, seeing nothing of the child\'s records', async () => {
  assertError(await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report({ place_code: otherCounty }) }), 422, 'validation_failed', 'place_code');
  assertError(await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report({ place_code: community.slice(0, 9) }) }), 422, 'validation_failed', 'place_code');
  assertError(await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report({ description: '' }) }), 422, 'validation_failed', 'description');
  assertError(await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report({ child_age: 19 }) }), 422, 'validation_failed', 'child_age');
  assertError(await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report({ kind: 'theft' }) }), 422, 'validation_failed', 'kind');
  assertError(await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report({ contact_phone: 'abc' }) }), 422, 'validation_failed', 'contact_phone');
  assert.equal((await call('GET', '/api/v1/mandatory-reports/mine', { token: school.token })).json.items.length, 0, 'nothing written by the refusals');

  const filed = await call('POST', '/api/v1/mandatory-reports', { token: school.token, body: report() });
  assert.equal(filed.status, 201, filed.text);
  receipt = filed.json;
  assert.match(receipt.receipt_code, /^QZBG-\d{8}-\d{6}$/);
  assert.equal(receipt.status, 'received');
  assert.ok(receipt.acknowledge_due_at > receipt.filed_at);
  assert.ok(!('description' in receipt) && !('child_name' in receipt), 'the receipt carries nothing of the child');
  const mine = await call('GET', '/api/v1/mandatory-reports/mine', { token: school.token });
  assert.deepEqual(mine.json.items.map((r) => r.receipt_code), [receipt.receipt_code]);
  // A reporter reaches no record: not the registry, not the handlers' list.
  assertError(await call('GET', '/api/v1/residents', { token: school.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/mandatory-reports', { token: school.token }), 403, 'permission_denied');
  assertError(await call('GET', `/api/v1/mandatory-reports/${receipt.id}`, { token: school.token }), 403, 'permission_denied');
});

test('the children\'s director and the county are told, read, acknowledge and close; nobody else reaches it', async () => {
  const bell = await call('GET', '/api/v1/notifications?limit=10', { token: director.token });
  assert.ok(bell.json.items.some((n) => n.text.includes(receipt.receipt_code) && n.text.includes('紧急')), bell.text);
  // The notification opens the report (its handlers may read it).
  const notice = bell.json.items.find((n) => n.text.includes(receipt.receipt_code));
  assert.equal(notice.subject_type, 'mandatory_report');
  assert.equal(notice.subject_id, receipt.id);
  assert.equal(notice.link, `/care/mandatory-reports/${receipt.id}`);
  assert.ok((await call('GET', '/api/v1/notifications?limit=10', { token: county.token })).json.items.some((n) => n.text.includes(receipt.receipt_code)));
  assert.ok(!(await call('GET', '/api/v1/notifications?limit=10', { token: worker.token })).json.items.some((n) => n.text.includes(receipt.receipt_code)));

  // A community worker without the duty: no permission; an official of another county: 404.
  assertError(await call('GET', `/api/v1/mandatory-reports/${receipt.id}`, { token: worker.token }), 403, 'permission_denied');
  const elsewhere = await accountWith('county_official', '321003');
  assertError(await call('GET', `/api/v1/mandatory-reports/${receipt.id}`, { token: elsewhere.token }), 404, 'not_found');
  // (Other suites file reports in that county too: the list must not hold this one.)
  assert.ok(!(await call('GET', '/api/v1/mandatory-reports?limit=200', { token: elsewhere.token })).json.items.some((r) => r.id === receipt.id));
  // Never on the event boards.
  const events = await call('GET', `/api/v1/events?place=${community}&limit=200`, { token });
  assert.equal(events.status, 200, events.text);
  assert.ok(!events.text.includes(`身上有伤${RUN}`) && !events.text.includes(receipt.receipt_code), 'not an event');

  // The director's workbench counts it without naming the child.
  const bench = await call('GET', '/api/v1/workbench', { token: director.token });
  const card = bench.json.cards.find((c) => c.id === 'care.mandatory_reports');
  assert.ok(card && card.figure >= 1, bench.text);
  assert.ok(!JSON.stringify(card).includes('小明'), 'the card does not name the child');
  assert.ok(card.items.some((i) => i.label.startsWith(receipt.receipt_code)) || card.figure > 5, bench.text);
  assert.equal((await call('GET', '/api/v1/workbench', { token: worker.token })).json.cards.find((c) => c.id === 'care.mandatory_reports'), undefined, 'not for a worker without the duty');
  const listed = await call('GET', `/api/v1/mandatory-reports?place=${community}&status=received`, { token: director.token });
  assert.equal(listed.status, 200, listed.text);
  const mineListed = listed.json.items.find((r) => r.id === receipt.id);
  assert.equal(mineListed.child_name, '小明');
  assert.equal(mineListed.kind_label, '监护缺失或疏于照料');
  assert.equal(mineListed.overdue, false);
  assertError(await call('GET', '/api/v1/mandatory-reports?status=lost', { token: director.token, unchecked: true }), 400, 'invalid_argument', 'status');

  assertError(await call('POST', `/api/v1/mandatory-reports/${receipt.id}/close`, { token: director.token, body: { outcome: '已家访' } }), 409, 'failed_precondition');
  const ack = await call('POST', `/api/v1/mandatory-reports/${receipt.id}/acknowledge`, { token: director.token });
  assert.equal(ack.status, 200, ack.text);
  assert.equal(ack.json.status, 'acknowledged');
  assertError(await call('POST', `/api/v1/mandatory-reports/${receipt.id}/acknowledge`, { token: county.token }), 409, 'failed_precondition');
  assertError(await call('POST', `/api/v1/mandatory-reports/${receipt.id}/close`, { token: county.token, body: { outcome: '' } }), 422, 'validation_failed', 'outcome');
  assertError(await call('POST', `/api/v1/mandatory-reports/${receipt.id}/close`, { token: county.token, body: { outcome: 'x', referral: 'mayor' } }), 422, 'validation_failed', 'referral');
  const closed = await call('POST', `/api/v1/mandatory-reports/${receipt.id}/close`, { token: county.token, body: { outcome: '入户核查，已联系监护人并转介医疗', referral: 'police' } });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  assert.equal(closed.json.referral_label, '移送公安机关');

  // The reporter sees where it stands, not what was done.
  const mine = (await call('GET', '/api/v1/mandatory-reports/mine', { token: school.token })).json.items[0];
  assert.equal(mine.status, 'closed');
  assert.ok(!('outcome' in mine));

  // Every read and step is audited; the audit detail carries nothing of the child.
  const audit = await call('GET', `/api/v1/audit?subject_type=mandatory_report&limit=200`, { token });
  assert.equal(audit.status, 200, audit.text);
  const mineAudit = audit.json.items.filter((e) => e.subject_id === String(receipt.id));
  assert.ok(mineAudit.some((e) => e.action === 'create'));
  assert.ok(mineAudit.filter((e) => e.action === 'update').length >= 2);
  assert.ok(audit.json.items.some((e) => e.action === 'read' && e.actor_name === director.username));
  assert.ok(!audit.text.includes('小明') && !audit.text.includes('无人接送'));
});
