// Population registry: buildings, households, residents (masking, audit-free shape checks,
// search, history, tags, counts) and jurisdiction, against the contract in docs/api.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, accountWith, RUN } from './lib.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会
const OTHER_COMMUNITY = '321003001001'; // 邗江区

// A valid 18-digit ID number (GB 11643 check character) unique to this run.
let sequence = Math.floor(Math.random() * 900);
function idNumber(birth = `19${String(40 + Math.floor(Math.random() * 50))}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`) {
  sequence = (sequence + 1) % 1000;
  const first17 = `321002${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

async function makeGrid(token, community = COMMUNITY) {
  const res = await call('POST', '/api/v1/grids', {
    token, body: { community_code: community, name: `人口测试网格${RUN}${Math.floor(Math.random() * 1e5)}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01' },
  });
  assert.equal(res.status, 201, res.text);
  return res.json.code;
}

async function makeHousehold(token, grid, community = COMMUNITY) {
  const building = await call('POST', '/api/v1/buildings', {
    token, body: { community_code: community, grid_code: grid, address: `个园路${RUN}号`, lat: 32.4, lon: 119.44, kind: 'residential', floors: 6 },
  });
  assert.equal(building.status, 201, building.text);
  const household = await call('POST', '/api/v1/households', {
    token, body: { building_id: building.json.id, room: '301', type: 'actual', since: '2000-01-01' },
  });
  assert.equal(household.status, 201, household.text);
  return { building: building.json, household: household.json };
}

let setup;
async function world() {
  if (setup) return setup;
  const token = await admin();
  const grid = await makeGrid(token);
  const otherGrid = await makeGrid(token);
  const { building, household } = await makeHousehold(token, grid);
  setup = { token, grid, otherGrid, building, household };
  return setup;
}

test('building and household shapes; validation names the field', async () => {
  const { token, grid, building, household } = await world();
  assert.equal(building.grid_code, grid);
  assert.equal(building.kind, 'residential');
  assert.equal(building.micro_grid_code, null);
  assert.equal(household.building_id, building.id);
  assert.equal(household.head_id, null);
  const got = await call('GET', `/api/v1/buildings/${building.id}`, { token });
  assert.equal(got.status, 200, got.text);
  assert.equal(got.json.address, building.address);
  const list = await call('GET', `/api/v1/buildings?grid=${grid}&limit=200`, { token });
  assert.equal(list.status, 200);
  assert.ok(list.json.items.some((b) => b.id === building.id));
  assertError(await call('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid, address: 'x', lat: 60, lon: 119, floors: 3 },
  }), 422, 'validation_failed', 'lat');
  assertError(await call('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid, address: 'x', floors: 300 },
  }), 422, 'validation_failed', 'floors');
});

test('register a resident: derived fields, duplicates, bad ID numbers', async () => {
  const { token, grid, household } = await world();
  const id = idNumber('19560302');
  const created = await call('POST', '/api/v1/residents', {
    token,
    body: { name: '王秀英', id_number: id, phone: '13800001111', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', household_id: household.id, relation: 'head' },
  });
  assert.equal(created.status, 201, created.text);
  const r = created.json;
  // Masked in the answer too; the birth date is revealed on request (issue 15 item 7).
  assert.equal(r.birth_date, null);
  const birth = await call('POST', `/api/v1/residents/${r.id}/reveal`, { token, body: { field: 'birth_date' } });
  assert.equal(birth.status, 200, birth.text);
  assert.deepEqual(birth.json, { field: 'birth_date', value: '1956-03-02' });
  assert.equal(r.sex, Number(id[16]) % 2 ? 'male' : 'female');
  assert.ok(r.age >= 69);
  assert.deepEqual(r.ethnicity, { code: '01', name: '汉族' });
  assert.equal(r.grid_code, grid);
  // Codes are identity, names are for people: the grid by name, after its community's.
  assert.match(r.place_name, /^个园社区居委会 人口测试网格/);
  assert.equal(r.relation, 'head');
  assert.equal(r.synthetic, false);
  assert.ok(Array.isArray(r.tags));
  const house = await call('GET', `/api/v1/households/${household.id}`, { token });
  assert.equal(house.status, 200);
  assert.equal(house.json.head_id, r.id);
  assert.ok(house.json.members.some((m) => m.id === r.id));
  assert.equal(house.json.members.find((m) => m.id === r.id).place_name, r.place_name);
  // The household by its building's address and its place's name.
  assert.equal(house.json.building_address, `个园路${RUN}号`);
  assert.equal(house.json.place_name, r.place_name);
  // The building's open households, by room, with their heads: what the resident form offers.
  const ofBuilding = await call('GET', `/api/v1/households?building=${house.json.building_id}`, { token });
  assert.equal(ofBuilding.status, 200, ofBuilding.text);
  const mine = ofBuilding.json.items.find((h) => h.id === household.id);
  assert.ok(mine, ofBuilding.text);
  assert.equal(mine.head_name, '王秀英');
  assertError(await call('GET', '/api/v1/households?building=abc', { token }), 422, 'validation_failed', 'building');
  assertError(await call('GET', '/api/v1/households', { token }), 400, 'invalid_argument', 'building');
  assert.equal((await call('GET', '/api/v1/households?building=999999999', { token })).status, 404);
  const listed = await call('GET', `/api/v1/residents?grid=${grid}`, { token });
  assert.equal(listed.status, 200, listed.text);
  assert.ok(listed.json.items.every((m) => m.place_name === r.place_name), listed.text);

  assertError(await call('POST', '/api/v1/residents', { token, body: { name: '重复', id_number: id, grid_code: grid } }), 409, 'already_exists', 'id_number');
  const bad = id.slice(0, 17) + (id[17] === '1' ? '2' : '1');
  assertError(await call('POST', '/api/v1/residents', { token, body: { name: '错号', id_number: bad, grid_code: grid } }), 422, 'validation_failed', 'id_number');
  assertError(await call('POST', '/api/v1/residents', { token, body: { name: '', id_number: idNumber(), grid_code: grid } }), 422, 'validation_failed', 'name');
  assertError(await call('POST', '/api/v1/residents', { token, body: { name: '错网格', id_number: idNumber(), community_code: OTHER_COMMUNITY, grid_code: grid } }), 422, 'validation_failed', 'grid_code');
});

test('masking by role, search by blind index, tags and counts', async () => {
  const { token, grid, otherGrid } = await world();
  const id = idNumber('19400101');
  const created = await call('POST', '/api/v1/residents', { token, body: { name: `独居${RUN}`, id_number: id, phone: '13912345678', grid_code: grid, status_since: '2015-01-01' } });
  assert.equal(created.status, 201, created.text);
  const resident = created.json;

  const worker = await accountWith('grid_worker', grid);
  const masked = await call('GET', `/api/v1/residents/${resident.id}`, { token: worker.token });
  assert.equal(masked.status, 200, masked.text);
  // Only the last character of the ID number, no birth date (issue 15 item 7): the age stays.
  assert.equal(masked.json.id_number, `${'*'.repeat(17)}${id.slice(-1)}`);
  assert.equal(masked.json.birth_date, null);
  assert.equal(typeof masked.json.age, 'number');
  assert.equal(masked.json.phone, '139****5678');
  assert.ok(!masked.text.includes(id));
  assert.ok(!masked.text.includes('1940-01-01'));

  // A community worker holds people.personal_data and still sees masked values; one field of
  // one person is revealed on request (点击查看), each reveal audited (issue 15 item 7).
  const communityWorker = await accountWith('community_worker', COMMUNITY);
  const open = await call('GET', `/api/v1/residents/${resident.id}`, { token: communityWorker.token });
  assert.equal(open.status, 200);
  assert.equal(open.json.id_number, masked.json.id_number);
  assert.equal(open.json.personal_data_visible, false);
  const list = await call('GET', `/api/v1/residents?grid=${grid}&limit=200`, { token: communityWorker.token });
  assert.ok(!list.text.includes(id));
  const revealed = await call('POST', `/api/v1/residents/${resident.id}/reveal`, { token: communityWorker.token, body: { field: 'id_number' } });
  assert.equal(revealed.status, 200, revealed.text);
  assert.deepEqual(revealed.json, { field: 'id_number', value: id });
  const phone = await call('POST', `/api/v1/residents/${resident.id}/reveal`, { token: communityWorker.token, body: { field: 'phone' } });
  assert.equal(phone.json.value, '13912345678');
  const reads = await call('GET', `/api/v1/audit?action=read&subject_type=resident&subject_id=${resident.id}&actor=${communityWorker.id}`, { token });
  assert.equal(reads.status, 200, reads.text);
  assert.deepEqual(reads.json.items.map((r) => r.detail.fields[0]).sort(), ['id_number', 'phone']);
  assertError(await call('POST', `/api/v1/residents/${resident.id}/reveal`, { token: worker.token, body: { field: 'id_number' } }), 403, 'permission_denied');
  assertError(await call('POST', `/api/v1/residents/${resident.id}/reveal`, { token: communityWorker.token, body: { field: 'name' } }), 422, 'validation_failed', 'field');
  const elsewhere = await accountWith('community_worker', OTHER_COMMUNITY);
  assertError(await call('POST', `/api/v1/residents/${resident.id}/reveal`, { token: elsewhere.token, body: { field: 'id_number' } }), 404, 'not_found');

  const outsider = await accountWith('grid_worker', otherGrid);
  assertError(await call('GET', `/api/v1/residents/${resident.id}`, { token: outsider.token }), 404, 'not_found');
  const none = await call('GET', `/api/v1/residents?id_number=${id}`, { token: outsider.token });
  assert.equal(none.status, 200);
  assert.equal(none.json.items.length, 0);
  // An exact search by ID number is audited with its caller and hit count, never the number.
  const audit = await call('GET', '/api/v1/audit?subject_type=resident_search&subject_id=id_number&limit=20', { token });
  assert.equal(audit.status, 200, audit.text);
  const mine = audit.json.items.find((r) => r.actor_name === outsider.username);
  assert.ok(mine, audit.text);
  assert.equal(mine.detail.hits, 0);
  assert.ok(!audit.text.includes(id));

  const byId = await call('GET', `/api/v1/residents?id_number=${id}`, { token: worker.token });
  assert.equal(byId.status, 200, byId.text);
  assert.deepEqual(byId.json.items.map((x) => x.id), [resident.id]);
  const byPhone = await call('GET', `/api/v1/residents?phone=139-1234-5678&grid=${grid}`, { token });
  assert.ok(byPhone.json.items.some((x) => x.id === resident.id));

  const tag = await call('POST', `/api/v1/residents/${resident.id}/tags`, { token: worker.token, body: { code: 'elderly_alone', valid_from: '2024-01-01', source: '社区走访' } });
  assert.equal(tag.status, 201, tag.text);
  assert.equal(tag.json.name, '独居老人');
  const tagged = await call('GET', `/api/v1/residents?tag=elderly_alone&age_min=80&grid=${grid}&sort=-age`, { token: worker.token });
  assert.equal(tagged.status, 200, tagged.text);
  assert.ok(tagged.json.items.some((x) => x.id === resident.id));
  const young = await call('GET', `/api/v1/residents?tag=elderly_alone&age_max=30&grid=${grid}`, { token: worker.token });
  assert.ok(!young.json.items.some((x) => x.id === resident.id));

  const counts = await call('GET', `/api/v1/residents/counts?division=${grid}`, { token: worker.token });
  assert.equal(counts.status, 200, counts.text);
  assert.ok(counts.json.total >= 1);
  assert.ok(counts.json.by_tag.elderly_alone >= 1);
  assert.ok(counts.json.by_age_group['80+'] >= 1);
  assert.equal(typeof counts.json.by_status.registered_resident, 'number');
  const outsideCounts = await call('GET', `/api/v1/residents/counts?division=${grid}`, { token: outsider.token });
  assertError(outsideCounts, 404, 'not_found');

  const ended = await call('POST', `/api/v1/residents/${resident.id}/tags/${tag.json.id}/end`, { token: worker.token, body: { valid_until: '2025-01-01' } });
  assert.equal(ended.status, 200, ended.text);
  assert.equal(ended.json.valid_until, '2025-01-01');
  const after = await call('GET', `/api/v1/residents?tag=elderly_alone&grid=${grid}`, { token: worker.token });
  assert.ok(!after.json.items.some((x) => x.id === resident.id));

  const definitions = await call('GET', '/api/v1/tag-definitions', { token: worker.token });
  assert.equal(definitions.status, 200);
  assert.ok(definitions.json.items.some((d) => d.code === 'disability' && d.has_grade));
});

test('several tags: all of them (the default) or any of them', async () => {
  // Regression: the web sent tag=a,b for two ticked tags and the server read it as one code.
  const { token } = await world();
  const grid = await makeGrid(token);
  const tagged = {};
  for (const [name, codes] of [['both', ['dibao', 'veteran']], ['dibao', ['dibao']], ['veteran', ['veteran']], ['none', []]]) {
    const created = await call('POST', '/api/v1/residents', { token, body: { name: `多标签${name}${RUN}`, id_number: idNumber(), grid_code: grid, status_since: '2015-01-01' } });
    assert.equal(created.status, 201, created.text);
    for (const code of codes) {
      const tag = await call('POST', `/api/v1/residents/${created.json.id}/tags`, { token, body: { code, valid_from: '2024-01-01', source: '测试' } });
      assert.equal(tag.status, 201, tag.text);
    }
    tagged[name] = created.json.id;
  }
  const ids = async (query) => {
    const res = await call('GET', `/api/v1/residents?grid=${grid}&${query}`, { token });
    assert.equal(res.status, 200, res.text);
    return res.json.items.map((x) => x.id).sort((a, b) => a - b);
  };
  const sorted = (...names) => names.map((n) => tagged[n]).sort((a, b) => a - b);
  assert.deepEqual(await ids('tag=dibao,veteran'), sorted('both'));
  assert.deepEqual(await ids('tag=dibao,veteran&tag_match=all'), sorted('both'));
  assert.deepEqual(await ids('tag=dibao,veteran&tag_match=any'), sorted('both', 'dibao', 'veteran'));
  assert.deepEqual(await ids('tag=dibao,veteran&tag_match=any&sort=-age'), sorted('both', 'dibao', 'veteran'));
  assert.deepEqual(await ids('tag=veteran'), sorted('both', 'veteran'));
  assert.deepEqual(await ids('tag=veteran,%20veteran&tag_match=any'), sorted('both', 'veteran'));
  assertError(await call('GET', `/api/v1/residents?grid=${grid}&tag=dibao&tag_match=some`, { token, unchecked: true }), 422, 'validation_failed', 'tag_match');
});

test('move and status changes keep history', async () => {
  const { token, grid, otherGrid } = await world();
  const created = await call('POST', '/api/v1/residents', { token, body: { name: `迁移${RUN}`, id_number: idNumber('19800101'), grid_code: grid, status_since: '2012-01-01' } });
  assert.equal(created.status, 201, created.text);
  const id = created.json.id;
  const moved = await call('POST', `/api/v1/residents/${id}/move`, { token, body: { grid_code: otherGrid, date: '2020-05-01' } });
  assert.equal(moved.status, 200, moved.text);
  assert.equal(moved.json.grid_code, otherGrid);
  const away = await call('POST', `/api/v1/residents/${id}/status`, { token, body: { status: 'away', date: '2023-03-01' } });
  assert.equal(away.status, 200, away.text);
  assert.equal(away.json.status, 'away');
  const detail = await call('GET', `/api/v1/residents/${id}`, { token });
  assert.equal(detail.status, 200);
  const history = detail.json.history;
  assert.equal(history.length, 3);
  assert.deepEqual(history.map((h) => h.grid_code), [grid, otherGrid, otherGrid]);
  // Each period names its place for people: the grid after its community.
  assert.ok(history.every((h) => h.place_name && !/^\d+$/.test(h.place_name)), JSON.stringify(history));
  assert.notEqual(history[0].place_name, history[1].place_name);
  assert.equal(history[1].place_name, detail.json.place_name);
  assert.equal(history[0].until, '2020-05-01');
  assert.equal(history[2].event, 'status');
  assert.equal(history[2].until, null);
  assertError(await call('POST', `/api/v1/residents/${id}/status`, { token, body: { status: 'nobody', date: '2024-01-01' } }), 422, 'validation_failed', 'status');
  const patched = await call('PATCH', `/api/v1/residents/${id}`, { token, body: { name: `迁移改名${RUN}` } });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.name, `迁移改名${RUN}`);
});

test('cursor pagination walks a list without repeats', async () => {
  const { token, grid } = await world();
  for (let i = 0; i < 5; i += 1) {
    const res = await call('POST', '/api/v1/residents', { token, body: { name: `翻页${RUN}${i}`, id_number: idNumber(), grid_code: grid } });
    assert.equal(res.status, 201, res.text);
  }
  const seen = new Set();
  let cursor = '';
  for (let guard = 0; guard < 20; guard += 1) {
    const page = await call('GET', `/api/v1/residents?q=${encodeURIComponent(`翻页${RUN}`)}&sort=name&limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token });
    assert.equal(page.status, 200, page.text);
    for (const item of page.json.items) {
      assert.ok(!seen.has(item.id));
      seen.add(item.id);
    }
    if (!page.json.next_cursor) break;
    cursor = page.json.next_cursor;
  }
  assert.equal(seen.size, 5);
  assertError(await call('GET', '/api/v1/residents?sort=height', { token, unchecked: true }), 400, 'invalid_argument', 'sort');
});

test('roles without people permissions are refused', async () => {
  const { grid } = await world();
  const volunteer = await accountWith('volunteer', grid.slice(0, 12));
  assertError(await call('GET', '/api/v1/residents', { token: volunteer.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/residents', {}), 401, 'unauthenticated');
});

test('households close only when nobody lives in them; buildings and households can be corrected', async () => {
  const { token, grid, otherGrid } = await world();
  const { building, household } = await makeHousehold(token, grid);
  const created = await call('POST', '/api/v1/residents', {
    token, body: { name: '注销测试', id_number: idNumber(), ethnicity: '01', status: 'registered_resident', status_since: '2010-01-01', household_id: household.id, relation: 'head' },
  });
  assert.equal(created.status, 201, created.text);
  const refused = await call('POST', `/api/v1/households/${household.id}/close`, { token, body: { until: '2025-06-01' } });
  assertError(refused, 409, 'failed_precondition');
  assert.match(refused.json.error.message, /1 名成员/);
  assertError(await call('POST', `/api/v1/households/${household.id}/close`, { token, body: {} }), 400, 'invalid_argument', 'until');

  const moved = await call('POST', `/api/v1/residents/${created.json.id}/move`, { token, body: { grid_code: otherGrid, date: '2025-05-01' } });
  assert.equal(moved.status, 200, moved.text);
  const closed = await call('POST', `/api/v1/households/${household.id}/close`, { token, body: { until: '2025-06-01' } });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.until, '2025-06-01');
  const joining = await call('POST', '/api/v1/residents', {
    token, body: { name: '迟到者', id_number: idNumber(), ethnicity: '01', status: 'registered_resident', household_id: household.id, relation: 'child' },
  });
  assertError(joining, 409, 'failed_precondition');

  const renamed = await call('PATCH', `/api/v1/households/${household.id}`, { token, body: { room: '302', type: 'registered' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual([renamed.json.room, renamed.json.type], ['302', 'registered']);
  const patched = await call('PATCH', `/api/v1/buildings/${building.id}`, { token, body: { address: '个园路新1号', floors: 11, lat: 32.41, lon: 119.45 } });
  assert.equal(patched.status, 200, patched.text);
  assert.deepEqual([patched.json.address, patched.json.floors], ['个园路新1号', 11]);
  assertError(await call('PATCH', `/api/v1/buildings/${building.id}`, { token, body: { lat: 80 } }), 422, 'validation_failed');
  const outsider = await accountWith('community_worker', OTHER_COMMUNITY);
  assertError(await call('PATCH', `/api/v1/buildings/${building.id}`, { token: outsider.token, body: { floors: 3 } }), 404, 'not_found');
  assertError(await call('POST', `/api/v1/households/${household.id}/close`, { token: outsider.token, body: { until: '2025-07-01' } }), 404, 'not_found');
});
