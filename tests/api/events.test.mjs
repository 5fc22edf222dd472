// Events and the whistle (街社吹哨、部门报到): reporting with routing and idempotency, scope,
// refused transitions, photos, escalation to a department that checks in and gives feedback,
// verification, ratings, the board, the ranking and notifications. Against docs/api.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, login, PASSWORD, RUN } from './lib.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会 (广陵区 东关街道)
const OTHER_COMMUNITY = '321003001001'; // 邗江区
// A department of the city's list (data/events/routing-rules.json) no other test whistles to.
const DEPARTMENT = '市文广旅局';
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

async function account(role, scope, department = '') {
  const username = `ev${role.replace(/_/g, '').slice(0, 8)}${RUN}${Math.floor(Math.random() * 1e6)}`.slice(0, 32);
  const grant = { role, scope_code: scope };
  if (department) grant.department = department;
  const res = await call('POST', '/api/v1/accounts', {
    token: await admin(),
    body: { username, display_name: `事件测试${role}`, password: PASSWORD, grants: [grant] },
  });
  assert.equal(res.status, 201, res.text);
  const session = await login(username, PASSWORD);
  return { username, token: session.token, id: session.account.id };
}

let world;
async function setup() {
  if (world) return world;
  world = {
    resident: await account('resident', COMMUNITY),
    worker: await account('community_worker', COMMUNITY),
    officer: await account('department_officer', '3210', DEPARTMENT),
    county: await account('county_official', '321002'),
    outsider: await account('community_worker', OTHER_COMMUNITY),
    otherCounty: await account('county_official', '321003'),
  };
  return world;
}

async function report(token, body, headers = {}) {
  return call('POST', '/api/v1/events', {
    token, headers,
    body: { category: 'environment.garbage', description: `垃圾堆放${RUN}`, place_code: COMMUNITY, ...body },
  });
}

test('the taxonomy is data and lists leaf and parent categories', async () => {
  const { resident } = await setup();
  const res = await call('GET', '/api/v1/event-categories', { token: resident.token });
  assert.equal(res.status, 200, res.text);
  const garbage = res.json.items.find((c) => c.code === 'environment.garbage');
  assert.equal(garbage.name, '垃圾堆放');
  assert.equal(garbage.parent_code, 'environment');
  // Only city administrators edit it.
  const denied = await call('POST', '/api/v1/event-categories', { token: resident.token, body: { code: 'other.x', name: 'x' } });
  assertError(denied, 403, 'permission_denied');
  const added = await call('POST', '/api/v1/event-categories', { token: await admin(), body: { code: `other.t_${RUN}`, name: '测试分类', keywords: ['测试'] } });
  assert.equal(added.status, 201, added.text);
});

test('a resident reports: routed by the rules, idempotent, validated, scoped', async () => {
  const { resident, worker, outsider } = await setup();
  const key = `idem-${RUN}`;
  const first = await report(resident.token, {}, { 'idempotency-key': key });
  assert.equal(first.status, 201, first.text);
  assert.equal(first.json.state, 'assigned');
  assert.equal(first.json.handler.level, 'community');
  assert.equal(first.json.handler.code, COMMUNITY);
  assert.equal(first.json.routing_rule, 'default');
  assert.deepEqual(first.json.transitions.map((t) => [t.action, t.from, t.to]), [['report', null, 'reported'], ['assign', 'reported', 'assigned']]);
  const again = await report(resident.token, {}, { 'idempotency-key': key });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.json.id, first.json.id);

  assertError(await report(resident.token, { category: 'no.such' }), 422, 'validation_failed', 'category');
  assertError(await report(resident.token, { lat: 48.85, lon: 2.35 }), 422, 'validation_failed', 'lat');
  assertError(await report(resident.token, { place_code: OTHER_COMMUNITY }), 404, 'not_found');
  assertError(await report(resident.token, { description: '' }), 422, 'validation_failed', 'description');

  // The community worker sees it (and got an assignment notification); outside: 404.
  const seen = await call('GET', `/api/v1/events/${first.json.id}`, { token: worker.token });
  assert.equal(seen.status, 200, seen.text);
  assert.ok(seen.json.allowed_actions.includes('start'));
  assertError(await call('GET', `/api/v1/events/${first.json.id}`, { token: outsider.token }), 404, 'not_found');
  const list = await call('GET', '/api/v1/events?state=assigned&limit=5', { token: worker.token });
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.every((e) => e.state === 'assigned'));
  const mine = await call('GET', '/api/v1/events?mine=1', { token: resident.token });
  assert.ok(mine.json.items.some((e) => e.id === first.json.id));
  const bell = await call('GET', '/api/v1/notifications?unread=1', { token: worker.token });
  assert.equal(bell.status, 200, bell.text);
  assert.ok(bell.json.unread_count >= 1);
  assert.ok(bell.json.items.some((n) => n.kind === 'assignment' && n.link === `/events/${first.json.id}`));
});

test('an urgent burst pipe goes straight to the department with skip-level copies', async () => {
  const { worker } = await setup();
  const res = await report(worker.token, { category: 'facility.water', urgency: 'urgent', description: '爆管' });
  assert.equal(res.status, 201, res.text);
  assert.equal(res.json.state, 'escalated');
  assert.equal(res.json.skip_level, true);
  assert.equal(res.json.handler.department, '市水务局');
  assert.deepEqual(res.json.copies.map((c) => c.level).sort(), ['community', 'town']);
  assert.equal(res.json.escalations.length, 1);
  assert.equal(res.json.escalations[0].state, 'awaiting_check_in');
  assert.equal(res.json.escalations[0].limit.unit, 'calendar_hours');
});

test('event transitions: permission, refused transitions with a Chinese 409, audit rows', async () => {
  const { resident, worker } = await setup();
  const event = (await report(resident.token, {})).json;
  assertError(await call('POST', `/api/v1/events/${event.id}/transitions`, { token: resident.token, body: { action: 'start' } }), 403, 'permission_denied');
  const refused = await call('POST', `/api/v1/events/${event.id}/transitions`, { token: worker.token, body: { action: 'close' } });
  assertError(refused, 409, 'failed_precondition');
  assert.match(refused.json.error.message, /[\u4e00-\u9fff]/);
  assertError(await call('POST', `/api/v1/events/${event.id}/transitions`, { token: worker.token, body: { action: 'cancel' } }), 422, 'validation_failed', 'reason');
  const started = await call('POST', `/api/v1/events/${event.id}/transitions`, { token: worker.token, body: { action: 'start' } });
  assert.equal(started.status, 200, started.text);
  assert.equal(started.json.state, 'in_progress');
  const last = started.json.transitions.at(-1);
  assert.equal(last.action, 'start');
  assert.equal(last.from, 'assigned');
  assert.equal(last.to, 'in_progress');
  assert.equal(last.actor_name, '事件测试community_worker');
});

test('photos: magic number, size limit, stored and served to who may see the event', async () => {
  const { resident, outsider } = await setup();
  const event = (await report(resident.token, {})).json;
  const up = (raw) => call('POST', `/api/v1/events/${event.id}/photos`, { token: resident.token, raw, headers: { 'content-type': 'image/png' } });
  const ok = await up(PNG);
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.json.content_type, 'image/png');
  assertError(await up(Buffer.from('not an image at all')), 422, 'validation_failed', 'file');
  const big = await up(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(5.5 * 1024 * 1024)]));
  assert.equal(big.status, 413, big.text);
  const got = await fetch(`${process.env.LINLI_BASE_URL ?? 'http://127.0.0.1:8080'}${ok.json.url}`, { headers: { authorization: `Bearer ${resident.token}` } });
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('content-type'), 'image/png');
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
  assertError(await call('GET', ok.json.url, { token: outsider.token }), 404, 'not_found');
});

test('the whistle: department checks in, gives feedback; community verifies, closes, both rate; board and ranking', async () => {
  const { resident, worker, officer, county, otherCounty } = await setup();
  const event = (await report(resident.token, { category: 'order.noise', description: `夜间施工${RUN}` })).json;
  assertError(await call('POST', `/api/v1/events/${event.id}/escalations`, { token: resident.token, body: { departments: [DEPARTMENT], reason: 'x' } }), 403, 'permission_denied');
  assertError(await call('POST', `/api/v1/events/${event.id}/escalations`, { token: worker.token, body: { departments: [DEPARTMENT] } }), 422, 'validation_failed', 'reason');
  const blown = await call('POST', `/api/v1/events/${event.id}/escalations`, { token: worker.token, body: { departments: [DEPARTMENT], reason: '需要执法' } });
  assert.equal(blown.status, 201, blown.text);
  const escalation = blown.json.items[0];
  assert.equal(escalation.state, 'awaiting_check_in');
  assert.equal(escalation.stage, 'check_in');
  assert.ok(escalation.stage_deadline_at > Date.now() - 60_000);
  assertError(await call('POST', `/api/v1/events/${event.id}/escalations`, { token: worker.token, body: { departments: [DEPARTMENT], reason: '再吹' } }), 409, 'already_exists');

  // The officer is notified and sees it on the board.
  const bell = await call('GET', '/api/v1/notifications', { token: officer.token });
  assert.ok(bell.json.items.some((n) => n.kind === 'escalation'), bell.text);
  const board = await call('GET', '/api/v1/escalations/board', { token: officer.token });
  assert.equal(board.status, 200, board.text);
  const row = board.json.items.find((e) => e.id === escalation.id);
  assert.ok(row, board.text);
  assert.ok(['none', 'yellow', 'red'].includes(row.warning));
  assert.ok(row.allowed_actions.includes('check_in'));
  // The board names the event's category and description (joined from the event).
  assert.equal(row.event_category, '噪声扰民', board.text);
  assert.equal(row.event_description, `夜间施工${RUN}`, board.text);
  assertError(await call('GET', '/api/v1/escalations/board', { token: worker.token }), 403, 'permission_denied');
  // A supervisor (county official, events.supervise) views the named department's board, limited
  // to escalations inside the county; without a department name: 422.
  const supervisorBoard = await call('GET', `/api/v1/escalations/board?department=${encodeURIComponent(DEPARTMENT)}`, { token: county.token });
  assert.equal(supervisorBoard.status, 200, supervisorBoard.text);
  const seenBySupervisor = supervisorBoard.json.items.find((e) => e.id === escalation.id);
  assert.ok(seenBySupervisor, supervisorBoard.text);
  assert.equal(seenBySupervisor.event_category, '噪声扰民');
  assert.ok(!seenBySupervisor.allowed_actions.includes('check_in'), supervisorBoard.text);
  assertError(await call('GET', '/api/v1/escalations/board', { token: county.token }), 422, 'validation_failed', 'department');
  const elsewhere = await call('GET', `/api/v1/escalations/board?department=${encodeURIComponent(DEPARTMENT)}`, { token: otherCounty.token });
  assert.equal(elsewhere.status, 200, elsewhere.text);
  assert.ok(!elsewhere.json.items.some((e) => e.id === escalation.id), elsewhere.text);

  const act = (token, body) => call('POST', `/api/v1/escalations/${escalation.id}/transitions`, { token, body });
  assertError(await act(officer.token, { action: 'give_feedback', feedback: '已处理' }), 409, 'failed_precondition');
  assertError(await act(worker.token, { action: 'check_in' }), 403, 'permission_denied');
  const checked = await act(officer.token, { action: 'check_in' });
  assert.equal(checked.status, 200, checked.text);
  assert.equal(checked.json.state, 'handling');
  assert.equal(checked.json.checked_in_on_time, true);
  assertError(await act(officer.token, { action: 'check_in' }), 409, 'failed_precondition');
  // Extension: requested by the department, approved by the county official.
  assert.equal((await act(officer.token, { action: 'request_extension', amount: 1, reason: '需要协调' })).status, 200);
  assertError(await act(officer.token, { action: 'approve_extension' }), 403, 'permission_denied');
  const approved = await act(county.token, { action: 'approve_extension', reason: '同意' });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.extension_amount, 1);
  const supervised = await act(county.token, { action: 'supervise', reason: '抓紧' });
  assert.equal(supervised.json.supervision_level, 'reminder');
  const fed = await act(officer.token, { action: 'give_feedback', feedback: '已责令停工' });
  assert.equal(fed.status, 200, fed.text);
  assert.equal(fed.json.state, 'awaiting_verification');
  assert.equal(fed.json.completed_on_time, true);
  const verified = await act(worker.token, { action: 'verify_pass' });
  assert.equal(verified.status, 200, verified.text);
  assert.equal(verified.json.state, 'closed');
  const after = await call('GET', `/api/v1/events/${event.id}`, { token: worker.token });
  assert.equal(after.json.state, 'verified');
  const closed = await call('POST', `/api/v1/events/${event.id}/transitions`, { token: worker.token, body: { action: 'close' } });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.state, 'closed');

  assertError(await act(resident.token, { action: 'rate', rating: 9 }), 422, 'validation_failed', 'rating');
  assert.equal((await act(resident.token, { action: 'rate', rating: 5 })).status, 200);
  assertError(await act(resident.token, { action: 'rate', rating: 4 }), 409, 'failed_precondition');
  const rated = await act(worker.token, { action: 'rate', rating: 4 });
  assert.equal(rated.json.reporter_rating, 5);
  assert.equal(rated.json.community_rating, 4);

  // Every step is an audit row with its actor.
  const detail = await call('GET', `/api/v1/events/${event.id}`, { token: worker.token });
  const steps = detail.json.transitions.filter((t) => t.escalation_id === escalation.id).map((t) => t.action);
  for (const action of ['escalate', 'check_in', 'request_extension', 'approve_extension', 'supervise', 'give_feedback', 'verify_pass', 'rate']) {
    assert.ok(steps.includes(action), `${action} in ${steps}`);
  }
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const ranking = await call('GET', `/api/v1/escalations/ranking?from=${today}&to=${today}`, { token: county.token });
  assert.equal(ranking.status, 200, ranking.text);
  const mine = ranking.json.items.find((r) => r.department === DEPARTMENT);
  assert.ok(mine, ranking.text);
  assert.equal(mine.on_time_check_in_rate, 1);
  assert.equal(mine.on_time_completion_rate, 1);
  assert.equal(mine.mean_rating, 4.5);
  assertError(await call('GET', '/api/v1/escalations/ranking?from=2026-13-01&to=2026-01-01', { token: county.token }), 400, 'invalid_argument');
});

test('departments: the named city departments (code and name) for the whistle', async () => {
  const { worker, officer, county, resident } = await setup();
  for (const who of [worker, officer, county]) {
    const res = await call('GET', '/api/v1/departments', { token: who.token });
    assert.equal(res.status, 200, res.text);
    assert.ok(res.json.items.length >= 10, res.text);
    assert.ok(res.json.items.every((d) => /^[a-z0-9_]+$/.test(d.code) && /[\u4e00-\u9fff]/.test(d.name)), res.text);
    assert.deepEqual(res.json.items.find((d) => d.code === 'urban_management'), { code: 'urban_management', name: '市城管局' });
    // Every department the routing rules send events to is on the list.
    for (const name of ['市水务局', '市住建局', '市消防救援支队', '市应急管理局']) {
      assert.ok(res.json.items.some((d) => d.name === name), `${name} in ${res.text}`);
    }
    assert.equal(new Set(res.json.items.map((d) => d.code)).size, res.json.items.length);
  }
  assertError(await call('GET', '/api/v1/departments', { token: resident.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/departments'), 401, 'unauthenticated');
});

test("the officer's view of an escalation: linked from the bell, the event, its photos and timeline", async () => {
  const { resident, worker, officer, outsider } = await setup();
  const event = (await report(resident.token, { category: 'order.noise', description: `噪声${RUN}`, address: '琼花路8号' })).json;
  const photo = await call('POST', `/api/v1/events/${event.id}/photos`, { token: resident.token, raw: PNG, headers: { 'content-type': 'image/png' } });
  assert.equal(photo.status, 201, photo.text);
  const blown = await call('POST', `/api/v1/events/${event.id}/escalations`, { token: worker.token, body: { departments: [DEPARTMENT], reason: '需要到场' } });
  assert.equal(blown.status, 201, blown.text);
  const id = blown.json.items[0].id;
  // The bell links the officer to the escalation (the event itself stays closed to them).
  const bell = await call('GET', '/api/v1/notifications?unread=1', { token: officer.token });
  assert.ok(bell.json.items.some((n) => n.kind === 'escalation' && n.link === `/escalations/${id}`), bell.text);
  assertError(await call('GET', `/api/v1/events/${event.id}`, { token: officer.token }), 403, 'permission_denied');
  const page = await call('GET', `/api/v1/escalations/${id}`, { token: officer.token });
  assert.equal(page.status, 200, page.text);
  assert.equal(page.json.department, DEPARTMENT);
  assert.ok(page.json.allowed_actions.includes('check_in'), page.text);
  assert.equal(page.json.event.id, event.id);
  assert.equal(page.json.event.category_name, '噪声扰民');
  assert.equal(page.json.event.description, `噪声${RUN}`);
  assert.equal(page.json.event.address, '琼花路8号');
  assert.equal(page.json.event.place_code, COMMUNITY);
  assert.equal(page.json.event.photos.length, 1);
  assert.deepEqual(page.json.transitions.map((t) => t.action), ['report', 'assign', 'escalate', 'escalate']);
  assert.ok(page.json.transitions.every((t) => t.escalation_id === null || t.escalation_id === id), page.text);
  // The officer may open the photo of an event escalated to their department.
  const got = await fetch(`${process.env.LINLI_BASE_URL ?? 'http://127.0.0.1:8080'}${page.json.event.photos[0].url}`, { headers: { authorization: `Bearer ${officer.token}` } });
  assert.equal(got.status, 200);
  assert.deepEqual(Buffer.from(await got.arrayBuffer()), PNG);
  // Checking in from the page; outside the jurisdiction the escalation does not exist.
  const checked = await call('POST', `/api/v1/escalations/${id}/transitions`, { token: officer.token, body: { action: 'check_in' } });
  assert.equal(checked.status, 200, checked.text);
  const after = await call('GET', `/api/v1/escalations/${id}`, { token: officer.token });
  assert.equal(after.json.state, 'handling');
  assert.equal(after.json.transitions.at(-1).action, 'check_in');
  assertError(await call('GET', `/api/v1/escalations/${id}`, { token: outsider.token }), 404, 'not_found');
  assertError(await call('GET', page.json.event.photos[0].url, { token: outsider.token }), 404, 'not_found');
});

test('notifications: unread count and mark read', async () => {
  const { officer } = await setup();
  const before = await call('GET', '/api/v1/notifications?unread=1', { token: officer.token });
  assert.ok(before.json.unread_count >= 1, before.text);
  const first = before.json.items[0];
  assert.equal((await call('POST', `/api/v1/notifications/${first.id}/read`, { token: officer.token })).status, 204);
  const after = await call('GET', '/api/v1/notifications?unread=1', { token: officer.token });
  assert.equal(after.json.unread_count, before.json.unread_count - 1);
  assertError(await call('POST', '/api/v1/notifications/999999999/read', { token: officer.token }), 404, 'not_found');
  const all = await call('POST', '/api/v1/notifications/read-all', { token: officer.token });
  assert.equal(all.status, 200, all.text);
  const none = await call('GET', '/api/v1/notifications?unread=1', { token: officer.token });
  assert.equal(none.json.unread_count, 0);
});
