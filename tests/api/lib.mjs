// Shared helpers for the API suites: they run against a real `linli serve` started by
// scripts/test.sh (once on SQLite, once on PostgreSQL) with the real Yangzhou divisions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

export const BASE = process.env.LINLI_BASE_URL ?? 'http://127.0.0.1:8080';
export const ADMIN = {
  username: process.env.LINLI_ADMIN_USER ?? 'admin',
  password: process.env.LINLI_ADMIN_PASSWORD ?? 'Linli-test-2026!',
};
export const PASSWORD = 'Grid-worker-2026';

// A run-unique suffix so suites can re-run against the same database.
export const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36);

// The contract: every query parameter a suite sends to /api/v1 must be declared for that
// operation in the OpenAPI document (and, where the document lists values, be one of them), so
// that the document, the server and the web client cannot drift apart unnoticed.
const OPENAPI = JSON.parse(
  readFileSync(new URL('../../src/http/openapi.json', import.meta.url), 'utf8'),
);
const OPERATIONS = Object.entries(OPENAPI.paths).map(([template, item]) => ({
  template,
  pattern: new RegExp('^' + template.replace(/\{[^}]+\}/g, '[^/]+') + '$'),
  item,
}));

function resolve(parameter) {
  if (!parameter.$ref) return parameter;
  const name = parameter.$ref.split('/').pop();
  return OPENAPI.components.parameters[name];
}

// Throws when `path` (with its query) sends a parameter the document does not declare for
// `method`. Paths the document does not describe (404 probes) are left to the test.
export function checkQueryAgainstContract(method, path) {
  const url = new URL(path, 'http://contract.invalid');
  if (!url.pathname.startsWith('/api/v1/')) return;
  const matches = OPERATIONS.filter((o) => o.pattern.test(url.pathname));
  // The most literal template wins (/residents/export before /residents/{id}).
  matches.sort((a, b) => b.template.replace(/\{[^}]+\}/g, '').length - a.template.replace(/\{[^}]+\}/g, '').length);
  const operation = matches[0]?.item?.[method.toLowerCase()];
  if (!operation) return;
  const declared = new Map();
  for (const parameter of [...(matches[0].item.parameters ?? []), ...(operation.parameters ?? [])]) {
    const p = resolve(parameter);
    if (p.in === 'query') declared.set(p.name, p);
  }
  for (const [name, value] of url.searchParams) {
    const p = declared.get(name);
    assert.ok(p, `${method} ${matches[0].template}: query parameter "${name}" is not in openapi.json`);
    const allowed = p.schema?.enum;
    if (allowed) {
      assert.ok(allowed.includes(value),
        `${method} ${matches[0].template}: ${name}=${value} is not one of ${allowed.join(', ')} in openapi.json`);
    }
  }
}

// `unchecked`: the test sends a parameter outside the contract on purpose.
export async function call(method, path, { token, body, raw, headers = {}, cookie, csrf, unchecked } = {}) {
  if (!unchecked) checkQueryAgainstContract(method, path);
  const h = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (cookie) h.cookie = cookie;
  if (csrf) h['x-csrf-token'] = csrf;
  let payload;
  if (raw !== undefined) payload = raw;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    h['content-type'] = 'application/json';
  }
  const res = await fetch(BASE + path, { method, headers: h, body: payload, redirect: 'manual' });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export async function login(username = ADMIN.username, password = ADMIN.password) {
  const res = await call('POST', '/api/v1/session', { body: { username, password } });
  assert.equal(res.status, 200, `login ${username}: ${res.text}`);
  return res.json;
}

let adminToken;
export async function admin() {
  if (!adminToken) adminToken = (await login()).token;
  return adminToken;
}

// Asserts the one error envelope and its status.
export function assertError(res, status, code, field) {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${res.text}`);
  assert.ok(res.json && res.json.error, `error envelope expected: ${res.text}`);
  assert.equal(res.json.error.code, code, res.text);
  assert.ok(typeof res.json.error.message === 'string' && res.json.error.message.length > 0);
  assert.match(res.json.error.request_id, /\S+/);
  if (field !== undefined) assert.equal(res.json.error.field, field, res.text);
}

// Creates an account with one grant; returns {username, token, id}.
export async function accountWith(role, scope, extra = {}) {
  const username = `${role.replace(/_/g, '')}${RUN}${Math.floor(Math.random() * 1e6)}`.slice(0, 32);
  const grant = { role, scope_code: scope };
  if (role === 'department_officer') grant.department = '市民政局';
  const res = await call('POST', '/api/v1/accounts', {
    token: await admin(),
    body: { username, display_name: `测试${role}`, password: PASSWORD, grants: [grant], ...extra },
  });
  assert.equal(res.status, 201, res.text);
  const session = await login(username, PASSWORD);
  return { username, token: session.token, id: res.json.id };
}

// Finds the first community under a town (walks the real tree).
export async function firstCommunity(townCode, token) {
  const town = await call('GET', `/api/v1/divisions/${townCode}`, { token: token ?? (await admin()) });
  assert.equal(town.status, 200, town.text);
  const community = town.json.children.find((c) => c.kind === 'urban') ?? town.json.children[0];
  return community.code;
}
