// Role × endpoint × inside/outside scope: every role is allowed exactly what it holds,
// inside its jurisdiction only; outside answers 404 as if nothing were there.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, ADMIN, RUN } from './lib.mjs';

const INSIDE = '321002001002'; // 个园社区居委会 (广陵区 东关街道)
const OUTSIDE = '321003001001'; // 冯庄居委会 (邗江区 邗上街道)

let gridCode;
const accounts = {};
const ROLES = {
  city_admin: () => '3210',
  department_officer: () => '3210',
  county_official: () => '321002',
  town_official: () => '321002001',
  community_worker: () => INSIDE,
  grid_worker: () => gridCode,
  social_org: () => INSIDE,
  volunteer: () => INSIDE,
  resident: () => INSIDE,
};
// What each role may do (by permission), from the access module's role table.
const MAY = {
  'grids.read': ['city_admin', 'department_officer', 'county_official', 'town_official', 'community_worker', 'grid_worker'],
  'grids.manage': ['city_admin', 'county_official', 'town_official', 'community_worker'],
  'divisions.manage': ['city_admin'],
  'accounts.manage': ['city_admin', 'county_official', 'town_official', 'community_worker'], // community workers: residents' accounts (decision 0026)
};

before(async () => {
  const token = await admin();
  const grid = await call('POST', '/api/v1/grids', {
    token, body: { community_code: INSIDE, name: `矩阵网格${RUN}`, kind: 'ordinary', planned_households: 200 },
  });
  assert.equal(grid.status, 201, grid.text);
  gridCode = grid.json.code;
  // City administrators are made on the command line (delegation, decision 0013): the first one
  // stands for its role.
  accounts.city_admin = { username: ADMIN.username, token };
  for (const role of Object.keys(ROLES)) {
    if (role !== 'city_admin') accounts[role] = await accountWith(role, ROLES[role]());
  }
});

for (const role of Object.keys(ROLES)) {
  test(`${role}: session and division reads inside scope`, async () => {
    const { token } = accounts[role];
    const session = await call('GET', '/api/v1/session', { token });
    assert.equal(session.status, 200);
    assert.equal(session.json.account.grants[0].role, role);
    const division = await call('GET', `/api/v1/divisions/${INSIDE}`, { token });
    assert.equal(division.status, 200, division.text);
  });

  test(`${role}: outside its scope nothing is visible`, async (t) => {
    if (ROLES[role]() === '3210') return t.skip('city-wide role: no outside within the city');
    const { token } = accounts[role];
    const division = await call('GET', `/api/v1/divisions/${OUTSIDE}`, { token });
    assert.equal(division.status, 404, division.text);
    const grids = await call('GET', `/api/v1/grids?community=${OUTSIDE}`, { token });
    assert.ok([403, 404].includes(grids.status) || grids.json.items.length === 0, grids.text);
    const search = await call('GET', `/api/v1/divisions?q=${encodeURIComponent('冯庄')}`, { token });
    assert.equal(search.status, 200);
    assert.equal(search.json.items.length, 0, 'search must not leak other branches');
    const city = await call('GET', '/api/v1/divisions/3210', { token });
    assert.equal(city.status, 200);
    assert.ok(city.json.counts.communities < 1437, 'counts are limited to the scope');
    assert.ok(!city.json.children.some((c) => c.code === '321003'));
  });

  test(`${role}: grids.read`, async () => {
    const res = await call('GET', `/api/v1/grids/${gridCode}`, { token: accounts[role].token });
    assert.equal(res.status, MAY['grids.read'].includes(role) ? 200 : 403, res.text);
  });

  test(`${role}: grids.manage inside and outside`, async () => {
    const { token } = accounts[role];
    const inside = await call('POST', '/api/v1/grids', {
      token, body: { community_code: INSIDE, name: `${role}网格${RUN}`, kind: 'ordinary', planned_households: 10 },
    });
    const allowed = MAY['grids.manage'].includes(role);
    assert.equal(inside.status, allowed ? 201 : 403, inside.text);
    if (allowed && ROLES[role]() !== '3210') {
      const outside = await call('POST', '/api/v1/grids', {
        token, body: { community_code: OUTSIDE, name: `${role}越界${RUN}`, kind: 'ordinary', planned_households: 10 },
      });
      assert.equal(outside.status, 404, outside.text);
      const close = await call('POST', `/api/v1/grids/${OUTSIDE}001/close`, { token, body: { valid_until: '2026-01-01' } });
      assert.equal(close.status, 404, close.text);
    }
  });

  test(`${role}: divisions.manage`, async () => {
    const res = await call('PATCH', `/api/v1/divisions/${INSIDE}`, { token: accounts[role].token, body: { kind: 'urban' } });
    assert.equal(res.status, MAY['divisions.manage'].includes(role) ? 200 : 403, res.text);
  });

  test(`${role}: accounts.manage`, async () => {
    const res = await call('GET', '/api/v1/accounts', { token: accounts[role].token });
    assert.equal(res.status, MAY['accounts.manage'].includes(role) ? 200 : 403, res.text);
  });
}

test('a town official lists and creates accounts only inside its town', async () => {
  const { token } = accounts.town_official;
  const list = await call('GET', '/api/v1/accounts?limit=200', { token });
  assert.equal(list.status, 200);
  for (const account of list.json.items) {
    for (const grant of account.grants) assert.ok(grant.scope_code.startsWith('321002001'), JSON.stringify(grant));
  }
  const outside = await call('POST', '/api/v1/accounts', {
    token, body: { username: `out${RUN}`.slice(0, 32), display_name: '越界', password: 'Grid-worker-2026', grants: [{ role: 'community_worker', scope_code: OUTSIDE }] },
  });
  assert.equal(outside.status, 404, outside.text);
  const escalate = await call('POST', '/api/v1/accounts', {
    token, body: { username: `esc${RUN}`.slice(0, 32), display_name: '提权', password: 'Grid-worker-2026', grants: [{ role: 'town_official', scope_code: '321002001' }] },
  });
  assert.equal(escalate.status, 403, escalate.text);
});
