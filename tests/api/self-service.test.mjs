// Residents serve themselves (issue 17 item 4; decision 0026), end to end on a server of this
// file's own with an SMS gateway in this process (own-server.mjs): a registered person signs up
// with their ID number and an SMS code to the phone the community registered; the answer to a
// code request is the same whether or not anything matched, codes are limited and audited, a
// wrong code is one error; the resident sees their household masked, applies online (channel
// web — counted as 网上办理), books a slot, uploads a material, follows, withdraws and rates —
// and reaches nobody else's request. A worker binds an account by hand; a forgotten password is
// replaced with an SMS code.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { RUN } from './lib.mjs';
import { ownServer, smsGateway, waitFor } from './own-server.mjs';

const COMMUNITY = '321002001002'; // 个园社区居委会
const ADMIN_PASSWORD = 'Linli-self-2026!';
const PASSWORD = 'Resident-pass-2026';
const PHONE = '13912345678';

const gateway = smsGateway();
const server = ownServer('self', {
  adminPassword: ADMIN_PASSWORD,
  env: () => ({ LINLI_SMS_GATEWAY_URL: gateway.url, LINLI_SMS_RETRY_SECONDS: '1' }),
});
const call = (method, path, options) => server.call(method, path, options);

let sequence = Math.floor(Math.random() * 500);
function idNumber(birth = '19600512') {
  sequence = (sequence + 1) % 1000;
  const first17 = `321002${birth}${String(sequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

// The code in the newest SMS to `phone` the gateway got after `since` requests.
async function codeSentTo(phone, since) {
  const request = await waitFor(`an SMS to ${phone}`, () => gateway.requests.slice(since).find((r) => r.body.includes(phone)), 15_000);
  const found = request.body.match(/验证码\s*(\d{6})/);
  assert.ok(found, `no code in ${request.body}`);
  return found[1];
}

let world;
before(async () => {
  await gateway.start();
  await server.start();
  const grid = await server.asAdmin('POST', '/api/v1/grids', {
    community_code: COMMUNITY, name: `自助网格${RUN}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01',
  });
  assert.equal(grid.status, 201, grid.text);
  const building = await server.asAdmin('POST', '/api/v1/buildings', {
    community_code: COMMUNITY, grid_code: grid.json.code, address: `个园路${RUN}号`, lat: 32.4, lon: 119.44, kind: 'residential', floors: 6,
  });
  assert.equal(building.status, 201, building.text);
  const household = await server.asAdmin('POST', '/api/v1/households', { building_id: building.json.id, room: '502', type: 'actual', since: '2000-01-01' });
  assert.equal(household.status, 201, household.text);
  const person = (name, id, phone, relation) => server.asAdmin('POST', '/api/v1/residents', {
    name, id_number: id, phone, ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', household_id: household.json.id, relation,
  });
  const ids = { me: idNumber(), spouse: idNumber('19620101'), other: idNumber('19700101') };
  const me = await person('陈淑芬', ids.me, PHONE, 'head');
  assert.equal(me.status, 201, me.text);
  const spouse = await person('王建华', ids.spouse, '13700001111', 'spouse');
  assert.equal(spouse.status, 201, spouse.text);
  const other = await server.asAdmin('POST', '/api/v1/residents', {
    name: '赵其他', id_number: ids.other, phone: '13600002222', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid.json.code,
  });
  assert.equal(other.status, 201, other.text);
  const slot = await server.asAdmin('POST', '/api/v1/appointment-slots', {
    community_code: COMMUNITY, desk: '党群服务中心 1 号窗口', starts_at: Date.now() + 2 * 86400e3, ends_at: Date.now() + 2 * 86400e3 + 1800e3, capacity: 2,
  });
  assert.equal(slot.status, 201, slot.text);
  world = { ids, me: me.json, spouse: spouse.json, other: other.json, slot: slot.json, grid: grid.json.code };
});

after(async () => {
  await server.stop();
  gateway.close();
});

test('a code request answers the same whatever matched; only the registered phone gets a code', async () => {
  const before = gateway.requests.length;
  const answers = [];
  // A registered ID with another phone, an unregistered ID: nothing sent, the same answer.
  answers.push(await call('POST', '/api/v1/sign-up/code', { body: { id_number: world.ids.me, phone: '13500009999' } }));
  answers.push(await call('POST', '/api/v1/sign-up/code', { body: { id_number: idNumber('19990101'), phone: '13500008888' } }));
  answers.push(await call('POST', '/api/v1/sign-up/code', { body: { id_number: world.ids.me, phone: PHONE } }));
  for (const answer of answers) {
    assert.equal(answer.status, 202, answer.text);
    assert.deepEqual(answer.json, answers[0].json);
  }
  const code = await codeSentTo(PHONE, before);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(gateway.requests.slice(before).length, 1, 'only the matching request sent an SMS');
  // Malformed input is named; a form post from another site is refused.
  assert.equal((await call('POST', '/api/v1/sign-up/code', { body: { id_number: '123', phone: PHONE } })).json.error.field, 'id_number');
  const form = await call('POST', '/api/v1/sign-up/code', { body: 'id_number=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(form.status, 415);
  // A second request within the minute is limited, whatever it names.
  assert.equal((await call('POST', '/api/v1/sign-up/code', { body: { id_number: world.ids.me, phone: PHONE } })).status, 429);

  // A wrong code: one error, and nothing made.
  const wrong = await call('POST', '/api/v1/sign-up', {
    body: { id_number: world.ids.me, phone: PHONE, code: code === '000000' ? '111111' : '000000', username: `chen${RUN}`.slice(0, 32), password: PASSWORD },
  });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.json.error.field, 'code');
  // The right code with another person's ID number is the same error.
  const mismatched = await call('POST', '/api/v1/sign-up', {
    body: { id_number: world.ids.other, phone: PHONE, code, username: `chen${RUN}`.slice(0, 32), password: PASSWORD },
  });
  assert.equal(mismatched.status, 422);
  assert.equal(mismatched.json.error.field, 'code');
  // A weak password leaves the code good for another try.
  const weak = await call('POST', '/api/v1/sign-up', {
    body: { id_number: world.ids.me, phone: PHONE, code, username: `chen${RUN}`.slice(0, 32), password: 'short' },
  });
  assert.equal(weak.status, 422, weak.text);
  assert.equal(weak.json.error.field, 'password');
  const username = `chen${RUN}`.slice(0, 32);
  const made = await call('POST', '/api/v1/sign-up', { body: { id_number: world.ids.me, phone: PHONE, code, username, password: PASSWORD } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.display_name, '陈淑芬');
  // The code is spent.
  const again = await call('POST', '/api/v1/sign-up', { body: { id_number: world.ids.me, phone: PHONE, code, username: `${username}x`.slice(0, 32), password: PASSWORD } });
  assert.equal(again.status, 422);
  world.username = username;

  // Every request is audited, and no log or audit record holds the ID number or the code.
  // (3 requests, 2 wrong tries, the sign-up; the log is written in batches.)
  const audit = await waitFor('the audit records', async () => {
    const res = await server.asAdmin('GET', '/api/v1/audit?action=verification&limit=50');
    assert.equal(res.status, 200, res.text);
    return res.json.items.length >= 6 ? res : null;
  }, 10_000).catch((e) => assert.fail(`${e.message}: ${server.sql("SELECT subject_type, subject_id, division_code FROM audit_log WHERE action = 'verification'")}`));
  for (const text of [JSON.stringify(audit.json), server.log]) {
    assert.ok(!text.includes(world.ids.me), 'the ID number was written');
    assert.ok(!text.includes(code), 'the code was written');
    assert.ok(!text.includes(PHONE), 'the phone was written');
  }
  // The outbox keeps neither the phone nor the text once sent.
  assert.equal(server.sql("SELECT COUNT(*) FROM sms_messages WHERE status = 'sent' AND (phone_cipher IS NOT NULL OR body_cipher IS NOT NULL)").trim(), '0');
});

test('the signed-up resident sees their household masked, applies online, books, uploads, follows and rates', async () => {
  const login = await call('POST', '/api/v1/session', { body: { username: world.username, password: PASSWORD } });
  assert.equal(login.status, 200, login.text);
  const token = login.json.token;
  assert.ok(login.json.account.permissions.includes('self.services'));
  assert.equal(login.json.account.resident_id, world.me.id);

  const household = await call('GET', '/api/v1/me/household', { token });
  assert.equal(household.status, 200, household.text);
  assert.equal(household.json.room, '502');
  assert.deepEqual(household.json.members.map((m) => m.name).sort(), ['王建华', '陈淑芬'].sort());
  for (const member of household.json.members) {
    assert.ok(!JSON.stringify(member).includes(world.ids.spouse) && !JSON.stringify(member).includes('13700001111'), 'unmasked');
  }
  // Nothing of the registry by place.
  assert.equal((await call('GET', `/api/v1/residents/${world.other.id}`, { token })).status, 403);

  // Online: channel web, applicant the bound person; another applicant or the window is refused.
  const item = 'YZ-YL-004';
  const items = await call('GET', `/api/v1/service-items/${item}`);
  const mode = items.json.handling_modes.find((m) => m !== 'entrusted' && m !== 'appointment');
  assert.ok(mode, JSON.stringify(items.json.handling_modes));
  assert.equal((await call('POST', '/api/v1/me/requests', { token, body: { item_code: item, channel: 'window', handling_mode: mode } })).json.error.field, 'channel');
  assert.equal((await call('POST', '/api/v1/me/requests', { token, body: { item_code: item, channel: 'web', handling_mode: mode, applicant_id: world.other.id } })).json.error.field, 'applicant_id');
  const filed = await call('POST', '/api/v1/me/requests', { token, body: { item_code: item, channel: 'web', handling_mode: mode, note: '网上申请' }, headers: { 'idempotency-key': `self-${RUN}` } });
  assert.equal(filed.status, 201, filed.text);
  assert.equal(filed.json.applicant_id, world.me.id);
  assert.equal(filed.json.channel, 'web');
  // Names for people beside the codes: the grid after its community; the resident's own name.
  assert.equal(filed.json.place_name, `个园社区居委会 自助网格${RUN}`);
  assert.equal(filed.json.filed_by_name, '陈淑芬');
  assert.equal(filed.json.transitions[0].actor_name, '陈淑芬');
  assert.deepEqual(filed.json.allowed_actions.filter((a) => !['withdraw', 'resubmit', 'rate'].includes(a)), []);
  // The resident's first screen: the report button, the guide, and 我的办事 with this request.
  const bench = await call('GET', '/api/v1/workbench', { token });
  assert.equal(bench.status, 200, bench.text);
  const cards = Object.fromEntries(bench.json.cards.map((c) => [c.id, c]));
  assert.deepEqual(Object.keys(cards), ['events.report', 'service_requests.apply', 'service_requests.mine']);
  assert.deepEqual(cards['service_requests.apply'].link, { page: 'guide', id: null, query: {} });
  assert.equal(cards['service_requests.mine'].figure, 1);
  assert.equal(cards['service_requests.mine'].items[0].label, filed.json.item_name);
  assert.match(cards['service_requests.mine'].items[0].note, /^提交待受理 · 期限 \d{4}-\d{2}-\d{2}$/);
  assert.deepEqual(cards['service_requests.mine'].items[0].link, { page: 'my_request', id: String(filed.json.id), query: {} });

  // A booking: the community's slots, then an appointment request.
  const day = new Date(world.slot.starts_at + 8 * 3600e3).toISOString().slice(0, 10);
  const slots = await call('GET', `/api/v1/me/appointment-slots?date=${day}`, { token });
  assert.equal(slots.status, 200, slots.text);
  assert.ok(slots.json.items.some((s) => s.id === world.slot.id));
  const booked = await call('POST', '/api/v1/me/requests', { token, body: { item_code: 'YZ-YL-004', channel: 'mobile', handling_mode: 'appointment', slot_id: world.slot.id } });
  assert.equal(booked.status, 201, booked.text);
  assert.equal(booked.json.slot.id, world.slot.id);

  // A material, read back.
  const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
  const upload = await call('POST', `/api/v1/me/requests/${filed.json.id}/materials?name=${encodeURIComponent('户口簿')}`, {
    token, body: png, headers: { 'content-type': 'image/png' },
  });
  assert.equal(upload.status, 201, upload.text);
  const back = await call('GET', `/api/v1/me/requests/${filed.json.id}/materials/${upload.json.id}`, { token });
  assert.equal(back.status, 200);
  assert.deepEqual(back.bytes, png);

  // Following: my list holds mine only; the desk completes, I rate.
  const mine = await call('GET', '/api/v1/me/requests?limit=50', { token });
  assert.deepEqual(mine.json.items.map((r) => r.id).sort(), [filed.json.id, booked.json.id].sort());
  for (const action of ['accept', 'start', 'complete']) {
    const res = await server.asAdmin('POST', `/api/v1/service-requests/${filed.json.id}/transitions`, { action });
    assert.equal(res.status, 200, res.text);
  }
  assert.equal((await call('POST', `/api/v1/me/requests/${filed.json.id}/transitions`, { token, body: { action: 'close' } })).json.error.field, 'action');
  const rated = await call('POST', `/api/v1/me/requests/${filed.json.id}/transitions`, { token, body: { action: 'rate', rating: 5, comment: '很方便' } });
  assert.equal(rated.status, 200, rated.text);
  assert.equal(rated.json.rating, 5);
  const withdrawn = await call('POST', `/api/v1/me/requests/${booked.json.id}/transitions`, { token, body: { action: 'withdraw', reason: '改天再办' } });
  assert.equal(withdrawn.json.state, 'withdrawn');

  // Counted as 网上办理: the online figure of the community holds it.
  const figures = await server.asAdmin('GET', `/api/v1/service-figures?group_by=community&division=${COMMUNITY}`);
  assert.equal(figures.status, 200, figures.text);
  assert.ok(figures.json.total.online >= (items.json.fully_online ? 1 : 0));
  assert.ok(figures.json.total.requests >= 1);
});

test('a worker binds an account by hand; nobody reaches another person\'s request', async () => {
  const worker = await server.asAdmin('POST', '/api/v1/accounts', {
    username: `cw${RUN}`.slice(0, 32), password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }],
  });
  assert.equal(worker.status, 201, worker.text);
  const workerToken = (await call('POST', '/api/v1/session', { body: { username: worker.json.username, password: PASSWORD } })).json.token;
  const name = `zhao${RUN}`.slice(0, 32);
  const made = await call('POST', '/api/v1/accounts', {
    token: workerToken, body: { username: name, password: PASSWORD, grants: [{ role: 'resident', scope_code: COMMUNITY }] },
  });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.resident_id, null);
  let token = (await call('POST', '/api/v1/session', { body: { username: name, password: PASSWORD } })).json.token;
  assert.equal((await call('GET', '/api/v1/me/requests', { token })).status, 409, 'unbound');
  // The person already bound to another account cannot be bound twice; a worker's own grant cannot be bound.
  assert.equal((await call('PUT', `/api/v1/accounts/${name}/resident`, { token: workerToken, body: { resident_id: world.me.id } })).status, 409);
  assert.equal((await call('PUT', `/api/v1/accounts/${worker.json.username}/resident`, { token: server.token, body: { resident_id: world.other.id } })).status, 422);
  const bound = await call('PUT', `/api/v1/accounts/${name}/resident`, { token: workerToken, body: { resident_id: world.other.id } });
  assert.equal(bound.status, 200, bound.text);
  assert.equal(bound.json.resident_id, world.other.id);
  // Binding ended the session.
  assert.equal((await call('GET', '/api/v1/me/requests', { token })).status, 401);
  token = (await call('POST', '/api/v1/session', { body: { username: name, password: PASSWORD } })).json.token;
  const mine = await call('GET', '/api/v1/me/requests', { token });
  assert.equal(mine.status, 200, mine.text);
  assert.deepEqual(mine.json.items, []);
  const theirs = await server.asAdmin('GET', `/api/v1/service-requests?applicant=${world.me.id}&limit=5`);
  assert.ok(theirs.json.items.length > 0);
  for (const request of theirs.json.items) {
    assert.equal((await call('GET', `/api/v1/me/requests/${request.id}`, { token })).status, 404);
    assert.equal((await call('POST', `/api/v1/me/requests/${request.id}/transitions`, { token, body: { action: 'withdraw' } })).status, 404);
  }
});

test('a forgotten password is replaced with an SMS code; the answer never says whether the account exists', async () => {
  const before = gateway.requests.length;
  const unknown = await call('POST', '/api/v1/password-reset/code', { body: { username: `nobody${RUN}`.slice(0, 32), phone: PHONE } });
  const known = await call('POST', '/api/v1/password-reset/code', { body: { username: world.username, phone: PHONE } });
  assert.equal(unknown.status, 202);
  assert.equal(known.status, 202);
  assert.deepEqual(unknown.json, known.json);
  const code = await codeSentTo(PHONE, before);
  const next = 'Another-pass-2026';
  assert.equal((await call('POST', '/api/v1/password-reset', { body: { username: world.username, code: '12345', password: next } })).json.error.field, 'code');
  const reset = await call('POST', '/api/v1/password-reset', { body: { username: world.username, code, password: next } });
  assert.equal(reset.status, 204, reset.text);
  assert.equal((await call('POST', '/api/v1/session', { body: { username: world.username, password: PASSWORD } })).status, 401);
  assert.equal((await call('POST', '/api/v1/session', { body: { username: world.username, password: next } })).status, 200);
  assert.equal((await call('POST', '/api/v1/password-reset', { body: { username: world.username, code, password: 'Third-pass-2026' } })).status, 422, 'the code is spent');
});

test('a resident signs in at a kiosk with phone and SMS code; the session is short and only their own', async () => {
  // The kiosk of the resident's community, and a hall display (which may not sign anyone in).
  const made = await server.asAdmin('POST', '/api/v1/kiosks', { community_code: COMMUNITY, name: `大厅终端${RUN}`, kind: 'kiosk' });
  assert.equal(made.status, 201, made.text);
  const display = await server.asAdmin('POST', '/api/v1/kiosks', { community_code: COMMUNITY, name: `叫号屏${RUN}`, kind: 'display' });
  assert.equal(display.status, 201, display.text);
  const at = (token) => ({ 'x-kiosk-token': token });
  const kiosk = at(made.json.device_token);

  // Without a kiosk's token nothing is counted or sent.
  const before = gateway.requests.length;
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: PHONE } })).status, 401);
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: PHONE }, headers: at(display.json.device_token) })).status, 403);
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: PHONE }, headers: at('x'.repeat(43)) })).status, 401);
  // The same answer for a phone of no account and for the resident's: only theirs gets a code.
  const unknown = await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: '13500007777' }, headers: kiosk });
  const known = await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: PHONE }, headers: kiosk });
  assert.equal(unknown.status, 202, unknown.text);
  assert.equal(known.status, 202, known.text);
  assert.deepEqual(unknown.json, known.json);
  const code = await codeSentTo(PHONE, before);
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(gateway.requests.slice(before).length, 1, 'only the resident\'s phone got an SMS');
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: PHONE }, headers: kiosk })).status, 429);
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in/code', { body: { phone: '123' }, headers: kiosk })).json.error.field, 'phone');

  // A wrong code is one error; the right one starts a 15-minute session of the resident.
  const wrong = await call('POST', '/api/v1/kiosk/sign-in', { body: { phone: PHONE, code: code === '000000' ? '111111' : '000000' }, headers: kiosk });
  assert.equal(wrong.status, 422);
  assert.equal(wrong.json.error.field, 'code');
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in', { body: { phone: PHONE, code } })).status, 401, 'not without the kiosk');
  const started = Date.now();
  const signed = await call('POST', '/api/v1/kiosk/sign-in', { body: { phone: PHONE, code }, headers: kiosk });
  assert.equal(signed.status, 200, signed.text);
  assert.equal(signed.json.account.username, world.username);
  assert.ok(signed.json.account.permissions.includes('self.services'));
  assert.ok(signed.json.expires_at <= started + 15 * 60e3 + 5e3 && signed.json.expires_at >= started + 14 * 60e3, `expires ${signed.json.expires_at}`);
  assert.match(signed.headers.get('set-cookie'), /Max-Age=900\b/);
  const mine = await call('GET', '/api/v1/me/requests', { token: signed.json.token });
  assert.equal(mine.status, 200, mine.text);
  assert.ok(mine.json.items.length >= 1, 'the resident sees their own requests');
  assert.equal((await call('GET', '/api/v1/residents', { token: signed.json.token })).status, 403);
  // Applying at the kiosk is the resident's own filing through the kiosk end (一网通办).
  const filed = await call('POST', '/api/v1/me/requests', { token: signed.json.token, body: { item_code: 'YZ-YL-004', channel: 'kiosk', handling_mode: 'self_service' } });
  assert.equal(filed.status, 201, filed.text);
  assert.equal(filed.json.channel, 'kiosk');
  // The code is spent; signing out ends the session.
  assert.equal((await call('POST', '/api/v1/kiosk/sign-in', { body: { phone: PHONE, code }, headers: kiosk })).status, 422);
  assert.equal((await call('DELETE', '/api/v1/session', { token: signed.json.token })).status, 204);
  assert.equal((await call('GET', '/api/v1/me/requests', { token: signed.json.token })).status, 401);

  // Audited without the phone or the code.
  const audit = await waitFor('the sign-in audit', async () => {
    const res = await server.asAdmin('GET', '/api/v1/audit?action=verification&limit=100');
    return res.json.items.some((e) => e.subject_type === 'sign_in' && e.subject_id === 'signed_in') ? res : null;
  }, 10_000);
  assert.ok(!audit.text.includes(PHONE) && !audit.text.includes(code));
});
