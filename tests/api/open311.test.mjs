// Open311 GeoReport v2, as a client written against the public specification
// (https://wiki.open311.org/GeoReport_v2) would use it: both formats, form-encoded POST with an
// api_key, jurisdiction_id, the spec's error format, and no personal data in public answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, RUN } from './lib.mjs';

const BASE = process.env.LINLI_BASE_URL ?? 'http://127.0.0.1:8080';
const COMMUNITY = '321002001002';
const JURISDICTION = '3210';

async function get(path) {
  const res = await fetch(BASE + path);
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : null };
}
async function post(path, fields) {
  const res = await fetch(BASE + path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  const text = await res.text();
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json: /json/.test(res.headers.get('content-type') ?? '') ? JSON.parse(text) : null };
}
function assertSpecError(res, code) {
  assert.equal(res.status, code, res.text);
  if (res.json) {
    assert.ok(Array.isArray(res.json), res.text);
    assert.equal(res.json[0].code, code);
    assert.ok(res.json[0].description.length > 0);
  } else {
    assert.match(res.type, /xml/);
    assert.match(res.text, new RegExp(`<errors><error><code>${code}</code><description>[^<]+</description></error></errors>`));
  }
}

let world;
async function setup() {
  if (world) return world;
  const token = await admin();
  const grid = await call('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `Open311网格${RUN}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01' },
  });
  assert.equal(grid.status, 201, grid.text);
  // Unique coordinates so that the nearest building is ours.
  const lat = 32.35 + Math.random() * 0.01;
  const lon = 119.40 + Math.random() * 0.01;
  const building = await call('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.json.code, address: `文昌路${RUN}号`, lat, lon, kind: 'residential', floors: 6 },
  });
  assert.equal(building.status, 201, building.text);
  const key = await call('POST', '/api/v1/open311/keys', { token, body: { name: `测试客户端${RUN}` } });
  assert.equal(key.status, 201, key.text);
  assert.match(key.json.api_key, /^l311_[0-9a-f]{48}$/);
  world = { lat, lon, building: building.json, apiKey: key.json.api_key, grid: grid.json.code };
  return world;
}

test('service list and definitions in JSON and XML', async () => {
  const list = await get(`/open311/v2/services.json?jurisdiction_id=${JURISDICTION}`);
  assert.equal(list.status, 200, list.text);
  assert.ok(Array.isArray(list.json));
  const garbage = list.json.find((s) => s.service_code === 'environment.garbage');
  assert.deepEqual(Object.keys(garbage).sort(), ['description', 'group', 'keywords', 'metadata', 'service_code', 'service_name', 'type']);
  assert.equal(garbage.service_name, '垃圾堆放');
  assert.equal(garbage.metadata, false);
  assert.equal(garbage.type, 'realtime');
  assert.equal(garbage.group, '市容环境');
  assert.ok(!list.json.some((s) => s.service_code === 'environment'), 'groups are not services');
  const xml = await get('/open311/v2/services.xml');
  assert.equal(xml.status, 200);
  assert.match(xml.type, /xml/);
  assert.match(xml.text, /^<\?xml version="1.0" encoding="utf-8"\?>\s*<services><service><service_code>/);
  assert.match(xml.text, /<service_code>environment\.garbage<\/service_code><service_name>垃圾堆放<\/service_name>/);
  const definition = await get('/open311/v2/services/environment.garbage.json');
  assert.equal(definition.status, 200, definition.text);
  assert.deepEqual(definition.json, { service_code: 'environment.garbage', attributes: [] });
  const definitionXml = await get('/open311/v2/services/environment.garbage.xml');
  assert.match(definitionXml.text, /<service_definition><service_code>environment\.garbage<\/service_code><attributes\/><\/service_definition>/);
  assertSpecError(await get('/open311/v2/services/no.such.json'), 404);
  assertSpecError(await get('/open311/v2/services/no.such.xml'), 404);
});

test('errors use the spec format: wrong jurisdiction, unknown file, bad filters', async () => {
  assertSpecError(await get('/open311/v2/services.json?jurisdiction_id=1101'), 404);
  assertSpecError(await get('/open311/v2/services.xml?jurisdiction_id=1101'), 404);
  assertSpecError(await get('/open311/v2/discovery.json'), 404);
  assertSpecError(await get('/open311/v2/requests.json?status=maybe'), 400);
  assertSpecError(await get('/open311/v2/requests.json?start_date=yesterday'), 400);
  assertSpecError(await get('/open311/v2/requests/abc.json'), 404);
  assertSpecError(await get('/open311/v2/requests/999999999.xml'), 404);
});

test('POST needs a valid api_key and a known service code; nothing is created otherwise', async () => {
  const { lat, lon, apiKey } = await setup();
  const fields = { jurisdiction_id: JURISDICTION, service_code: 'environment.garbage', lat: String(lat), long: String(lon), description: '垃圾没人清' };
  assertSpecError(await post('/open311/v2/requests.json', fields), 403);
  assertSpecError(await post('/open311/v2/requests.xml', { ...fields, api_key: 'l311_wrong' }), 403);
  assertSpecError(await post('/open311/v2/requests.json', { ...fields, api_key: apiKey, service_code: 'no.such' }), 400);
  assertSpecError(await post('/open311/v2/requests.json', { ...fields, api_key: apiKey, jurisdiction_id: '1101' }), 404);
  assertSpecError(await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'environment.garbage', description: '没有位置' }), 400);
  assertSpecError(await post('/open311/v2/requests.json', { ...fields, api_key: apiKey, lat: '40.7', long: '-74.0' }), 400);
  // Text is checked at the boundary (issue 15 item 15): invalid UTF-8, NUL, U+FFFF, a bidi
  // override are refused, so the public lists stay valid JSON and XML.
  const form = new URLSearchParams({ ...fields, api_key: apiKey }).toString();
  for (const bad of ['bad%FFutf8', 'nul%00here', '%EF%BF%BF', 'x%E2%80%AEy']) {
    const res = await fetch(BASE + '/open311/v2/requests.json', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.replace(/description=[^&]*/, `description=${bad}`),
    });
    const text = await res.text();
    assert.equal(res.status, 400, `${bad}: ${text}`);
    assert.equal(JSON.parse(text)[0].code, 400);
  }
  const list = await get('/open311/v2/requests.json');
  assert.equal(list.status, 200);
  assert.ok(Array.isArray(list.json));
  assert.ok(!list.text.includes('\uffff') && !list.text.includes('\u0000'));
});

test('a spec client creates a request and reads it back with public fields only', async () => {
  const { lat, lon, apiKey, building } = await setup();
  const created = await post('/open311/v2/requests.json', {
    api_key: apiKey, jurisdiction_id: JURISDICTION, service_code: 'environment.garbage',
    lat: String(lat), long: String(lon), description: `Open311 垃圾堆放 ${RUN}`,
    email: 'someone@example.com', first_name: '三', last_name: '张', phone: '13800000000',
    media_url: 'https://example.com/photo.jpg',
  });
  // GeoReport v2: 200, account_id absent (no account is kept for a reporter).
  assert.equal(created.status, 200, created.text);
  assert.equal(created.json.length, 1);
  const { service_request_id: id } = created.json[0];
  assert.match(id, /^\d+$/);
  assert.ok('service_notice' in created.json[0] && !('account_id' in created.json[0]));

  const one = await get(`/open311/v2/requests/${id}.json?jurisdiction_id=${JURISDICTION}`);
  assert.equal(one.status, 200, one.text);
  const request = one.json[0];
  assert.equal(request.service_request_id, id);
  assert.equal(request.status, 'open');
  assert.equal(request.service_code, 'environment.garbage');
  assert.equal(request.agency_responsible, '个园社区居委会');
  assert.match(request.requested_datetime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
  assert.match(request.updated_datetime, /\+08:00$/);
  assert.match(request.expected_datetime, /\+08:00$/);
  assert.ok(new Date(request.expected_datetime) > new Date(request.requested_datetime));
  // Road level, coarse coordinates written as plain decimals, no building id (issue 15 item 10).
  assert.equal(request.address_id, null);
  assert.equal(request.address, '文昌路');
  assert.equal(request.lat, Math.round(lat * 1000) / 1000);
  assert.match(one.text, /"lat":\d+\.\d{1,3}[,}]/);
  assert.ok(!/E\d/.test(one.text.match(/"long":[^,}]*/)[0]));
  assert.ok(typeof request.status_notes === 'string' && request.status_notes.length > 0);
  assert.ok(!/13800000000|example\.com|张/.test(one.text), 'no personal data in public answers');

  const xml = await get(`/open311/v2/requests/${id}.xml`);
  assert.match(xml.text, new RegExp(`<service_requests><request><service_request_id>${id}</service_request_id><status>open</status>`));

  const listed = await get(`/open311/v2/requests.json?service_request_id=${id}`);
  assert.deepEqual(listed.json.map((r) => r.service_request_id), [id]);
  const byCode = await get('/open311/v2/requests.json?service_code=environment.garbage&status=open');
  assert.ok(byCode.json.some((r) => r.service_request_id === id));
  assert.ok(byCode.json.every((r) => r.status === 'open' && r.service_code === 'environment.garbage'));
  // service_request_id overrides the other filters; status takes both values.
  const closed = await get(`/open311/v2/requests.json?service_request_id=${id}&status=closed`);
  assert.deepEqual(closed.json.map((r) => r.service_request_id), [id]);
  const future = await get(`/open311/v2/requests.json?service_request_id=${id}&start_date=2099-01-01T00:00:00Z`);
  assert.deepEqual(future.json.map((r) => r.service_request_id), [id]);
  const both = await get('/open311/v2/requests.json?status=open,closed');
  assert.equal(both.status, 200);
  assert.ok(both.json.some((r) => r.service_request_id === id));
  // Unknown paths under /open311/ are errors, never the web app's page.
  const unknown = await fetch(BASE + '/open311/v2/no/such/thing.json');
  assert.equal(unknown.status, 404);
  assert.match(unknown.headers.get('content-type'), /json/);

  // The XML POST answers in XML, and address_id works in place of coordinates.
  const viaXml = await post('/open311/v2/requests.xml', {
    api_key: apiKey, service_code: 'order.noise', address_id: String(building.id), description: '噪声',
  });
  assert.equal(viaXml.status, 200, viaXml.text);
  assert.match(viaXml.text, /<service_requests><request><service_request_id>\d+<\/service_request_id><service_notice>[^<]*<\/service_notice><\/request><\/service_requests>/);
  // media_url: http(s) only.
  for (const media_url of ['javascript:alert(1)', 'data:text/html,x', 'ftp://example.com/x.jpg', 'https:///x']) {
    assertSpecError(await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'order.noise', address_id: String(building.id), description: '噪声', media_url }), 400);
  }
});

test('events reported in the app are not public, and handling notes never are', async () => {
  const { apiKey, building } = await setup();
  const token = await admin();
  // An event reported in the app (a grid worker's or a resident's) is not listed.
  const worker = await call('POST', '/api/v1/events', { token, body: { category: 'environment.garbage', description: `内部事件${RUN}`, place_code: COMMUNITY } });
  assert.equal(worker.status, 201, worker.text);
  assertSpecError(await get(`/open311/v2/requests/${worker.json.id}.json`), 404);
  const list = await get(`/open311/v2/requests.json?service_request_id=${worker.json.id}`);
  assert.deepEqual(list.json, []);
  // A reason typed while handling an Open311 request stays internal.
  const created = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'civil.dispute', address_id: String(building.id), description: '邻里纠纷' });
  const id = created.json[0].service_request_id;
  const secret = `联系其女儿13912345678 身份证320102198001011234 ${RUN}`;
  const acted = await call('POST', `/api/v1/events/${id}/transitions`, { token, body: { action: 'start', reason: secret } });
  assert.equal(acted.status, 200, acted.text);
  assert.ok(acted.text.includes('13912345678'), 'the note is kept internally');
  const one = await get(`/open311/v2/requests/${id}.json`);
  assert.equal(one.status, 200);
  assert.ok(!one.text.includes('13912345678') && !one.text.includes('320102198001011234'), one.text);
  assert.ok(!one.text.includes(building.address), 'no house number');
});

// Issue 15 item 10: whoever handles an event may make it public; it is then listed in its public
// view (road-level address, no notes) until made private again. Others may not.
test('a handler makes an app event public and private again; others cannot', async () => {
  const { building } = await setup();
  const token = await admin();
  // A resident's 随手拍: the resident sees it but does not handle it.
  const resident = await accountWith('resident', COMMUNITY);
  const reported = await call('POST', '/api/v1/events', { token: resident.token, body: { category: 'environment.garbage', description: `楼道堆物${RUN}`, building_id: building.id } });
  assert.equal(reported.status, 201, reported.text);
  const id = reported.json.id;
  assert.equal(reported.json.public, false);
  assert.equal(reported.json.may_set_public, false);
  assertError(await call('POST', `/api/v1/events/${id}/public`, { token: resident.token, body: { public: true } }), 403, 'permission_denied');
  // A community worker elsewhere does not even see it.
  const outsider = await accountWith('community_worker', '321002001004');
  assertError(await call('POST', `/api/v1/events/${id}/public`, { token: outsider.token, body: { public: true } }), 404, 'not_found');
  const note = `联系人13812345678 ${RUN}`;
  assert.equal((await call('POST', `/api/v1/events/${id}/transitions`, { token, body: { action: 'start', reason: note } })).status, 200);
  assert.equal((await call('GET', `/api/v1/events/${id}`, { token })).json.may_set_public, true);
  assertError(await call('POST', `/api/v1/events/${id}/public`, { token, body: { public: 'yes' } }), 400, 'invalid_argument', 'public');
  assertSpecError(await get(`/open311/v2/requests/${id}.json`), 404);

  const made = await call('POST', `/api/v1/events/${id}/public`, { token, body: { public: true } });
  assert.equal(made.status, 200, made.text);
  assert.equal(made.json.public, true);
  assert.ok(made.json.public_at > 0);
  assert.equal(made.json.transitions.at(-1).action, 'publish');
  // Idempotent: asking again changes nothing.
  const again = await call('POST', `/api/v1/events/${id}/public`, { token, body: { public: true } });
  assert.equal(again.json.public_at, made.json.public_at);
  assert.equal(again.json.transitions.length, made.json.transitions.length);

  const one = await get(`/open311/v2/requests/${id}.json`);
  assert.equal(one.status, 200, one.text);
  assert.equal(one.json[0].description, `楼道堆物${RUN}`);
  assert.equal(one.json[0].address, '文昌路');
  assert.ok(!one.text.includes('13812345678'), 'handling notes never public');
  const listed = await get(`/open311/v2/requests.json?service_request_id=${id}`);
  assert.equal(listed.json.length, 1);

  const hidden = await call('POST', `/api/v1/events/${id}/public`, { token, body: { public: false } });
  assert.equal(hidden.status, 200, hidden.text);
  assert.equal(hidden.json.public, false);
  assert.equal(hidden.json.transitions.at(-1).action, 'unpublish');
  assertSpecError(await get(`/open311/v2/requests/${id}.json`), 404);
  assert.deepEqual((await get(`/open311/v2/requests.json?service_request_id=${id}`)).json, []);
});

test('an Open311 request stays public', async () => {
  const { apiKey, building } = await setup();
  const created = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'civil.dispute', address_id: String(building.id), description: '邻里纠纷' });
  const id = created.json[0].service_request_id;
  const token = await admin();
  const detail = await call('GET', `/api/v1/events/${id}`, { token });
  assert.equal(detail.json.public, true);
  assert.equal(detail.json.may_set_public, false);
  assertError(await call('POST', `/api/v1/events/${id}/public`, { token, body: { public: false } }), 409, 'failed_precondition');
  assert.equal((await get(`/open311/v2/requests/${id}.json`)).status, 200);
});

test('the event behind an Open311 request is a normal event for the community', async () => {
  const { apiKey, building } = await setup();
  const created = await post('/open311/v2/requests.json', { api_key: apiKey, service_code: 'civil.dispute', address_id: String(building.id), description: '邻里纠纷' });
  assert.equal(created.status, 200, created.text);
  const event = await call('GET', `/api/v1/events/${created.json[0].service_request_id}`, { token: await admin() });
  assert.equal(event.status, 200, event.text);
  assert.equal(event.json.channel, 'open311');
  assert.equal(event.json.reporter_account_id, null);
  assert.equal(event.json.state, 'assigned');
});
