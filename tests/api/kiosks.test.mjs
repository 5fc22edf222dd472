// Kiosks (自助终端) and queue tickets (叫号), issue 17 item 5: a kiosk registered per community
// gives a one-time device token that reaches only its community's kiosk routes; tickets taken at
// the kiosk or the desk are numbered per community and day (20 parallel takes, 20 distinct
// numbers); the desk calls, skips, recalls and serves; the hall board shows the calls; a disabled
// kiosk's token stops working; B2a counts urban communities with an enabled kiosk; the close job
// is scheduled.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, firstCommunity, RUN } from './lib.mjs';

const TOWN = '321003002'; // a town of 邗江区 that the other suites leave alone
const OTHER = '321002001002'; // 个园社区 (广陵区)
let community;
let kiosk;
let display;
let worker;

const device = (token) => ({ 'x-kiosk-token': token });

before(async () => {
  const token = await admin();
  const code = await firstCommunity(TOWN, token);
  const read = await call('GET', `/api/v1/divisions/${code}`, { token });
  community = { code, kind: read.json.kind };
  worker = await accountWith('community_worker', community.code);
});

test('a community worker registers a kiosk and a display; the token is shown once, never listed', async () => {
  const made = await call('POST', '/api/v1/kiosks', {
    token: worker.token,
    body: { community_code: community.code, name: `一楼大厅${RUN}`, location: '服务大厅入口', kind: 'kiosk' },
  });
  assert.equal(made.status, 201, made.text);
  assert.match(made.json.device_token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(made.json.enabled, true);
  assert.equal(made.json.kind, 'kiosk');
  assert.equal(made.json.community_code, community.code);
  kiosk = made.json;
  const shown = await call('POST', '/api/v1/kiosks', {
    token: worker.token,
    body: { community_code: community.code, name: `叫号屏${RUN}`, kind: 'display' },
  });
  assert.equal(shown.status, 201, shown.text);
  display = shown.json;

  const list = await call('GET', `/api/v1/kiosks?community=${community.code}`, { token: worker.token });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.some((k) => k.id === kiosk.id));
  assert.ok(!list.text.includes(kiosk.device_token), 'the token is never listed');
  assert.ok(!/device_token|token_hash/.test(list.text), list.text);
  // The token's life (decision 0050): 30 days from its issue until the device is first seen.
  const listed = list.json.items.find((k) => k.id === kiosk.id);
  assert.equal(listed.token_issued_at, listed.created_at);
  assert.equal(listed.token_expires_at, listed.token_issued_at + 30 * 24 * 3600 * 1000);

  const me = await call('GET', '/api/v1/kiosk/device', { headers: device(kiosk.device_token) });
  assert.equal(me.status, 200, me.text);
  assert.equal(me.json.community_code, community.code);
  assert.equal(me.json.kind, 'kiosk');
  // Seen now: the listed token lives 30 days from this sighting (a year at most).
  const seen = (await call('GET', `/api/v1/kiosks?community=${community.code}`, { token: worker.token })).json.items.find((k) => k.id === kiosk.id);
  assert.equal(seen.token_expires_at, seen.last_seen_at + 30 * 24 * 3600 * 1000);
});

test('registering checks its fields and the scope (outside = 404)', async () => {
  const blank = await call('POST', '/api/v1/kiosks', { token: worker.token, body: { community_code: community.code, name: '  ' } });
  assertError(blank, 422, 'validation_failed', 'name');
  const kind = await call('POST', '/api/v1/kiosks', { token: worker.token, body: { community_code: community.code, name: '机', kind: 'phone' } });
  assertError(kind, 422, 'validation_failed', 'kind');
  const control = await call('POST', '/api/v1/kiosks', { token: worker.token, body: { community_code: community.code, name: '机\u0007' } });
  assert.equal(control.status, 400, control.text);
  const outside = await call('POST', '/api/v1/kiosks', { token: worker.token, body: { community_code: OTHER, name: '越界' } });
  assertError(outside, 404, 'not_found');
  const list = await call('GET', `/api/v1/kiosks?community=${OTHER}`, { token: worker.token });
  assertError(list, 404, 'not_found');
  const resident = await accountWith('resident', community.code);
  const refused = await call('GET', `/api/v1/kiosks?community=${community.code}`, { token: resident.token });
  assertError(refused, 403, 'permission_denied');
});

test('device routes need a valid token; a display shows but does not take tickets', async () => {
  assertError(await call('GET', '/api/v1/kiosk/board'), 401, 'unauthenticated');
  assertError(await call('GET', '/api/v1/kiosk/board', { headers: device('x'.repeat(43)) }), 401, 'unauthenticated');
  const board = await call('GET', '/api/v1/kiosk/board', { headers: device(display.device_token) });
  assert.equal(board.status, 200, board.text);
  assert.equal(board.json.community_code, community.code);
  const refused = await call('POST', '/api/v1/kiosk/tickets', { headers: device(display.device_token), body: { category: 'civil_affairs' } });
  assertError(refused, 403, 'permission_denied');
  const unknown = await call('POST', '/api/v1/kiosk/tickets', { headers: device(kiosk.device_token), body: { category: 'astrology' } });
  assertError(unknown, 422, 'validation_failed', 'category');
});

test('20 parallel takes get 20 distinct, consecutive numbers', async () => {
  const takes = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      i % 2
        ? call('POST', '/api/v1/kiosk/tickets', { headers: device(kiosk.device_token), body: { category: 'elderly_care' } })
        : call('POST', '/api/v1/queue-tickets', { token: worker.token, body: { community_code: community.code, category: 'civil_affairs' } }),
    ),
  );
  for (const take of takes) assert.equal(take.status, 201, take.text);
  const numbers = takes.map((t) => t.json.number).sort((a, b) => a - b);
  assert.equal(new Set(numbers).size, 20, numbers.join(','));
  assert.equal(numbers[19] - numbers[0], 19, numbers.join(','));
  for (const take of takes) {
    assert.equal(take.json.code, `A${String(take.json.number).padStart(3, '0')}`);
    assert.equal(take.json.state, 'waiting');
  }
  const fromKiosk = takes.find((t) => t.json.kiosk_id === kiosk.id);
  assert.ok(fromKiosk, 'kiosk tickets carry the kiosk');
  assert.equal(typeof fromKiosk.json.waiting_ahead, 'number');
});

test('the desk calls the next ticket, skips, recalls and serves; the hall board shows the call', async () => {
  const day = await call('GET', `/api/v1/queue-tickets?community=${community.code}`, { token: worker.token });
  assert.equal(day.status, 200, day.text);
  const first = day.json.items.filter((t) => t.state === 'waiting').sort((a, b) => a.number - b.number)[0];
  const called = await call('POST', '/api/v1/queue-tickets/call-next', { token: worker.token, body: { community_code: community.code, desk: '1号窗口' } });
  assert.equal(called.status, 200, called.text);
  assert.equal(called.json.ticket.id, first.id);
  assert.equal(called.json.ticket.state, 'called');
  assert.equal(called.json.ticket.desk, '1号窗口');
  assert.equal(called.json.ticket.call_count, 1);

  const board = await call('GET', '/api/v1/kiosk/board', { headers: device(display.device_token) });
  assert.equal(board.status, 200, board.text);
  assert.equal(board.json.called[0].code, first.code);
  assert.equal(board.json.called[0].desk, '1号窗口');
  assert.ok(!board.json.waiting.some((t) => t.id === first.id));
  assert.ok(board.json.waiting_count >= 19);

  const id = first.id;
  const skip = await call('POST', `/api/v1/queue-tickets/${id}/transitions`, { token: worker.token, body: { action: 'skip' } });
  assert.equal(skip.status, 200, skip.text);
  assert.equal(skip.json.state, 'skipped');
  const serveSkipped = await call('POST', `/api/v1/queue-tickets/${id}/transitions`, { token: worker.token, body: { action: 'serve' } });
  assertError(serveSkipped, 409, 'failed_precondition');
  assert.match(serveSkipped.json.error.message, /已过号/);
  const recall = await call('POST', `/api/v1/queue-tickets/${id}/transitions`, { token: worker.token, body: { action: 'recall', desk: '2号窗口' } });
  assert.equal(recall.status, 200, recall.text);
  assert.equal(recall.json.state, 'called');
  assert.equal(recall.json.desk, '2号窗口');
  assert.equal(recall.json.call_count, 2);
  const serve = await call('POST', `/api/v1/queue-tickets/${id}/transitions`, { token: worker.token, body: { action: 'serve' } });
  assert.equal(serve.status, 200, serve.text);
  assert.equal(serve.json.state, 'served');
  assert.ok(serve.json.finished_at > 0);
  const bad = await call('POST', `/api/v1/queue-tickets/${id}/transitions`, { token: worker.token, body: { action: 'close' } });
  assertError(bad, 422, 'validation_failed', 'action');
  const noDesk = await call('POST', '/api/v1/queue-tickets/call-next', { token: worker.token, body: { community_code: community.code } });
  assertError(noDesk, 422, 'validation_failed', 'desk');
});

test('two desks calling at once never call the same ticket', async () => {
  const calls = await Promise.all(
    Array.from({ length: 6 }, (_, i) => call('POST', '/api/v1/queue-tickets/call-next', { token: worker.token, body: { community_code: community.code, desk: `${i + 1}号窗口` } })),
  );
  for (const c of calls) assert.equal(c.status, 200, c.text);
  const ids = calls.map((c) => c.json.ticket.id);
  assert.equal(new Set(ids).size, 6, ids.join(','));
});

test('outside the scope tickets are 404; a worker elsewhere cannot call them', async () => {
  const day = await call('GET', `/api/v1/queue-tickets?community=${community.code}`, { token: worker.token });
  const ticket = day.json.items[0];
  const elsewhere = await accountWith('community_worker', OTHER);
  assertError(await call('GET', `/api/v1/queue-tickets?community=${community.code}`, { token: elsewhere.token }), 404, 'not_found');
  assertError(await call('POST', `/api/v1/queue-tickets/${ticket.id}/transitions`, { token: elsewhere.token, body: { action: 'recall' } }), 404, 'not_found');
  assertError(await call('POST', '/api/v1/queue-tickets/call-next', { token: elsewhere.token, body: { community_code: community.code, desk: '1号窗口' } }), 404, 'not_found');
});

test('B2a: the community counts as an urban community with a kiosk until its kiosk is disabled', async () => {
  const town = community.code.slice(0, 9);
  const token = await admin();
  const before = await call('GET', `/api/v1/kiosk-coverage?division=${town}`, { token });
  assert.equal(before.status, 200, before.text);
  const row = before.json.rows.find((r) => r.code === community.code);
  if (community.kind === 'urban') {
    assert.equal(row.with_kiosk, 1, before.text);
    assert.equal(row.urban_communities, 1);
  }
  assert.ok(before.json.total.with_kiosk <= before.json.total.urban_communities);
  const city = await call('GET', '/api/v1/kiosk-coverage?division=3210', { token });
  assert.equal(city.status, 200, city.text);
  assert.ok(city.json.rows.every((r) => r.code.length === 6), city.text);
  assert.ok(city.json.total.urban_communities > 100, city.text);
  assertError(await call('GET', '/api/v1/kiosk-coverage?division=32', { token }), 422, 'validation_failed', 'division');
  assertError(await call('GET', `/api/v1/kiosk-coverage?division=321002`, { token: worker.token }), 404, 'not_found');

  // A new device token: shown once, the old one stops at once, the new one works.
  const replaced = await call('POST', `/api/v1/kiosks/${kiosk.id}/token`, { token: worker.token });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.headers.get('cache-control'), 'no-store');
  assert.notEqual(replaced.json.device_token, kiosk.device_token);
  assertError(await call('GET', '/api/v1/kiosk/board', { headers: device(kiosk.device_token) }), 401, 'unauthenticated');
  assert.equal((await call('GET', '/api/v1/kiosk/board', { headers: device(replaced.json.device_token) })).status, 200);
  const listed = await call('GET', `/api/v1/kiosks?community=${community.code}`, { token: worker.token });
  assert.ok(!listed.text.includes(replaced.json.device_token), 'the new token is never listed');

  const disabled = await call('POST', `/api/v1/kiosks/${kiosk.id}/disable`, { token: worker.token });
  assert.equal(disabled.status, 200, disabled.text);
  assert.equal(disabled.json.enabled, false);
  assertError(await call('GET', '/api/v1/kiosk/board', { headers: device(replaced.json.device_token) }), 401, 'unauthenticated');
  assertError(await call('POST', `/api/v1/kiosks/${kiosk.id}/token`, { token: worker.token }), 409, 'failed_precondition');
  const after = await call('GET', `/api/v1/kiosk-coverage?division=${town}`, { token });
  assert.equal(after.json.total.with_kiosk, before.json.total.with_kiosk - (community.kind === 'urban' ? 1 : 0), after.text);
});

// Running the job here would close the tickets of every community while the authorization matrix
// runs beside this file: what it closes is tested on both engines with a moved clock in
// src/storage/kiosks/kiosk_repository_test.cpp; here, that the server schedules it.
test('the close job is scheduled daily', async () => {
  const token = await admin();
  const jobs = await call('GET', '/api/v1/jobs', { token });
  assert.equal(jobs.status, 200, jobs.text);
  const job = jobs.json.items.find((j) => j.name === 'kiosks.close_tickets');
  assert.ok(job, jobs.text);
  assert.equal(job.title, '关闭当日未办理的排队号票');
  assert.deepEqual(job.schedule, { kind: 'daily', time: '20:00', time_zone: 'Asia/Shanghai' });
  assert.equal(job.catch_up, 'merge');
});
