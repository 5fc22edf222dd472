// The audit log (audit.read): sign-in events are recorded; the log is scoped, filtered, paged and
// exported; roles without audit.read are refused (issue 15 item 4).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, login, admin, accountWith, assertError, PASSWORD, BASE } from './lib.mjs';

const TOWN = '321002001'; // 东关街道
const OTHER_TOWN = '321003001';

test('logins, wrong passwords and logouts are in the log, filtered by action and subject', async () => {
  const worker = await accountWith('community_worker', `${TOWN}002`);
  const wrong = await call('POST', '/api/v1/session', { body: { username: worker.username, password: 'Not-the-password-1' } });
  assertError(wrong, 401, 'unauthenticated');
  const since = Date.now() - 60_000;
  const session = await login(worker.username, PASSWORD);
  assert.equal((await call('DELETE', '/api/v1/session', { token: session.token })).status, 204);

  const token = await admin();
  const list = await call('GET', `/api/v1/audit?subject_type=account&subject_id=${worker.username}&from=${since}&limit=50`, { token });
  assert.equal(list.status, 200, list.text);
  const actions = list.json.items.map((r) => r.action);
  for (const action of ['create', 'login', 'login_failed', 'logout']) assert.ok(actions.includes(action), `${action} in ${actions}`);
  const failed = list.json.items.find((r) => r.action === 'login_failed');
  assert.equal(failed.actor_name, 'anonymous');
  assert.equal(failed.division_code, `${TOWN}002`);
  assert.equal(failed.detail.failures, 1);
  assert.ok(!JSON.stringify(list.json).includes('Not-the-password-1'));
  // Newest first.
  const sequences = list.json.items.map((r) => r.sequence);
  assert.deepEqual(sequences, [...sequences].sort((a, b) => b - a));

  const onlyFailed = await call('GET', `/api/v1/audit?action=login_failed&subject_type=account&subject_id=${worker.username}`, { token });
  assert.ok(onlyFailed.json.items.length >= 1 && onlyFailed.json.items.every((r) => r.action === 'login_failed'));
  // Paging: one record per page, the cursor leads on.
  const first = await call('GET', `/api/v1/audit?subject_type=account&subject_id=${worker.username}&limit=1`, { token });
  assert.equal(first.json.items.length, 1);
  const second = await call('GET', `/api/v1/audit?subject_type=account&subject_id=${worker.username}&limit=1&cursor=${first.json.next_cursor}`, { token });
  assert.ok(second.json.items[0].sequence < first.json.items[0].sequence);
});

test('unknown usernames are recorded once per address and minute, without the name', async () => {
  const name = `ghost${Date.now().toString(36)}`;
  for (let i = 0; i < 3; i++) {
    assertError(await call('POST', '/api/v1/session', { body: { username: name, password: 'whatever-123' } }), 401, 'unauthenticated');
  }
  const token = await admin();
  const list = await call('GET', '/api/v1/audit?action=login_failed&subject_type=login&limit=200', { token });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.length >= 1);
  assert.ok(!JSON.stringify(list.json).includes(name));
  const minute = Math.floor(Date.now() / 60000);
  const thisMinute = list.json.items.filter((r) => Math.floor(r.at / 60000) === minute && r.remote_address === list.json.items[0].remote_address);
  assert.ok(thisMinute.length <= 1, JSON.stringify(thisMinute));
});

test('the log is scoped: a town official sees its town only; others without audit.read are refused', async () => {
  const here = await accountWith('community_worker', `${TOWN}002`);
  const there = await accountWith('community_worker', `${OTHER_TOWN}001`);
  const official = await accountWith('town_official', TOWN);
  const mine = await call('GET', `/api/v1/audit?subject_type=account&subject_id=${here.username}`, { token: official.token });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.items.length >= 1);
  const theirs = await call('GET', `/api/v1/audit?subject_type=account&subject_id=${there.username}`, { token: official.token });
  assert.equal(theirs.status, 200);
  assert.equal(theirs.json.items.length, 0);
  const all = await call('GET', '/api/v1/audit?limit=200', { token: official.token });
  assert.ok(all.json.items.every((r) => r.division_code.startsWith(TOWN)), 'only records inside the town');
  assertError(await call('GET', '/api/v1/audit', { token: here.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/audit'), 401, 'unauthenticated');
});

test('bad filters are 400 naming the field; the export is an .xlsx of the same filter', async () => {
  const token = await admin();
  assertError(await call('GET', '/api/v1/audit?action=dance', { token, unchecked: true }), 400, 'invalid_argument', 'action');
  assertError(await call('GET', '/api/v1/audit?from=yesterday', { token, unchecked: true }), 400, 'invalid_argument', 'from');
  assertError(await call('GET', '/api/v1/audit?subject_id=x', { token }), 400, 'invalid_argument', 'subject_type');
  assertError(await call('GET', '/api/v1/audit?cursor=%%%', { token, unchecked: true }), 400, 'invalid_argument', 'cursor');
  const exported = await fetch(`${BASE}/api/v1/audit/export?action=login`, { headers: { authorization: `Bearer ${token}` } });
  assert.equal(exported.status, 200);
  assert.match(exported.headers.get('content-type'), /spreadsheetml/);
  assert.match(exported.headers.get('content-disposition'), /audit-log\.xlsx/);
  const bytes = new Uint8Array(await exported.arrayBuffer());
  assert.ok(bytes.length > 1000 && bytes[0] === 0x50 && bytes[1] === 0x4b, 'a zip (xlsx)');
  assertError(await call('GET', '/api/v1/audit/export?action=dance', { token, unchecked: true }), 400, 'invalid_argument', 'action');
});
