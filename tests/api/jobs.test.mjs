// The scheduler (issue 16 item 4): the jobs the server runs are listed for jobs.manage with
// their schedules, a job runs now through the API and through `linli jobs run` (the same lease
// and record), /metrics shows each job's runs, and roles without jobs.manage are refused.
// Scheduled backups (item 3): `linli jobs run backup` with a backup folder writes a backup with
// its manifest into it and keeps the newest N.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, admin, accountWith, assertError } from './lib.mjs';

const SWEEP = 'events.warning_sweep';
const BIN = process.env.LINLI_BIN;
const DB = process.env.LINLI_DB_URL;

const jobNamed = (list, name) => list.json.items.find((j) => j.name === name);

test('the administrator lists the jobs: the warning sweep every minute, merged; no backup without a folder', async () => {
  const token = await admin();
  const list = await call('GET', '/api/v1/jobs', { token });
  assert.equal(list.status, 200, list.text);
  const sweep = jobNamed(list, SWEEP);
  assert.ok(sweep, JSON.stringify(list.json));
  assert.equal(sweep.title, '吹哨报到预警与自动督办');
  assert.deepEqual(sweep.schedule, { kind: 'every', every_minutes: 1, time_zone: 'Asia/Shanghai' });
  assert.equal(sweep.catch_up, 'merge');
  assert.equal(typeof sweep.next_run_at, 'number');
  assert.ok(sweep.next_run_at <= Date.now() + 61_000, `next run within a minute: ${sweep.next_run_at}`);
  assert.equal(typeof sweep.running, 'boolean');
  assert.equal(jobNamed(list, 'backup'), undefined, 'no scheduled backup when no folder is configured');
});

test('run now: the sweep runs under its lease, is recorded as manual and counted in /metrics', async () => {
  const token = await admin();
  const before = jobNamed(await call('GET', '/api/v1/jobs', { token }), SWEEP);
  const ran = await call('POST', `/api/v1/jobs/${SWEEP}/run`, { token });
  assert.equal(ran.status, 200, ran.text);
  assert.equal(ran.json.name, SWEEP);
  assert.equal(ran.json.ok, true, ran.text);
  assert.equal(ran.json.error, '');
  assert.ok(ran.json.duration_ms >= 0);
  const after = jobNamed(await call('GET', '/api/v1/jobs', { token }), SWEEP);
  assert.ok(after.runs > before.runs, `${before.runs} → ${after.runs}`);
  assert.equal(after.failures, before.failures);
  assert.ok(after.last_run, JSON.stringify(after));
  assert.ok(after.last_run.started_at >= ran.json.started_at);
  assert.ok(['manual', 'schedule'].includes(after.last_run.trigger), after.last_run.trigger);
  assert.equal(after.last_run.ok, true);
  const metrics = await call('GET', '/metrics');
  assert.equal(metrics.status, 200);
  const runs = metrics.text.match(/^linli_job_runs_total\{job="events\.warning_sweep"\} (\d+)$/m);
  assert.ok(runs, metrics.text.slice(0, 2000));
  assert.ok(Number(runs[1]) >= after.runs);
  assert.match(metrics.text, /^linli_job_last_success\{job="events\.warning_sweep"\} 1$/m);
  assert.match(metrics.text, /^linli_job_last_run_timestamp_seconds\{job="events\.warning_sweep"\} \d+\.\d{3}$/m);
  assert.match(metrics.text, /^linli_job_failures_total\{job="events\.warning_sweep"\} \d+$/m);
});

test('an unknown job is 404; roles without jobs.manage are refused', async () => {
  const token = await admin();
  assertError(await call('POST', '/api/v1/jobs/no.such.job/run', { token }), 404, 'not_found');
  for (const [role, scope] of [['town_official', '321002001'], ['community_worker', '321002001002']]) {
    const { token: other } = await accountWith(role, scope);
    assertError(await call('GET', '/api/v1/jobs', { token: other }), 403, 'permission_denied');
    assertError(await call('POST', `/api/v1/jobs/${SWEEP}/run`, { token: other }), 403, 'permission_denied');
  }
  assertError(await call('GET', '/api/v1/jobs'), 401, 'unauthenticated');
});

test('`linli jobs run` runs the same job under the same lease and record; `jobs list` shows it', async () => {
  assert.ok(BIN && DB, 'LINLI_BIN and LINLI_DB_URL must be set');
  const token = await admin();
  const before = jobNamed(await call('GET', '/api/v1/jobs', { token }), SWEEP);
  const out = execFileSync(BIN, ['--db', DB, 'jobs', 'run', SWEEP], { encoding: 'utf8' });
  assert.match(out, /events\.warning_sweep ran in \d+ ms/);
  const after = jobNamed(await call('GET', '/api/v1/jobs', { token }), SWEEP);
  assert.ok(after.runs > before.runs, `${before.runs} → ${after.runs}`);
  const listed = execFileSync(BIN, ['--db', DB, 'jobs', 'list'], { encoding: 'utf8' });
  assert.match(listed, /^events\.warning_sweep\tevery 1 min \(Asia\/Shanghai, merge\)\tnext \d{4}-\d{2}-\d{2} \d{2}:\d{2}/m);
  const unknown = spawnSync(BIN, ['--db', DB, 'jobs', 'run', 'no.such.job'], { encoding: 'utf8' });
  assert.notEqual(unknown.status, 0);
  assert.match(unknown.stderr, /没有名为 no\.such\.job 的定时任务/);
});

test('a bad backup time is refused by name; `linli jobs run backup` writes into the folder and keeps the newest N', { skip: !DB?.startsWith('sqlite:') && 'the backup of PostgreSQL needs pg_dump of the server version (tests/ops covers it)' }, () => {
  const folder = mkdtempSync(join(tmpdir(), 'linli-jobs-'));
  try {
    const bad = spawnSync(BIN, ['--db', DB, 'jobs', 'list'], { encoding: 'utf8', env: { ...process.env, LINLI_BACKUP_FOLDER: folder, LINLI_BACKUP_TIME: '25:00' } });
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /backup_time 应为 HH:MM/);
    const env = { ...process.env, LINLI_BACKUP_FOLDER: folder, LINLI_BACKUP_TIME: '03:15', LINLI_BACKUP_KEEP_LAST: '2' };
    const listed = execFileSync(BIN, ['--db', DB, 'jobs', 'list'], { encoding: 'utf8', env });
    assert.match(listed, /^backup\tdaily 03:15 \(Asia\/Shanghai, merge\)/m);
    for (let i = 0; i < 3; i++) {
      const out = execFileSync(BIN, ['--db', DB, 'jobs', 'run', 'backup'], { encoding: 'utf8', env });
      assert.match(out, /backup ran in \d+ ms/);
    }
    const files = readdirSync(folder).sort();
    const backups = files.filter((f) => /^linli-.*\.db$/.test(f));
    assert.equal(backups.length, 2, files.join(', '));
    for (const backup of backups) assert.ok(files.includes(`${backup}.manifest.json`), files.join(', '));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
