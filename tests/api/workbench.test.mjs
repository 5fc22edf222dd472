// The workbench (工作台): each role's first screen is the cards of its roles, computed from the
// records inside its scope — a community worker's queue and open events, a grid worker's grid,
// a town official's events by community, a department officer's board, the administrator's
// system health — with names, never codes, and links to where each thing is handled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, firstCommunity, RUN } from './lib.mjs';

// 高邮市: a county no other suite writes to, so that its counts are this file's own.
const COUNTY = '321084';

let sequence = Math.floor(Math.random() * 900);
function idNumber(birth = '19520304') {
  sequence = (sequence + 1) % 1000;
  const first17 = `321084${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const cardsOf = async (token) => {
  const res = await call('GET', '/api/v1/workbench', { token });
  assert.equal(res.status, 200, res.text);
  return Object.fromEntries(res.json.cards.map((c) => [c.id, c]));
};

let world;
async function setup() {
  if (world) return world;
  const token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  assert.equal(county.status, 200, county.text);
  // A town of the county and its first community; each run takes its own town by RUN, so
  // that counts start from what this run writes.
  const towns = county.json.children;
  const town = towns[Number.parseInt(RUN.slice(-3), 36) % towns.length];
  const community = await firstCommunity(town.code, token);
  const communityName = (await call('GET', `/api/v1/divisions/${community}`, { token })).json.name;
  const grid = await call('POST', '/api/v1/grids', {
    token, body: { community_code: community, name: `工作台网格${RUN}`, kind: 'ordinary', planned_households: 200, valid_from: '2000-01-01' },
  });
  assert.equal(grid.status, 201, grid.text);
  world = {
    token, town: town.code, community, communityName, grid: grid.json.code,
    worker: await accountWith('community_worker', community),
    gridWorker: await accountWith('grid_worker', grid.json.code),
    townOfficial: await accountWith('town_official', town.code),
    officer: await accountWith('department_officer', '3210'),
    resident: await accountWith('resident', community),
  };
  return world;
}

test('a community worker: report button, queue, overdue, appointments, open events and residents', async () => {
  const { token, worker, community, grid } = await setup();
  const before = await cardsOf(worker.token);
  for (const id of ['events.report', 'service_requests.queue', 'service_requests.overdue', 'service_requests.appointments', 'events.open', 'people.place', 'people.changes', 'volunteers.to_verify', 'volunteers.short_activities']) {
    assert.ok(before[id], `card ${id} missing: ${Object.keys(before)}`);
    assert.equal(before[id].error, null, before[id].error);
  }
  assert.deepEqual(before['events.report'].link, { page: 'event_new', id: null, query: {} });
  assert.equal(before['people.place'].link.query.community, community);
  // Cards come in their order: the report button first.
  const order = Object.keys(before);
  assert.equal(order[0], 'events.report');

  // A resident of the grid, a request filed for them at the window, an event in the community.
  const resident = await call('POST', '/api/v1/residents', {
    token, body: { name: '王秀英', id_number: idNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid },
  });
  assert.equal(resident.status, 201, resident.text);
  const filed = await call('POST', '/api/v1/service-requests', {
    token: worker.token, body: { item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'entrusted', applicant_id: resident.json.id },
  });
  assert.equal(filed.status, 201, filed.text);
  const event = await call('POST', '/api/v1/events', {
    token: worker.token, body: { category: 'environment.garbage', description: `工作台事件${RUN}`, place_code: community },
  });
  assert.equal(event.status, 201, event.text);

  const after = await cardsOf(worker.token);
  assert.equal(after['service_requests.queue'].figure, before['service_requests.queue'].figure + 1);
  const queued = after['service_requests.queue'].items.find((i) => i.link.id === String(filed.json.id));
  assert.ok(queued, JSON.stringify(after['service_requests.queue']));
  assert.equal(queued.link.page, 'service_request');
  assert.doesNotMatch(queued.label, /^\d+$/, 'an item name, not a code');
  assert.equal(after['events.open'].figure, before['events.open'].figure + 1);
  assert.equal(after['events.open'].items[0].link.id, String(event.json.id));
  assert.equal(after['events.open'].items[0].label, '垃圾堆放');
  assert.deepEqual(after['events.open'].link.query, { state: 'open' });
  assert.equal(after['people.place'].figure, before['people.place'].figure + 1);
  assert.equal(after['people.place'].items[0].label, '户数');
  // 近期人员变动: a registration from 2010 is no recent change; one moved in today is, first.
  assert.equal(after['people.changes'].figure, before['people.changes'].figure);
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
  const newcomer = await call('POST', '/api/v1/residents', {
    token, body: { name: `新迁入${RUN}`, id_number: idNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: today, grid_code: grid },
  });
  assert.equal(newcomer.status, 201, newcomer.text);
  const changed = await cardsOf(worker.token);
  assert.equal(changed['people.changes'].figure, before['people.changes'].figure + 1);
  const line = changed['people.changes'].items[0];
  assert.equal(line.label, `新迁入${RUN} 迁入`);
  assert.equal(line.note, today);
  assert.deepEqual(line.link, { page: 'resident', id: String(newcomer.json.id), query: {} });
  assert.equal(changed['people.changes'].link.query.community, community);

  // The link of the open-events card lists exactly the open events.
  const open = await call('GET', '/api/v1/events?state=open&limit=100', { token: worker.token });
  assert.equal(open.status, 200, open.text);
  assert.ok(open.json.items.some((e) => e.id === event.json.id));
  assert.ok(open.json.items.every((e) => ['reported', 'assigned', 'in_progress', 'escalated'].includes(e.state)));
});

test('a resident not bound to a registered person sees only the report button', async () => {
  const { resident } = await setup();
  const cards = await cardsOf(resident.token);
  assert.deepEqual(Object.keys(cards), ['events.report']);
});

test('a grid worker sees the people of the grid, the report button, its open events and its visits due', async () => {
  const { gridWorker, grid } = await setup();
  const cards = await cardsOf(gridWorker.token);
  assert.deepEqual(Object.keys(cards).sort(), ['care.visits_due', 'events.open', 'events.report', 'people.changes', 'people.place']);
  assert.equal(cards['care.visits_due'].figure, 0, 'no visit planned in a new grid');
  assert.equal(cards['people.place'].link.query.grid, grid);
  // The first test's newcomer moved into this grid today.
  assert.equal(cards['people.changes'].link.query.grid, grid);
  assert.ok(cards['people.changes'].items.some((i) => i.label === `新迁入${RUN} 迁入`), JSON.stringify(cards['people.changes']));
  assert.equal(cards['people.place'].error, null);
  assert.equal(typeof cards['people.place'].figure, 'number');
});

test('a town official sees warnings, open events by community by name, and requests by community', async () => {
  const { townOfficial, worker, community, communityName } = await setup();
  // An event in the community (the worker's; ordered after the first test's in any case).
  const event = await call('POST', '/api/v1/events', {
    token: worker.token, body: { category: 'environment.garbage', description: `镇看板${RUN}`, place_code: community },
  });
  assert.equal(event.status, 201, event.text);
  const cards = await cardsOf(townOfficial.token);
  for (const id of ['escalations.warnings', 'events.by_place', 'service_requests.by_place', 'people.jurisdiction', 'indicators.status', 'indicators.awaiting', 'social_work.unreached', 'volunteers.to_verify', 'volunteers.short_activities']) {
    assert.ok(cards[id], `card ${id} missing: ${Object.keys(cards)}`);
    assert.equal(cards[id].error, null, cards[id].error);
  }
  const row = cards['events.by_place'].items.find((i) => i.label === communityName);
  assert.ok(row, JSON.stringify(cards['events.by_place']));
  assert.ok(row.figure >= 1);
  assert.deepEqual(row.link.query, { state: 'open', place: community });
  assert.equal(cards['escalations.warnings'].figure, 0);
  // No community worker's cards for a town official.
  assert.equal(cards['service_requests.queue'], undefined);
});

test('volunteers: a coming activity short of volunteers counts on the worker\'s card', async () => {
  const { worker, community } = await setup();
  const before = await cardsOf(worker.token);
  // Both open 志愿活动 (decision 0052).
  assert.equal(before['volunteers.short_activities'].link.page, 'volunteer_activities');
  assert.equal(before['volunteers.to_verify'].link.page, 'volunteer_activities');
  const now = Date.now();
  const made = await call('POST', '/api/v1/volunteer-activities', {
    token: worker.token, body: { title: `工作台活动${RUN}`, community_code: community, starts_at: now + 86_400_000, ends_at: now + 86_400_000 + 7_200_000, slots: [{ skill: 'general', wanted: 3 }] },
  });
  assert.equal(made.status, 201, made.text);
  const after = await cardsOf(worker.token);
  assert.equal(after['volunteers.short_activities'].figure, before['volunteers.short_activities'].figure + 1);
  assert.equal(after['volunteers.to_verify'].figure, before['volunteers.to_verify'].figure);
});

test('a department officer sees the board; the anonymous see no cards', async () => {
  const { officer } = await setup();
  const cards = await cardsOf(officer.token);
  assert.deepEqual(Object.keys(cards), ['escalations.board', 'indicators.status']);
  assert.equal(cards['escalations.board'].link.page, 'event_board');
  // Its department's plan indicators behind or at risk (issue 18).
  assert.equal(cards['indicators.status'].error, null, cards['indicators.status'].error);
  assert.equal(cards['indicators.status'].link.page, 'indicators');
  assert.equal(cards['escalations.board'].error, null);
  assert.equal((await call('GET', '/api/v1/workbench')).status, 401);
});

test('the city administrator sees the system health and the city', async () => {
  const cards = await cardsOf(await admin());
  assert.ok(cards['jobs.health'], Object.keys(cards).join());
  assert.equal(cards['jobs.health'].error, null);
  assert.equal(cards['jobs.health'].link.page, 'jobs');
  assert.ok(cards['people.jurisdiction']);
  assert.ok(cards['escalations.warnings']);
});
