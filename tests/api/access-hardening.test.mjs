// Issue 15 items 5 and 6 through the real server: the login takes JSON only, the password
// policy (12 characters, not common, not containing the username) on create and reset, and the
// lock that concurrent wrong passwords set holds against the right one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, login, ADMIN, PASSWORD, RUN } from './lib.mjs';

test('POST /session accepts only application/json (no cross-site form login)', async () => {
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    const res = await call('POST', '/api/v1/session', {
      raw: JSON.stringify(ADMIN), headers: { 'content-type': type },
    });
    assert.equal(res.status, 415, `${type}: ${res.text}`);
    assert.equal(res.json.error.code, 'unsupported_media_type');
    assert.equal(res.headers.get('set-cookie'), null);
  }
  const ok = await call('POST', '/api/v1/session', {
    raw: JSON.stringify(ADMIN), headers: { 'content-type': 'application/json; charset=utf-8' },
  });
  assert.equal(ok.status, 200, ok.text);
});

test('passwords: 12 characters, not common, not containing the username', async () => {
  const token = await admin();
  const username = `policy${RUN}`.slice(0, 32);
  const attempt = (password) => call('POST', '/api/v1/accounts', {
    token, body: { username, display_name: '策略', password, grants: [{ role: 'resident', scope_code: '321002001001' }] },
  });
  assertError(await attempt('Short-2026!'), 422, 'validation_failed', 'password');  // 11
  assertError(await attempt('Password@2026'), 422, 'validation_failed', 'password');  // common
  assertError(await attempt(`X-${username.toUpperCase()}-2026`), 422, 'validation_failed', 'password');
  const created = await attempt(PASSWORD);
  assert.equal(created.status, 201, created.text);
  const session = await login(username, PASSWORD);
  const change = await call('POST', '/api/v1/session/password', { token: session.token, body: { current_password: PASSWORD, password: 'qwertyuiop123' } });
  assertError(change, 422, 'validation_failed', 'password');
});

test('concurrent wrong passwords then the right one: still locked', async () => {
  const { username } = await accountWith('resident', '321002001001');
  const wrong = await Promise.all(Array.from({ length: 6 }, () =>
    call('POST', '/api/v1/session', { body: { username, password: 'Wrong-password-1' } })));
  for (const res of wrong) assert.ok([401, 429].includes(res.status), res.text);
  const right = await call('POST', '/api/v1/session', { body: { username, password: PASSWORD } });
  assert.equal(right.status, 429, right.text);
});

// Issue 15 item 15: text is checked at the boundary — invalid UTF-8, control characters,
// noncharacters and bidirectional overrides are refused naming the field; nothing is stored.
test('JSON text is refused at the boundary naming the field', async () => {
  const token = await admin();
  const base = { community_code: '321002001002', kind: 'ordinary', planned_households: 100 };
  for (const [name, why] of [
    ['网格\u0000名', 'NUL'], ['网格\u0007', 'BEL'], ['网格\uFFFF', 'U+FFFF'], ['网格\u202Egpj', 'RLO'],
    ['网格\n第二行', 'a line break in a one-line field'],
  ]) {
    const res = await call('POST', '/api/v1/grids', { token, body: { ...base, name: `${name}${RUN}` } });
    assertError(res, 400, 'invalid_argument', 'name');
    assert.ok(res.json.error.message.startsWith('name：'), `${why}: ${res.json.error.message}`);
  }
  // Invalid UTF-8 inside a JSON string: refused naming the field, not as broken JSON.
  const raw = Buffer.concat([Buffer.from('{"community_code":"321002001002","kind":"ordinary","planned_households":100,"name":"bad'), Buffer.from([0xff]), Buffer.from('"}')]);
  const res = await fetch(`${process.env.LINLI_BASE_URL ?? 'http://127.0.0.1:8080'}/api/v1/grids`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: raw,
  });
  const body = await res.json();
  assert.equal(res.status, 400);
  assert.equal(body.error.field, 'name');
  // Nested fields are named by their path.
  assertError(await call('POST', '/api/v1/accounts', {
    token, body: { username: `bidi${RUN}`.slice(0, 32), password: 'Bidi-password-2026', grants: [{ role: 'community_worker', scope_code: '321002001002\u202E' }] },
  }), 400, 'invalid_argument', 'grants[0].scope_code');
  const list = await call('GET', `/api/v1/grids?community=321002001002&q=${encodeURIComponent('网格')}&limit=200`, { token });
  assert.ok(list.json.items.every((g) => !/[\u0000-\u001f\uFFFF\u202E]/.test(g.name)));
});
