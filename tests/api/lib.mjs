// Shared helpers for the API suites: they run against a real `linli serve` started by
// scripts/test.sh (once on SQLite, once on PostgreSQL) with the real Yangzhou divisions.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { execFileSync } from 'node:child_process';

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

// ---- a hostile .xlsx (issue 15 item 13) -------------------------------------------------------

function crc32(bytes) {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

// A zip of deflated entries ([name, text] pairs), as Excel writes them.
export function zipOf(entries) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const [name, text] of entries) {
    const nameBytes = Buffer.from(name, 'utf8');
    const data = Buffer.from(text, 'utf8');
    const packed = deflateRawSync(data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8); // deflate
    head.writeUInt32LE(crc32(data), 14);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(data.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += head.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

// An .xlsx whose `cells` cells (10 a row) all name one shared string of `length` bytes: a few
// KB of file, length x cells of decoded text.
export function fanOutXlsx(length, cells) {
  const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const letters = 'ABCDEFGHIJ';
  let rows = '';
  for (let i = 0; i < cells; i++) {
    const row = Math.floor(i / 10) + 1;
    if (i % 10 === 0) rows += `<row r="${row}">`;
    rows += `<c r="${letters[i % 10]}${row}" t="s"><v>0</v></c>`;
    if (i % 10 === 9 || i + 1 === cells) rows += '</row>';
  }
  return zipOf([
    ['xl/workbook.xml', `<workbook xmlns="${main}" xmlns:r="${rel}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`],
    ['xl/_rels/workbook.xml.rels', `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`],
    ['xl/sharedStrings.xml', `<sst xmlns="${main}"><si><t>${'x'.repeat(length)}</t></si></sst>`],
    ['xl/worksheets/sheet1.xml', `<worksheet xmlns="${main}"><sheetData>${rows}</sheetData></worksheet>`],
  ]);
}

// The text of every part of a .zip (an .xlsx): its XML with each cell's text on a line of its own.
// The text of a PDF as pdftotext (poppler-utils, installed by scripts/setup.sh) reads it back,
// spaces removed (pdftotext puts some between Chinese and digits); null without pdftotext.
export function pdfText(bytes) {
  try {
    return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: bytes, maxBuffer: 64 << 20 }).toString('utf8').replace(/ +/g, '');
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

export function xlsxText(zip) {
  const parts = [];
  let end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) return '';
  let entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  while (entries-- > 0 && zip.readUInt32LE(at) === 0x02014b50) {
    const method = zip.readUInt16LE(at + 10);
    const size = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extra = zip.readUInt16LE(at + 30);
    const comment = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + size);
    parts.push((method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return parts.join('\n').replace(/<\/t>/g, '</t>\n').replace(/<t[^>]*>/g, '\n');
}
