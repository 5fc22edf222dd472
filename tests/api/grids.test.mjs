// Grids and micro-grids: create, validate, close, history, scope.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, accountWith, RUN } from './lib.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会
const OTHER_TOWN_COMMUNITY = '321003001001'; // 冯庄居委会, 邗江区

function gridBody(extra = {}) {
  return { community_code: COMMUNITY, name: `网格${RUN}${Math.floor(Math.random() * 1e5)}`, kind: 'ordinary', planned_households: 300, ...extra };
}

test('create a grid, get it, see it in the community and its counts', async () => {
  const token = await admin();
  const created = await call('POST', '/api/v1/grids', { token, body: gridBody() });
  assert.equal(created.status, 201, created.text);
  const grid = created.json;
  assert.match(grid.code, new RegExp(`^${COMMUNITY}\\d{3}$`));
  assert.equal(grid.level, 'grid');
  assert.equal(grid.status, 'active');
  assert.equal(grid.valid_until, null);
  const got = await call('GET', `/api/v1/grids/${grid.code}`, { token });
  assert.equal(got.status, 200);
  assert.equal(got.json.name, grid.name);
  const list = await call('GET', `/api/v1/grids?community=${COMMUNITY}&limit=200`, { token });
  assert.ok(list.json.items.some((g) => g.code === grid.code));
  const community = await call('GET', `/api/v1/divisions/${COMMUNITY}`, { token });
  assert.ok(community.json.grids.some((g) => g.code === grid.code));
  assert.ok(community.json.counts.grids >= 1);
});

test('explicit codes: format, parent and duplicates', async () => {
  const token = await admin();
  const code = `${COMMUNITY}9${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
  const first = await call('POST', '/api/v1/grids', { token, body: gridBody({ code }) });
  if (first.status === 409) return; // an earlier run took the code; the duplicate path is then proven
  assert.equal(first.status, 201, first.text);
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ code }) }), 409, 'already_exists');
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ code: '321002001001001' }) }), 422, 'validation_failed', 'code');
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ code: '12' }) }), 422, 'validation_failed', 'code');
});

test('validation messages name the field and nothing is written', async () => {
  const token = await admin();
  const before = await call('GET', `/api/v1/grids?community=${COMMUNITY}&status=all&limit=200`, { token });
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ name: '' }) }), 422, 'validation_failed', 'name');
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ name: '长'.repeat(51) }) }), 422, 'validation_failed', 'name');
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ kind: 'weird' }) }), 422, 'validation_failed', 'kind');
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ planned_households: -1 }) }), 422, 'validation_failed', 'planned_households');
  assertError(await call('POST', '/api/v1/grids', { token, body: gridBody({ valid_from: '2026-02-30' }) }), 422, 'validation_failed', 'valid_from');
  const unknownCommunity = await call('POST', '/api/v1/grids', { token, body: gridBody({ community_code: '321002001999' }) });
  assert.ok([404, 422].includes(unknownCommunity.status), unknownCommunity.text);
  const townAsCommunity = await call('POST', '/api/v1/grids', { token, body: gridBody({ community_code: '321002001' }) });
  assert.ok([400, 422].includes(townAsCommunity.status), townAsCommunity.text);
  const after = await call('GET', `/api/v1/grids?community=${COMMUNITY}&status=all&limit=200`, { token });
  assert.equal(after.json.items.length, before.json.items.length);
});

test('micro-grids, re-division and history on a past date', async () => {
  const token = await admin();
  const grid = (await call('POST', '/api/v1/grids', { token, body: gridBody({ valid_from: '2024-01-01' }) })).json;
  const micro = await call('POST', '/api/v1/grids', {
    token, body: { parent_code: grid.code, name: '微网格一', kind: 'ordinary', planned_households: 40, valid_from: '2024-01-01' },
  });
  assert.equal(micro.status, 201, micro.text);
  assert.equal(micro.json.level, 'micro_grid');
  assert.match(micro.json.code, new RegExp(`^${grid.code}\\d{2}$`));
  const closed = await call('POST', `/api/v1/grids/${grid.code}/close`, { token, body: { valid_until: '2025-06-30' } });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.status, 'closed');
  const microAfter = await call('GET', `/api/v1/grids/${micro.json.code}`, { token });
  assert.equal(microAfter.json.status, 'closed', 'closing a grid closes its micro-grids');
  assertError(await call('POST', `/api/v1/grids/${grid.code}/close`, { token, body: { valid_until: '2025-07-01' } }), 409, 'failed_precondition');
  assertError(await call('PATCH', `/api/v1/grids/${grid.code}`, { token, body: { name: '改名' } }), 409, 'failed_precondition');
  const onPast = await call('GET', `/api/v1/grids?community=${COMMUNITY}&on=2025-01-01&limit=200`, { token });
  assert.ok(onPast.json.items.some((g) => g.code === grid.code), 'valid on 2025-01-01');
  const onLater = await call('GET', `/api/v1/grids?community=${COMMUNITY}&on=2025-12-01&limit=200`, { token });
  assert.ok(!onLater.json.items.some((g) => g.code === grid.code), 'closed by 2025-12-01');
  const active = await call('GET', `/api/v1/grids?community=${COMMUNITY}&limit=200`, { token });
  assert.ok(!active.json.items.some((g) => g.code === grid.code));
  const badClose = await call('POST', '/api/v1/grids/321002001002999/close', { token, body: { valid_until: 'soon' } });
  assert.ok([404, 422].includes(badClose.status));
});

test('update a grid', async () => {
  const token = await admin();
  const grid = (await call('POST', '/api/v1/grids', { token, body: gridBody() })).json;
  const updated = await call('PATCH', `/api/v1/grids/${grid.code}`, { token, body: { name: `${grid.name}改`, kind: 'dedicated', planned_households: 120 } });
  assert.equal(updated.status, 200, updated.text);
  assert.equal(updated.json.kind, 'dedicated');
  assert.equal(updated.json.planned_households, 120);
});

test('scope: a community worker manages grids in their community only', async () => {
  const worker = await accountWith('community_worker', COMMUNITY);
  const mine = await call('POST', '/api/v1/grids', { token: worker.token, body: gridBody() });
  assert.equal(mine.status, 201, mine.text);
  const other = await call('POST', '/api/v1/grids', { token: worker.token, body: gridBody({ community_code: OTHER_TOWN_COMMUNITY }) });
  assertError(other, 404, 'not_found');
  const listOther = await call('GET', `/api/v1/grids?community=${OTHER_TOWN_COMMUNITY}`, { token: worker.token });
  assert.ok(listOther.status === 404 || listOther.json.items.length === 0, listOther.text);
  const gridWorker = await accountWith('grid_worker', mine.json.code);
  const read = await call('GET', `/api/v1/grids/${mine.json.code}`, { token: gridWorker.token });
  assert.equal(read.status, 200);
  const write = await call('POST', '/api/v1/grids', { token: gridWorker.token, body: gridBody() });
  assertError(write, 403, 'permission_denied');
});
