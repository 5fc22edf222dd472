// Service requests: the public catalogue and service guide, catalogue versions and the holiday
// calendar edited by administrators, filing with an idempotency key, the lifecycle with its
// refusals (409), validation (422 naming the field), scope (404), materials (type checked
// against the bytes, 413 beyond 10 MiB), appointment slots with capacity, the desk and figures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, assertError, accountWith, RUN } from './lib.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会
const OTHER_COMMUNITY = '321003001001'; // 邗江区

let sequence = Math.floor(Math.random() * 900);
function idNumber(birth = '19480512') {
  sequence = (sequence + 1) % 1000;
  const first17 = `321002${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

let setup;
async function world() {
  if (setup) return setup;
  const token = await admin();
  const grid = await call('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `办事网格${RUN}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01' },
  });
  assert.equal(grid.status, 201, grid.text);
  const resident = await call('POST', '/api/v1/residents', {
    token, body: { name: '李桂兰', id_number: idNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid.json.code },
  });
  assert.equal(resident.status, 201, resident.text);
  const worker = await accountWith('community_worker', COMMUNITY);
  const outsider = await accountWith('community_worker', OTHER_COMMUNITY);
  setup = { token, grid: grid.json.code, applicant: resident.json.id, worker: worker.token, outsider: outsider.token };
  return setup;
}

async function file(token, body, headers = {}) {
  return call('POST', '/api/v1/service-requests', { token, body, headers });
}

function entrusted(applicant, extra = {}) {
  return { item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'entrusted', applicant_id: applicant, ...extra };
}

async function act(token, id, action, extra = {}) {
  return call('POST', `/api/v1/service-requests/${id}/transitions`, { token, body: { action, ...extra } });
}

test('the catalogue and the service guide are public, filtered and paged', async () => {
  const list = await call('GET', '/api/v1/service-items?category=elderly_care&limit=200');
  assert.equal(list.status, 200, list.text);
  assert.ok(list.json.items.length >= 5);
  for (const item of list.json.items) {
    assert.equal(item.category, 'elderly_care');
    assert.equal(item.current, true);
    assert.equal(item.retired, false);
    assert.ok(Array.isArray(item.required_materials));
  }
  const online = await call('GET', '/api/v1/service-items?channel=kiosk&mode=self_service&fully_online=true&limit=200');
  assert.equal(online.status, 200);
  assert.ok(online.json.items.length > 0);
  for (const item of online.json.items) {
    assert.ok(item.channels.includes('kiosk') && item.handling_modes.includes('self_service') && item.fully_online);
  }
  const search = await call('GET', `/api/v1/service-items?q=${encodeURIComponent('高龄')}`);
  assert.ok(search.json.items.some((i) => i.code === 'YZ-YL-001'));
  // Pages of 25 walk the whole catalogue once.
  const codes = [];
  let cursor = '';
  for (let guard = 0; guard < 20; guard++) {
    const page = await call('GET', `/api/v1/service-items?limit=25${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    codes.push(...page.json.items.map((i) => i.code));
    if (!page.json.next_cursor) break;
    cursor = page.json.next_cursor;
  }
  assert.ok(codes.length >= 40);
  assert.equal(new Set(codes).size, codes.length);
  const guide = await call('GET', '/api/v1/service-items/YZ-YL-004');
  assert.equal(guide.status, 200, guide.text);
  assert.equal(guide.json.code, 'YZ-YL-004');
  assert.ok(guide.json.versions.length >= 1);
  assertError(await call('GET', '/api/v1/service-items/YZ-NONE-999'), 404, 'not_found');
  assertError(await call('GET', '/api/v1/service-items?category=astrology', { unchecked: true }), 422, 'validation_failed', 'category');
  const calendar = await call('GET', '/api/v1/holiday-calendar');
  assert.equal(calendar.status, 200);
  assert.ok(calendar.json.calendar.years.some((y) => y.year === 2026));
});

test('administrators version, retire and restore items; others may not', async () => {
  const token = await admin();
  const code = `YZ-T${RUN.toUpperCase().replace(/[^A-Z0-9]/g, '')}`.slice(0, 32);
  const item = {
    code, name: '测试事项', category: 'certificates', responsible_departments: ['社区居委会'],
    eligible_groups: ['本社区居民'], required_materials: ['居民身份证'], legal_basis: '测试依据',
    fee_fen: 0, promised_working_days: 2, handling_modes: ['appointment', 'entrusted'],
    channels: ['web', 'window'], fully_online: false,
  };
  const { worker } = await world();
  assertError(await call('POST', '/api/v1/service-items', { token: worker, body: item }), 403, 'permission_denied');
  assertError(await call('POST', '/api/v1/service-items', { body: item }), 401, 'unauthenticated');
  const created = await call('POST', '/api/v1/service-items', { token, body: item });
  assert.equal(created.status, 201, created.text);
  assert.equal(created.json.version, 1);
  assertError(await call('POST', '/api/v1/service-items', { token, body: item }), 409, 'already_exists', 'code');
  assertError(await call('POST', '/api/v1/service-items', { token, body: { ...item, code: 'YZ-T2', channels: [] } }), 422, 'validation_failed', 'channels');
  const revised = await call('PUT', `/api/v1/service-items/${code}`, { token, body: { ...item, name: '测试事项（修订）', promised_working_days: 5 } });
  assert.equal(revised.status, 200, revised.text);
  assert.equal(revised.json.version, 2);
  const guide = await call('GET', `/api/v1/service-items/${code}`);
  assert.deepEqual(guide.json.versions.map((v) => [v.version, v.current]), [[1, false], [2, true]]);
  const first = await call('GET', `/api/v1/service-items/${code}?version=1`);
  assert.equal(first.json.name, '测试事项');
  const retired = await call('POST', `/api/v1/service-items/${code}/retire`, { token });
  assert.equal(retired.status, 200, retired.text);
  assert.equal(retired.json.retired, true);
  assertError(await call('POST', `/api/v1/service-items/${code}/retire`, { token }), 409, 'failed_precondition');
  const hidden = await call('GET', `/api/v1/service-items?q=${code}`);
  assert.equal(hidden.json.items.length, 0);
  const shown = await call('GET', `/api/v1/service-items?q=${code}&include_retired=true`);
  assert.equal(shown.json.items.length, 1);
  const { applicant } = await world();
  assertError(await file(worker, { item_code: code, channel: 'window', handling_mode: 'entrusted', applicant_id: applicant }), 422, 'validation_failed', 'item_code');
  const restored = await call('POST', `/api/v1/service-items/${code}/restore`, { token });
  assert.equal(restored.json.retired, false);
});

test('the holiday calendar is data an administrator replaces', async () => {
  const token = await admin();
  const { worker } = await world();
  const current = await call('GET', '/api/v1/holiday-calendar');
  const document = JSON.stringify(current.json.calendar);
  assertError(await call('PUT', '/api/v1/holiday-calendar', { token: worker, raw: document, headers: { 'content-type': 'application/json' } }), 403, 'permission_denied');
  const broken = await call('PUT', '/api/v1/holiday-calendar', { token, raw: JSON.stringify({ years: [{ year: 2026, holidays: [{ name: 'x', off_from: '2026-02-30', off_to: '2026-03-01', make_up_working_days: [] }] }] }), headers: { 'content-type': 'application/json' } });
  assert.ok([400, 422].includes(broken.status), broken.text);
  const replaced = await call('PUT', '/api/v1/holiday-calendar', { token, raw: document, headers: { 'content-type': 'application/json' } });
  assert.equal(replaced.status, 200, replaced.text);
  assert.equal(replaced.json.version, current.json.version + 1);
  assert.equal(replaced.json.created_by, 'admin');
});

test('filing: idempotency key, validation by field, deadline and place', async () => {
  const { worker, applicant, grid } = await world();
  const key = `sr-${RUN}-${Math.random()}`;
  const first = await file(worker, entrusted(applicant, { note: '代老人申请' }), { 'idempotency-key': key });
  assert.equal(first.status, 201, first.text);
  const r = first.json;
  assert.equal(r.state, 'submitted');
  assert.equal(r.state_label, '提交待受理');
  assert.equal(r.item_version >= 1, true);
  assert.equal(r.applicant_id, applicant);
  assert.equal(r.community_code, COMMUNITY);
  assert.equal(r.place_code, grid);
  assert.equal(r.channel, 'window');
  assert.ok(r.deadline_at > r.received_at);
  assert.equal(r.overdue, false);
  assert.deepEqual(r.transitions.map((t) => t.action), ['submit']);
  assert.ok(r.allowed_actions.includes('accept') && r.allowed_actions.includes('withdraw'));
  const again = await file(worker, entrusted(applicant, { note: '代老人申请' }), { 'idempotency-key': key });
  assert.equal(again.status, 201, again.text);
  assert.equal(again.json.id, r.id);
  assert.equal(again.headers.get('idempotent-replayed'), 'true');
  const mine = await call('GET', `/api/v1/service-requests?applicant=${applicant}&limit=200`, { token: worker });
  assert.equal(mine.json.items.filter((x) => x.id === r.id).length, 1);

  assertError(await file(worker, entrusted(applicant, { channel: 'fax' })), 422, 'validation_failed', 'channel');
  // 网上办理 is the residents' own (decision 0026): a worker files at the window.
  assertError(await file(worker, entrusted(applicant, { channel: 'web' })), 422, 'validation_failed', 'channel');
  assertError(await file(worker, entrusted(applicant, { handling_mode: 'home_visit' })), 422, 'validation_failed', 'handling_mode');
  assertError(await file(worker, { item_code: 'YZ-HJ-004', channel: 'kiosk', handling_mode: 'appointment', applicant_id: applicant }), 422, 'validation_failed', 'channel');
  assertError(await file(worker, entrusted(999999999)), 422, 'validation_failed', 'applicant_id');
  assertError(await file(worker, entrusted(applicant, { item_code: 'YZ-NONE-1' })), 422, 'validation_failed', 'item_code');
  assertError(await file(worker, { item_code: 'YZ-HJ-004', channel: 'window', handling_mode: 'appointment', applicant_id: applicant }), 422, 'validation_failed', 'slot_id');
  assertError(await file(worker, entrusted(applicant), { 'idempotency-key': 'x'.repeat(101) }), 422, 'validation_failed', 'idempotency_key');
});

test('lifecycle: every transition recorded; refused ones are 409 in Chinese', async () => {
  const { worker, applicant } = await world();
  const filed = await file(worker, entrusted(applicant));
  assert.equal(filed.status, 201, filed.text);
  const id = filed.json.id;
  assert.equal((await act(worker, id, 'accept')).status, 200);
  const refused = await act(worker, id, 'accept');
  assertError(refused, 409, 'failed_precondition');
  assert.match(refused.json.error.message, /已受理/);
  assertError(await act(worker, id, 'return_for_material'), 422, 'validation_failed', 'reason');
  assertError(await act(worker, id, 'fly'), 422, 'validation_failed', 'action');
  assert.equal((await act(worker, id, 'return_for_material', { reason: '请补充户口簿' })).status, 200);
  assert.equal((await act(worker, id, 'resubmit')).status, 200);
  assert.equal((await act(worker, id, 'accept')).status, 200);
  assert.equal((await act(worker, id, 'start')).status, 200);
  assertError(await act(worker, id, 'rate', { rating: 5 }), 409, 'failed_precondition');
  const done = await act(worker, id, 'complete', { outcome: '已发放' });
  assert.equal(done.status, 200, done.text);
  assert.equal(done.json.state, 'completed');
  assert.equal(done.json.on_time, true);
  assert.equal(done.json.outcome, '已发放');
  assertError(await act(worker, id, 'rate', { rating: 9 }), 422, 'validation_failed', 'rating');
  const rated = await act(worker, id, 'rate', { rating: 4, comment: '服务很好' });
  assert.equal(rated.status, 200, rated.text);
  assert.equal(rated.json.rating, 4);
  assert.equal(rated.json.rating_comment, '服务很好');
  assert.ok(!rated.json.allowed_actions.includes('rate'));
  assertError(await act(worker, id, 'rate', { rating: 5 }), 409, 'failed_precondition');
  const closed = await act(worker, id, 'close');
  assert.equal(closed.status, 200);
  assertError(await act(worker, id, 'withdraw'), 409, 'failed_precondition');
  const detail = await call('GET', `/api/v1/service-requests/${id}`, { token: worker });
  assert.deepEqual(detail.json.transitions.map((t) => t.action),
    ['submit', 'accept', 'return_for_material', 'resubmit', 'accept', 'start', 'complete', 'rate', 'close']);
  for (const t of detail.json.transitions) {
    assert.ok(t.at > 0);
    assert.ok(t.actor_name.length > 0);
  }
  assert.equal(detail.json.transitions[2].reason, '请补充户口簿');
  assert.equal(detail.json.transitions[2].from_state, 'accepted');
  assert.equal(detail.json.transitions[2].to_state, 'returned');
});

test('outside the scope a request does not exist', async () => {
  const { worker, outsider, applicant } = await world();
  const filed = await file(worker, entrusted(applicant));
  const id = filed.json.id;
  assertError(await call('GET', `/api/v1/service-requests/${id}`, { token: outsider }), 404, 'not_found');
  assertError(await act(outsider, id, 'accept'), 404, 'not_found');
  const list = await call('GET', '/api/v1/service-requests?limit=200', { token: outsider });
  assert.equal(list.status, 200);
  assert.ok(!list.json.items.some((x) => x.id === id));
  assertError(await file(outsider, entrusted(applicant)), 422, 'validation_failed', 'applicant_id');
  assertError(await call('GET', `/api/v1/service-desk/queue?community=${COMMUNITY}`, { token: outsider }), 404, 'not_found');
  const resident = await accountWith('resident', COMMUNITY);
  assertError(await call('GET', `/api/v1/service-requests/${id}`, { token: resident.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/service-requests/abc', { token: worker }), 404, 'not_found');
});

test('materials: checked against their bytes, size-limited, downloadable', async () => {
  const { worker, applicant } = await world();
  const filed = await file(worker, entrusted(applicant));
  const id = filed.json.id;
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  const upload = (body, type, name = '居民身份证') => call('POST', `/api/v1/service-requests/${id}/materials?name=${encodeURIComponent(name)}`, { token: worker, raw: body, headers: { 'content-type': type } });
  const stored = await upload(pdf, 'application/pdf');
  assert.equal(stored.status, 201, stored.text);
  assert.equal(stored.json.size_bytes, pdf.length);
  assert.equal(stored.json.name, '居民身份证');
  assert.equal(stored.json.storage_name, undefined);
  assertError(await upload(pdf, 'image/png'), 422, 'validation_failed', 'file');
  assertError(await upload(Buffer.from('<html><script>alert(1)</script>'), 'text/html'), 422, 'validation_failed', 'content_type');
  assertError(await upload(Buffer.from('GIF89a....'), 'image/jpeg'), 422, 'validation_failed', 'file');
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
  assert.equal((await upload(png, 'image/png', '照片')).status, 201);
  // Above the server's default body limit (1 MiB) but within the route's 10 MiB.
  const scan = await upload(Buffer.concat([pdf, Buffer.alloc(2 * 1024 * 1024)]), 'application/pdf', '扫描件');
  assert.equal(scan.status, 201, scan.text);
  assertError(await upload(Buffer.concat([pdf, Buffer.alloc(10 * 1024 * 1024)]), 'application/pdf'), 413, 'payload_too_large');
  const detail = await call('GET', `/api/v1/service-requests/${id}`, { token: worker });
  assert.deepEqual(detail.json.materials.map((m) => m.name), ['居民身份证', '照片', '扫描件']);
  const download = await fetch(`${process.env.LINLI_BASE_URL ?? 'http://127.0.0.1:8080'}/api/v1/service-requests/${id}/materials/${stored.json.id}`, { headers: { authorization: `Bearer ${worker}` } });
  assert.equal(download.status, 200);
  assert.equal(download.headers.get('content-type'), 'application/pdf');
  assert.equal(download.headers.get('x-content-type-options'), 'nosniff');
  assert.deepEqual(Buffer.from(await download.arrayBuffer()), pdf);
});

test('appointment slots have a capacity; the desk shows the day; figures add up', async () => {
  const { worker, applicant, outsider } = await world();
  const startsAt = Date.now() + 2 * 86_400_000;
  const slot = await call('POST', '/api/v1/appointment-slots', {
    token: worker, body: { community_code: COMMUNITY, desk: '社区党群服务中心 1 号窗口', starts_at: startsAt, ends_at: startsAt + 3_600_000, capacity: 1 },
  });
  assert.equal(slot.status, 201, slot.text);
  assert.equal(slot.json.available, 1);
  assertError(await call('POST', '/api/v1/appointment-slots', {
    token: outsider, body: { community_code: COMMUNITY, desk: 'x', starts_at: startsAt, ends_at: startsAt + 1, capacity: 1 },
  }), 404, 'not_found');
  assertError(await call('POST', '/api/v1/appointment-slots', {
    token: worker, body: { community_code: COMMUNITY, desk: 'x', starts_at: startsAt, ends_at: startsAt + 1, capacity: 0 },
  }), 422, 'validation_failed', 'capacity');
  const booking = { item_code: 'YZ-HJ-004', channel: 'window', handling_mode: 'appointment', applicant_id: applicant, slot_id: slot.json.id };
  const booked = await file(worker, booking);
  assert.equal(booked.status, 201, booked.text);
  assert.equal(booked.json.slot.booked, 1);
  const full = await file(worker, booking);
  assertError(full, 409, 'failed_precondition');
  assert.match(full.json.error.message, /约满/);
  // Withdrawing gives the place back.
  assert.equal((await act(worker, booked.json.id, 'withdraw')).status, 200);
  assert.equal((await file(worker, booking)).status, 201);

  const day = new Date(startsAt + 8 * 3_600_000).toISOString().slice(0, 10);
  const slots = await call('GET', `/api/v1/appointment-slots?community=${COMMUNITY}&date=${day}`, { token: worker });
  assert.equal(slots.status, 200, slots.text);
  assert.ok(slots.json.items.some((s) => s.id === slot.json.id && s.booked === 1));

  const queue = await call('GET', `/api/v1/service-desk/queue?community=${COMMUNITY}`, { token: worker });
  assert.equal(queue.status, 200, queue.text);
  assert.equal(queue.json.community_code, COMMUNITY);
  assert.match(queue.json.date, /^\d{4}-\d{2}-\d{2}$/);
  assert.ok(queue.json.requests.length > 0);
  for (const r of queue.json.requests) assert.ok(['submitted', 'accepted', 'in_progress', 'resubmitted'].includes(r.state));
  const overdueFlags = queue.json.requests.map((r) => r.overdue);
  assert.deepEqual(overdueFlags, [...overdueFlags].sort((a, b) => Number(b) - Number(a)), 'overdue first');
  assert.ok(Array.isArray(queue.json.appointments));
  assertError(await call('GET', '/api/v1/service-desk/queue?community=12', { token: worker }), 422, 'validation_failed', 'community');

  for (const group of ['item', 'community', 'town', 'county']) {
    const figures = await call('GET', `/api/v1/service-figures?group_by=${group}`, { token: worker });
    assert.equal(figures.status, 200, figures.text);
    assert.equal(figures.json.group_by, group);
    assert.ok(figures.json.rows.length > 0);
    const total = figures.json.rows.reduce((s, r) => s + r.requests, 0);
    assert.equal(figures.json.total.requests, total);
    for (const row of figures.json.rows) {
      assert.ok(row.online <= row.requests && row.on_time <= row.completed);
      if (row.requests > 0) assert.equal(row.online_rate, row.online / row.requests);
    }
  }
  const community = await call('GET', '/api/v1/service-figures?group_by=community', { token: worker });
  assert.deepEqual(community.json.rows.map((r) => r.key), [COMMUNITY]);
  assert.equal(community.json.rows[0].name.length > 0, true);
  assertError(await call('GET', '/api/v1/service-figures?group_by=grid', { token: worker, unchecked: true }), 422, 'validation_failed', 'group_by');
  assertError(await call('GET', '/api/v1/service-figures?from=2026-13-01', { token: worker }), 422, 'validation_failed', 'from');
});
