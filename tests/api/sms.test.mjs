// Outgoing SMS (issue 16 item 5; decision 0018), end to end. This file starts a linli server of
// its own on a fresh database (SQLite in a temporary folder, or a fresh PostgreSQL database on
// the suite's cluster), configured with LINLI_SMS_GATEWAY_URL pointing at a small HTTP gateway in
// this process (http.createServer on 127.0.0.1:0). A reported event's assignment goes out to the
// community worker's phone within seconds (the notice nudges the delivery job); a 500 is retried
// after the configured delay and then sent by `POST /api/v1/jobs/notifications.sms_delivery/run`;
// a 400 is final; an account without a phone is logged as no_phone; the delivery log and
// /metrics show it all, without the phone or the text, and the server's log never holds either.
// A reset sends the temporary password to the holder's phone (sealed in the outbox until sent;
// decision 0020), or shows it once to the manager for an account without a phone.
// Against the suite's own server (logging adapter, the default): the account phone's API —
// masked in every answer, validated, set only by who manages the account — and the log's
// permission and parameters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { call, admin, accountWith, assertError, PASSWORD, RUN } from './lib.mjs';
import { ownServer, smsGateway, waitFor } from './own-server.mjs';

const BIN = process.env.LINLI_BIN;
const COMMUNITY = '321002001002'; // 个园社区居委会 (广陵区 东关街道)
const JOB = 'notifications.sms_delivery';
const PHONE = '13800138000';
const ADMIN_PASSWORD = 'Linli-sms-2026!';
const CREDENTIAL = `Bearer sms-test-${RUN}`;

// ---- the gateway and this file's own server (own-server.mjs) ------------------------------------
const SMS_ENV = {
  LINLI_SMS_RETRY_SECONDS: '1',
  LINLI_SMS_MAX_ATTEMPTS: '3',
  LINLI_SMS_GATEWAY_TIMEOUT_MS: '3000',
};
const gateway = smsGateway({ errorText: `refused ${PHONE}` });
const server = ownServer('sms', {
  adminPassword: ADMIN_PASSWORD,
  env: () => ({ ...SMS_ENV, LINLI_SMS_GATEWAY_URL: gateway.url, LINLI_SMS_GATEWAY_AUTHORIZATION: CREDENTIAL }),
});
const own = server.own;
const serverEnv = (extra) => server.env(extra);
const own_ = (method, path, options) => server.call(method, path, options);
const asAdmin = (method, path, body) => server.asAdmin(method, path, body);

async function ownAccount(role, phone) {
  const username = `sms${role.slice(0, 4)}${RUN}${Math.floor(Math.random() * 1e4)}`.slice(0, 32);
  const body = { username, password: PASSWORD, grants: [{ role, scope_code: COMMUNITY }] };
  if (phone !== undefined) body.phone = phone;
  const res = await asAdmin('POST', '/api/v1/accounts', body);
  assert.equal(res.status, 201, res.text);
  const login = await own_('POST', '/api/v1/session', { body: { username, password: PASSWORD } });
  assert.equal(login.status, 200, login.text);
  return { username, id: res.json.id, token: login.json.token, account: res.json };
}

async function reportEvent(reporter, description) {
  const res = await own_('POST', '/api/v1/events', {
    token: reporter.token,
    body: { category: 'environment.garbage', description, place_code: COMMUNITY },
  });
  assert.equal(res.status, 201, res.text);
  return res.json;
}

async function log(query = '') {
  const res = await asAdmin('GET', `/api/v1/sms/messages${query}`);
  assert.equal(res.status, 200, res.text);
  return res.json;
}

let world;
before(async () => {
  await gateway.start();
  await server.start();
  world = {
    worker: await ownAccount('community_worker', '138 0013 8000'),
    silent: await ownAccount('community_worker'),
    resident: await ownAccount('resident'),
  };
});

after(async () => {
  await server.stop();
  gateway.close();
});

test('an assignment goes to the worker\'s phone within seconds; a 500 is retried and then sent', async () => {
  const { worker, silent, resident } = world;
  assert.equal(worker.account.phone, '138****8000');
  gateway.script.push(500);
  const description = `垃圾堆放${RUN}`;
  await reportEvent(resident, description);
  // Nobody runs the job: the notice's nudge does, within seconds.
  await waitFor('the first attempt', () => gateway.requests.length >= 1, 10_000);
  const first = gateway.requests[0];
  assert.equal(first.method, 'POST');
  assert.equal(first.url, '/sms/send?account=linli');
  assert.equal(first.headers.authorization, CREDENTIAL);
  assert.equal(first.headers['content-type'], 'application/json');
  const body = JSON.parse(first.body);
  assert.deepEqual(Object.keys(body).sort(), ['phone', 'text']);
  assert.equal(body.phone, PHONE);
  assert.match(body.text, /^新事件分派给您：垃圾堆放（/);

  // The 500 is recorded; the account without a phone is logged as such and nothing is sent.
  // Recorded = the answer written, not only the attempt claimed (a claim counts the attempt
  // before the gateway answers).
  const queued = await waitFor('the retry to be recorded', async () => {
    const page = await log('?status=queued');
    return page.items.find((m) => m.username === worker.username && m.attempts === 1 && m.last_error) && page;
  });
  const retry = queued.items.find((m) => m.username === worker.username);
  assert.ok(retry, JSON.stringify(queued));
  assert.equal(retry.kind, 'assignment');
  assert.equal(retry.last_error, '短信网关暂不可用：HTTP 500');
  assert.ok(retry.next_attempt_at > retry.updated_at, JSON.stringify(retry));
  const none = (await log('?status=no_phone')).items.find((m) => m.username === silent.username);
  assert.ok(none, 'the worker without a phone is in the log');
  assert.equal(none.last_error, '账号未登记手机号');
  assert.equal(none.attempts, 0);

  // After the configured delay (1 s here) the job sends it.
  await waitFor('the retry to come due', () => Date.now() > retry.next_attempt_at + 100);
  const ran = await asAdmin('POST', `/api/v1/jobs/${JOB}/run`);
  assert.equal(ran.status, 200, ran.text);
  assert.equal(ran.json.ok, true, ran.text);
  const sent = await waitFor('the message to be sent', async () => (await log('?status=sent')).items.find((m) => m.id === retry.id));
  assert.equal(sent.attempts, 2);
  assert.equal(sent.last_error, '');
  assert.equal(sent.gateway_message_id, `gw-${gateway.requests.length}`);
  assert.equal(sent.next_attempt_at, null);
  assert.ok(sent.sent_at >= retry.updated_at);
  assert.equal(gateway.requests.length, 2);
  assert.equal(JSON.parse(gateway.requests[1].body).phone, PHONE);
  // Sent is final: another run sends nothing again.
  assert.equal((await asAdmin('POST', `/api/v1/jobs/${JOB}/run`)).json.ok, true);
  assert.equal(gateway.requests.length, 2);
});

test('a 400 is final: logged as failed with its reason and never tried again', async () => {
  const { worker, resident } = world;
  const before = gateway.requests.length;
  gateway.script.push(400);
  await reportEvent(resident, `垃圾堆放第二次${RUN}`);
  await waitFor('the attempt', () => gateway.requests.length > before, 10_000);
  const failed = await waitFor('the failure to be recorded', async () => (await log('?status=failed')).items.find((m) => m.username === worker.username));
  assert.equal(failed.last_error, '短信网关拒绝：HTTP 400');
  assert.equal(failed.attempts, 1);
  assert.equal(failed.next_attempt_at, null);
  assert.equal((await asAdmin('POST', `/api/v1/jobs/${JOB}/run`)).json.ok, true);
  assert.equal(gateway.requests.length, before + 1);
});

test('the delivery log and /metrics show it all, without the phone or the text; the server log neither', async () => {
  const page = await log();
  assert.equal(page.gateway, 'http');
  assert.deepEqual(page.counts, { queued: 0, sent: 1, failed: 1, no_phone: 2 });
  assert.equal(page.items.length, 4);
  const text = JSON.parse(gateway.requests[0].body).text;
  for (const forbidden of [PHONE, text]) {
    assert.ok(!JSON.stringify(page).includes(forbidden), `the log shows ${forbidden}`);
    assert.ok(!server.log.includes(forbidden), `the server log holds ${forbidden}`);
  }
  assert.ok(!server.log.includes(CREDENTIAL.split(' ')[1]), 'the server log holds the credentials');
  assert.match(server.log, /sms: HTTP gateway http:\/\/127\.0\.0\.1:\d+ \(with credentials\)/);
  const metrics = await own_('GET', '/metrics');
  for (const [status, count] of [['queued', 0], ['sent', 1], ['failed', 1], ['no_phone', 2]]) {
    assert.match(metrics.text, new RegExp(`^linli_sms_messages\\{status="${status}"\\} ${count}$`, 'm'));
  }
  const jobs = await asAdmin('GET', '/api/v1/jobs');
  const job = jobs.json.items.find((j) => j.name === JOB);
  assert.ok(job, JSON.stringify(jobs.json));
  assert.deepEqual(job.schedule, { kind: 'every', every_minutes: 1, time_zone: 'Asia/Shanghai' });
  assert.ok(job.runs >= 3, `nudged and run by hand: ${job.runs}`);
});

// The stored sealed text of message `id` (null once erased), read from the database itself.
function storedBody(id) {
  const sql = `SELECT COALESCE(body_cipher, '<null>') FROM sms_messages WHERE id = ${Number(id)}`;
  const value = server.sql(sql).trim();
  assert.notEqual(value, '', `message ${id} not found`);
  return value === '<null>' ? null : value;
}

// Issue 15 item 2 (decision 0020): with a gateway and a phone, the temporary password goes to
// the holder by SMS — never to the manager, never in clear in the database, the log, /metrics or
// the server log — and the sealed text is erased once the message is sent.
test('a reset sends the temporary password to the holder by SMS, sealed until sent, never to the manager', async () => {
  const holder = await ownAccount('community_worker', '139 0000 2222');
  const before = gateway.requests.length;
  gateway.script.push(500); // the first attempt fails: the message waits, sealed, for its retry
  const reset = await asAdmin('POST', `/api/v1/accounts/${holder.username}/password`);
  assert.equal(reset.status, 200, reset.text);
  assert.deepEqual(reset.json, { delivered_to: 'sms', phone: '139****2222', must_change_password: true });
  assertError(await own_('GET', '/api/v1/session', { token: holder.token }), 401, 'unauthenticated');

  await waitFor('the first attempt', () => gateway.requests.length > before, 10_000);
  const first = JSON.parse(gateway.requests[before].body);
  assert.equal(first.phone, '13900002222');
  const password = first.text.match(/临时密码：([A-Za-z0-9]{16})/)?.[1];
  assert.ok(password, first.text);
  assert.ok(first.text.includes(holder.username), first.text);
  assert.ok(!reset.text.includes(password));

  const queued = await waitFor('the retry to be recorded', async () =>
    (await log('?status=queued')).items.find((m) => m.username === holder.username && m.attempts === 1 && m.last_error));
  assert.equal(queued.kind, 'account');
  const sealed = storedBody(queued.id);
  assert.ok(sealed, 'the text is stored while the message waits');
  assert.ok(!sealed.includes(password), 'stored in clear');
  assert.ok(!Buffer.from(sealed, 'base64').toString('latin1').includes(password), 'stored in clear');

  await waitFor('the retry to come due', () => Date.now() > queued.next_attempt_at + 100);
  assert.equal((await asAdmin('POST', `/api/v1/jobs/${JOB}/run`)).json.ok, true);
  const sent = await waitFor('the message to be sent', async () => (await log('?status=sent')).items.find((m) => m.id === queued.id));
  assert.equal(sent.attempts, 2);
  assert.equal(JSON.parse(gateway.requests.at(-1).body).text, first.text);
  assert.equal(storedBody(queued.id), null, 'erased once sent');

  const page = await log();
  const metrics = await own_('GET', '/metrics');
  for (const [where, text] of [['the log', JSON.stringify(page)], ['/metrics', metrics.text], ['the server log', server.log]]) {
    assert.ok(!text.includes(password), `${where} shows the password`);
  }

  // The password logs the holder in, who must change it first.
  const login = await own_('POST', '/api/v1/session', { body: { username: holder.username, password } });
  assert.equal(login.status, 200, login.text);
  assert.equal(login.json.account.must_change_password, true);
  const changed = await own_('POST', '/api/v1/session/password', { token: login.json.token, body: { current_password: password, password: 'Holder-own-2026x' } });
  assert.equal(changed.status, 200, changed.text);
  const bell = await own_('GET', '/api/v1/notifications', { token: changed.json.token });
  assert.equal(bell.status, 200, bell.text);
  assert.ok(bell.json.items.some((n) => n.text.includes('已通过短信发送到 139****2222')), bell.text);
  assert.ok(!bell.text.includes(password), 'the bell shows the password');
});

// Without a phone the password is shown once, even with a gateway.
test('a reset of an account without a phone shows the password once, even with a gateway', async () => {
  const holder = await ownAccount('community_worker');
  const before = gateway.requests.length;
  const reset = await asAdmin('POST', `/api/v1/accounts/${holder.username}/password`);
  assert.equal(reset.status, 200, reset.text);
  assert.equal(reset.json.delivered_to, 'shown_once');
  assert.equal(reset.json.temporary_password.length, 16);
  assert.equal(reset.json.phone, undefined);
  const login = await own_('POST', '/api/v1/session', { body: { username: holder.username, password: reset.json.temporary_password } });
  assert.equal(login.status, 200, login.text);
  assert.equal(gateway.requests.length, before);
});

test('a bad gateway setting stops the start, naming the setting', () => {
  for (const [env, field] of [
    [{ LINLI_SMS_GATEWAY_URL: 'ftp://sms.example.com/' }, 'sms_gateway_url'],
    [{ LINLI_SMS_GATEWAY_URL: 'https://u:p@sms.example.com/' }, 'sms_gateway_url'],
    [{ LINLI_SMS_GATEWAY_URL: 'https://sms.example.com/', LINLI_SMS_GATEWAY_TEMPLATE: '{"to":"{phone}"}' }, 'sms_gateway_template'],
    [{ LINLI_SMS_GATEWAY_URL: 'https://sms.example.com/', LINLI_SMS_GATEWAY_CONTENT_TYPE: 'text/plain' }, 'sms_gateway_content_type'],
    [{ LINLI_SMS_RETRY_SECONDS: 'soon' }, 'sms_retry_seconds'],
  ]) {
    const run = spawnSync(BIN, ['--db', own.url, 'jobs', 'list'], { encoding: 'utf8', env: serverEnv(env) });
    assert.notEqual(run.status, 0, JSON.stringify(env));
    assert.match(run.stderr, new RegExp(field), run.stderr);
  }
});

// ---- against the suite's server (the logging adapter) ----------------------------------------------

test('an account\'s phone: set on create and later, masked in every answer, validated, cleared', async () => {
  const token = await admin();
  const { username } = await accountWith('community_worker', COMMUNITY, { phone: '+86 139-0000-1111' });
  const listed = await call('GET', `/api/v1/accounts?q=${username}`, { token });
  assert.equal(listed.status, 200, listed.text);
  assert.equal(listed.json.items[0].phone, '139****1111');
  assert.ok(!listed.text.includes('13900001111'));
  assertError(await call('PUT', `/api/v1/accounts/${username}/phone`, { token, body: { phone: '0514-87654321' } }), 422, 'validation_failed', 'phone');
  assertError(await call('PUT', `/api/v1/accounts/${username}/phone`, { token, body: {} }), 400, 'invalid_argument', 'phone');
  assert.equal((await call('GET', `/api/v1/accounts?q=${username}`, { token })).json.items[0].phone, '139****1111', 'a refused change changes nothing');
  const changed = await call('PUT', `/api/v1/accounts/${username}/phone`, { token, body: { phone: '13712345678' } });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.phone, '137****5678');
  const cleared = await call('PUT', `/api/v1/accounts/${username}/phone`, { token, body: { phone: null } });
  assert.equal(cleared.status, 200, cleared.text);
  assert.equal(cleared.json.phone, null);
  const badCreate = await call('POST', '/api/v1/accounts', { token, body: { username: `smsbad${RUN}`.slice(0, 32), password: PASSWORD, phone: '12345', grants: [{ role: 'community_worker', scope_code: COMMUNITY }] } });
  assertError(badCreate, 422, 'validation_failed', 'phone');
  assert.equal((await call('GET', `/api/v1/accounts?q=smsbad${RUN}`, { token })).json.items.length, 0, 'nothing created');
  // A worker manages no accounts.
  const worker = await accountWith('community_worker', COMMUNITY);
  assertError(await call('PUT', `/api/v1/accounts/${username}/phone`, { token: worker.token, body: { phone: '13712345678' } }), 403, 'permission_denied');
});

test('without a gateway (the logging adapter) a reset shows the password once, phone or not', async () => {
  const token = await admin();
  const { username } = await accountWith('community_worker', COMMUNITY, { phone: '13900003333' });
  const reset = await call('POST', `/api/v1/accounts/${username}/password`, { token });
  assert.equal(reset.status, 200, reset.text);
  assert.equal(reset.json.delivered_to, 'shown_once');
  assert.equal(reset.json.temporary_password.length, 16);
  assert.equal(reset.json.must_change_password, true);
  assert.equal(reset.json.phone, undefined);
});

test('the delivery log: jobs.manage only, the status checked; the default adapter only logs', async () => {
  const token = await admin();
  const page = await call('GET', '/api/v1/sms/messages?limit=5', { token });
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.gateway, 'log');
  assert.deepEqual(Object.keys(page.json.counts).sort(), ['failed', 'no_phone', 'queued', 'sent']);
  assertError(await call('GET', '/api/v1/sms/messages?status=sending', { token, unchecked: true }), 400, 'invalid_argument', 'status');
  const worker = await accountWith('community_worker', COMMUNITY);
  assertError(await call('GET', '/api/v1/sms/messages', { token: worker.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/sms/messages'), 401, 'unauthenticated');
  const jobs = await call('GET', '/api/v1/jobs', { token });
  assert.ok(jobs.json.items.some((j) => j.name === JOB), 'the delivery job is registered');
});
