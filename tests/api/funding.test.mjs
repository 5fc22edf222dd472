// Funding per project (issue 18 item 5): a department officer records its department's projects
// (not another's), the list carries the total; bad input changes nothing; a project entered by
// mistake is deleted, audited.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, RUN } from './lib.mjs';

const COUNTY = '321012'; // 江都区
let officer;
let place;

before(async () => {
  officer = await accountWith('department_officer', '3210'); // 市民政局
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token: await admin() });
  place = county.json.children[0].code;
});

test('a department records its projects; the list has the total', async () => {
  const body = { name: `社区社会组织孵化${RUN}`, department: '市民政局', task: 'A4', place, amount: 120000.5, source: 'venture_philanthropy', year: 2025, note: '公益创投' };
  const made = await call('POST', '/api/v1/funded-projects', { token: officer.token, body });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.source_label, '公益创投');
  const second = await call('POST', '/api/v1/funded-projects', { token: officer.token, body: { ...body, name: `社工站${RUN}`, task: 'A5', amount: 30000, source: 'government_purchase' } });
  assert.equal(second.status, 201, second.text);
  const list = await call('GET', `/api/v1/funded-projects?place=${place}&department=${encodeURIComponent('市民政局')}&year=2025`, { token: officer.token });
  assert.equal(list.status, 200, list.text);
  assert.equal(list.json.items.length, 2);
  assert.equal(list.json.total_amount, 150000.5);
  // Another department's project is not this officer's to record.
  assertError(await call('POST', '/api/v1/funded-projects', { token: officer.token, body: { ...body, department: '市公安局' } }), 403, 'permission_denied', 'department');
  // Deleted when entered by mistake.
  assert.equal((await call('DELETE', `/api/v1/funded-projects/${second.json.id}`, { token: officer.token })).status, 204);
  const after = await call('GET', `/api/v1/funded-projects?place=${place}&year=2025`, { token: officer.token });
  assert.equal(after.json.items.length, 1);
  const audit = await call('GET', `/api/v1/audit?subject_type=funded_project&subject_id=${second.json.id}`, { token: await admin() });
  assert.equal(audit.json.items.length, 2, audit.text);
});

test('bad input: nothing is written', async () => {
  const body = { name: `x${RUN}`, department: '市民政局', task: 'A4', place, amount: 1000, source: 'donation', year: 2025 };
  const post = (b) => call('POST', '/api/v1/funded-projects', { token: officer.token, body: { ...body, ...b } });
  assertError(await post({ amount: -5 }), 422, 'validation_failed', 'amount');
  assertError(await post({ task: 'Z9' }), 422, 'validation_failed', 'task');
  assertError(await post({ source: 'lottery' }), 422, 'validation_failed', 'source');
  assertError(await post({ year: 1999 }), 422, 'validation_failed', 'year');
  assertError(await post({ department: '某某局' }), 422, 'validation_failed', 'department');
  assertError(await post({ name: '' }), 422, 'validation_failed', 'name');
  assertError(await post({ place: '999999' }), 404, 'not_found');
  const list = await call('GET', `/api/v1/funded-projects?place=${place}&year=2025`, { token: officer.token });
  assert.ok(!list.json.items.some((p) => p.name === `x${RUN}`));
  assertError(await call('GET', '/api/v1/funded-projects?year=abc', { token: officer.token }), 400, 'invalid_argument', 'year');
});
