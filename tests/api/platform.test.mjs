// Health, metrics, error envelope, limits, static/SPA basics, OpenAPI cross-check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { execFileSync } from 'node:child_process';
import { BASE, call, admin, assertError } from './lib.mjs';

test('healthz and readyz answer JSON', async () => {
  const health = await call('GET', '/healthz');
  assert.equal(health.status, 200);
  assert.equal(health.json.status, 'ok');
  const ready = await call('GET', '/readyz');
  assert.equal(ready.status, 200);
  assert.equal(ready.json.status, 'ready');
});

test('metrics expose per-route request counts and latency histograms', async () => {
  const token = await admin();
  await call('GET', '/api/v1/divisions/3210', { token });
  const metrics = await call('GET', '/metrics');
  assert.equal(metrics.status, 200);
  assert.match(metrics.headers.get('content-type'), /text\/plain/);
  assert.match(metrics.text, /linli_http_requests_total\{[^}]*route="\/api\/v1\/divisions\/\{code\}"/);
  assert.match(metrics.text, /linli_http_request_duration_seconds_bucket\{/);
  assert.match(metrics.text, /linli_db_pool_/);
});

test('unknown routes and wrong methods answer with the JSON envelope', async () => {
  const token = await admin();
  const unknown = await call('GET', '/api/v1/no-such-thing', { token });
  assertError(unknown, 404, 'not_found');
  const wrongMethod = await call('DELETE', '/api/v1/divisions/3210', { token });
  assertError(wrongMethod, 405, 'method_not_allowed');
  assert.ok(wrongMethod.headers.get('allow'), 'Allow header on 405');
});

test('every response carries a request id, echoed in errors', async () => {
  const res = await call('GET', '/api/v1/divisions/3210');
  assertError(res, 401, 'unauthenticated');
  assert.equal(res.headers.get('x-request-id'), res.json.error.request_id);
  assert.equal(res.headers.get('cache-control'), 'no-store');
});

test('malformed JSON, wrong types and oversize bodies are refused', async () => {
  const token = await admin();
  const malformed = await call('POST', '/api/v1/grids', {
    token, raw: '{"name": ', headers: { 'content-type': 'application/json' },
  });
  assertError(malformed, 400, 'invalid_argument');
  const notObject = await call('POST', '/api/v1/grids', { token, body: [1, 2] });
  assertError(notObject, 400, 'invalid_argument');
  const wrongType = await call('POST', '/api/v1/grids', {
    token, body: { community_code: '321002001001', name: 12, kind: 'ordinary', planned_households: 100 },
  });
  assertError(wrongType, 400, 'invalid_argument', 'name');
  const big = await call('POST', '/api/v1/grids', {
    token, raw: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    headers: { 'content-type': 'application/json' },
  });
  assertError(big, 413, 'payload_too_large');
});

test('a bad query string is a 400 naming the parameter', async () => {
  const token = await admin();
  const res = await call('GET', '/api/v1/divisions?q=%E4%B8&limit=1', { token });
  assertError(res, 400, 'invalid_argument');
  const badLimit = await call('GET', '/api/v1/divisions?q=东关&limit=9999', { token });
  assertError(badLimit, 400, 'invalid_argument', 'limit');
});

test('a slow client is disconnected after the read timeout', async () => {
  const timeout = Number(process.env.LINLI_READ_TIMEOUT_MS ?? 10000);
  const url = new URL(BASE);
  const started = Date.now();
  const closed = await new Promise((resolve) => {
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'); // never finishes the header
    });
    socket.on('close', () => resolve(true));
    socket.on('error', () => resolve(true));
    setTimeout(() => { socket.destroy(); resolve(false); }, timeout + 5000);
  });
  assert.ok(closed, 'server should close a connection that never completes its request');
  assert.ok(Date.now() - started >= timeout - 200, 'closed too early');
});

test('keep-alive: several requests on one connection', async () => {
  const url = new URL(BASE);
  const answers = await new Promise((resolve, reject) => {
    let data = '';
    const socket = net.connect(Number(url.port), url.hostname, () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', (chunk) => { data += chunk; });
    socket.on('end', () => resolve(data));
    socket.on('error', reject);
  });
  assert.equal(answers.match(/HTTP\/1\.1 200/g)?.length, 2);
});

test('OpenAPI document and the router agree in both directions', async () => {
  const doc = await call('GET', '/api/v1/openapi.json');
  assert.equal(doc.status, 200);
  assert.match(doc.json.openapi, /^3\./);
  const documented = new Set();
  for (const [path, item] of Object.entries(doc.json.paths)) {
    for (const method of Object.keys(item)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method)) {
        documented.add(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  const bin = process.env.LINLI_BIN;
  assert.ok(bin, 'LINLI_BIN must name the linli binary');
  const routed = new Set(
    execFileSync(bin, ['--db', process.env.LINLI_DB_URL, 'routes'], { encoding: 'utf8' })
      .split('\n').map((l) => l.trim()).filter(Boolean),
  );
  const missingFromDoc = [...routed].filter((r) => !documented.has(r));
  const notRouted = [...documented].filter((r) => !routed.has(r));
  assert.deepEqual(missingFromDoc, [], 'routes missing from openapi.json');
  assert.deepEqual(notRouted, [], 'openapi.json names routes that do not exist');
  assert.ok(routed.size >= 15, `expected the full route table, got ${routed.size}`);
});
