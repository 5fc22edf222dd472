// A resident signs in at a kiosk by scanning the code it shows with their signed-in phone
// (issue 17 item 5; decision 0028), on a server of this file's own (own-server.mjs: its database
// is the file's, so a challenge can be made to expire with one UPDATE instead of a two-minute
// wait): only a kiosk asks (401 without its token, 403 for a hall display); a bound resident
// approves once; the kiosk's next poll signs them in for 15 minutes, exactly once; expired,
// used, replaced and unknown codes are one answer; workers and unbound residents cannot approve;
// approvals and sign-ins are audited without the secret.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RUN } from './lib.mjs';
import { ownServer, waitFor } from './own-server.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会
const ADMIN_PASSWORD = 'Linli-pair-2026!';
const PASSWORD = 'Resident-pass-2026';

const server = ownServer('pairing', { adminPassword: ADMIN_PASSWORD });
const call = (method, path, options) => server.call(method, path, options);
const at = (token) => ({ 'x-kiosk-token': token });

let sequence = Math.floor(Math.random() * 500);
function idNumber() {
  sequence = (sequence + 1) % 1000;
  const first17 = `32100219580303${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function account(username, grants, extra = {}) {
  const made = await server.asAdmin('POST', '/api/v1/accounts', { username, display_name: username, password: PASSWORD, grants, ...extra });
  assert.equal(made.status, 201, made.text);
  const session = await call('POST', '/api/v1/session', { body: { username, password: PASSWORD } });
  assert.equal(session.status, 200, session.text);
  return { username, token: session.json.token, cookie: session.headers.get('set-cookie').split(';')[0], csrf: session.json.csrf_token };
}

let world;
before(async () => {
  await server.start();
  const grid = await server.asAdmin('POST', '/api/v1/grids', { community_code: COMMUNITY, name: `扫码网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' });
  assert.equal(grid.status, 201, grid.text);
  const person = await server.asAdmin('POST', '/api/v1/residents', {
    name: '陈淑芬', id_number: idNumber(), phone: '13912340000', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid.json.code,
  });
  assert.equal(person.status, 201, person.text);
  const resident = await account(`pair${RUN}`.slice(0, 32), [{ role: 'resident', scope_code: COMMUNITY }], { resident_id: person.json.id });
  const unbound = await account(`unbound${RUN}`.slice(0, 32), [{ role: 'resident', scope_code: COMMUNITY }]);
  const worker = await account(`pworker${RUN}`.slice(0, 32), [{ role: 'community_worker', scope_code: COMMUNITY }]);
  const kiosk = await server.asAdmin('POST', '/api/v1/kiosks', { community_code: COMMUNITY, name: '一楼大厅 1 号机', location: '服务大厅入口', kind: 'kiosk' });
  assert.equal(kiosk.status, 201, kiosk.text);
  const display = await server.asAdmin('POST', '/api/v1/kiosks', { community_code: COMMUNITY, name: '叫号屏', kind: 'display' });
  assert.equal(display.status, 201, display.text);
  world = { resident, unbound, worker, kiosk: at(kiosk.json.device_token), display: at(display.json.device_token) };
});

after(() => server.stop());

async function open() {
  const opened = await call('POST', '/api/v1/kiosk/pairings', { headers: world.kiosk });
  assert.equal(opened.status, 201, opened.text);
  return opened.json;
}
const poll = (id, headers = world.kiosk) => call('POST', `/api/v1/kiosk/pairings/${id}/sign-in`, { headers });
const lookUp = (secret, who = world.resident) => call('POST', '/api/v1/me/kiosk-pairing/look-up', { token: who.token, body: { secret } });
const approve = (secret, who = world.resident) => call('POST', '/api/v1/me/kiosk-pairing/approve', { token: who.token, body: { secret } });

test('only a kiosk asks for a code and polls it: 401 without its token, 403 for a hall display', async () => {
  assert.equal((await call('POST', '/api/v1/kiosk/pairings')).status, 401);
  assert.equal((await call('POST', '/api/v1/kiosk/pairings', { headers: at('x'.repeat(43)) })).status, 401);
  assert.equal((await call('POST', '/api/v1/kiosk/pairings', { headers: world.display })).status, 403);
  const opened = await open();
  assert.equal((await poll(opened.id, {})).status, 401);
  assert.equal((await poll(opened.id, world.display)).status, 403);
  assert.equal((await poll(opened.id)).json.state, 'pending');
});

test('a bound resident approves once; the kiosk\'s next poll signs them in for 15 minutes, once', async () => {
  const opened = await open();
  assert.match(opened.secret, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(opened.state, 'pending');
  assert.ok(opened.expires_at > Date.now() + 60e3 && opened.expires_at <= Date.now() + 125e3, `expires ${opened.expires_at}`);
  assert.deepEqual((await poll(opened.id)).json, { state: 'pending', expires_at: opened.expires_at });

  // The phone is told which hall's kiosk asks.
  const asked = await lookUp(opened.secret);
  assert.equal(asked.status, 200, asked.text);
  assert.equal(asked.json.kiosk_name, '一楼大厅 1 号机');
  assert.equal(asked.json.community_name, '个园社区居委会');
  assert.equal(asked.json.location, '服务大厅入口');

  const approved = await approve(opened.secret);
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.state, 'approved');
  // Approved once: a second approval is the one answer for codes that are no good.
  const again = await approve(opened.secret);
  assert.equal(again.status, 404, again.text);
  const unknown = await approve('A'.repeat(43));
  assert.equal(unknown.status, 404);
  assert.equal(again.json.error.message, unknown.json.error.message);

  const started = Date.now();
  const signed = await poll(opened.id);
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.json.account.username, world.resident.username);
  assert.ok(signed.json.account.permissions.includes('self.services'));
  assert.ok(signed.json.expires_at <= started + 15 * 60e3 + 5e3 && signed.json.expires_at >= started + 14 * 60e3, `expires ${signed.json.expires_at}`);
  assert.match(signed.headers.get('set-cookie'), /^linli_session=[^;]+;.*Max-Age=900\b/);
  const mine = await call('GET', '/api/v1/me/requests', { token: signed.json.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal((await call('GET', '/api/v1/residents', { token: signed.json.token })).status, 403);

  // Consumed: the next poll signs nobody in.
  const second = await poll(opened.id);
  assert.equal(second.status, 200, second.text);
  assert.deepEqual(second.json, { state: 'expired', expires_at: 0 });
  assert.equal(second.headers.get('set-cookie'), null);
  assert.equal((await call('DELETE', '/api/v1/session', { token: signed.json.token })).status, 204);

  // Audited (approval by the resident, sign-in at the kiosk) without the secret.
  const audit = await waitFor('the pairing audit', async () => {
    const res = await server.asAdmin('GET', '/api/v1/audit?action=verification&limit=100');
    const steps = res.json.items.filter((e) => e.subject_type === 'kiosk_pairing').map((e) => e.subject_id);
    return steps.includes('approved') && steps.includes('signed_in') ? res : null;
  }, 10_000);
  assert.ok(!audit.text.includes(opened.secret));
  const approval = audit.json.items.find((e) => e.subject_type === 'kiosk_pairing' && e.subject_id === 'approved');
  assert.equal(approval.actor_name, world.resident.username);
  assert.equal(approval.division_code, COMMUNITY);
});

test('workers, unbound residents, the signed-out and cross-site writes cannot approve', async () => {
  const opened = await open();
  assert.equal((await approve(opened.secret, world.worker)).status, 403);
  assert.equal((await lookUp(opened.secret, world.worker)).status, 403);
  const unbound = await approve(opened.secret, world.unbound);
  assert.equal(unbound.status, 409, unbound.text);
  assert.equal((await call('POST', '/api/v1/me/kiosk-pairing/approve', { body: { secret: opened.secret } })).status, 401);
  // A cookie session writes only with its CSRF token.
  const { cookie, csrf } = world.resident;
  assert.equal((await call('POST', '/api/v1/me/kiosk-pairing/approve', { headers: { cookie }, body: { secret: opened.secret } })).status, 403);
  assert.equal((await call('POST', '/api/v1/me/kiosk-pairing/approve', { body: {}, token: world.resident.token })).status, 400, 'no secret');
  assert.equal((await poll(opened.id)).json.state, 'pending', 'none of them approved it');
  const approved = await call('POST', '/api/v1/me/kiosk-pairing/approve', { headers: { cookie, 'x-csrf-token': csrf }, body: { secret: opened.secret } });
  assert.equal(approved.status, 200, approved.text);
});

test('expired, replaced and unknown codes are one answer, and an expired approval signs nobody in', async () => {
  const unknown = await lookUp('B'.repeat(43));
  assert.equal(unknown.status, 404);
  const message = unknown.json.error.message;
  assert.match(message, /二维码已失效/);

  // Two minutes later (the challenge's expiry moved into the past).
  const late = await open();
  server.sql(`UPDATE kiosk_pairings SET expires_at = created_at WHERE id = ${late.id}`);
  for (const res of [await lookUp(late.secret), await approve(late.secret)]) {
    assert.equal(res.status, 404, res.text);
    assert.equal(res.json.error.message, message);
  }
  assert.equal((await poll(late.id)).json.state, 'expired');

  // Approved, but the kiosk polled only after it expired.
  const slow = await open();
  assert.equal((await approve(slow.secret)).status, 200);
  server.sql(`UPDATE kiosk_pairings SET expires_at = created_at WHERE id = ${slow.id}`);
  const expired = await poll(slow.id);
  assert.equal(expired.json.state, 'expired');
  assert.equal(expired.headers.get('set-cookie'), null);

  // A new code replaces the kiosk's older one; the table keeps one live row per kiosk.
  const first = await open();
  const second = await open();
  assert.equal((await lookUp(first.secret)).json.error.message, message);
  assert.equal((await poll(first.id)).json.state, 'expired');
  assert.equal((await lookUp(second.secret)).status, 200);
  assert.equal(server.sql('SELECT COUNT(*) FROM kiosk_pairings').trim(), '1');
});
