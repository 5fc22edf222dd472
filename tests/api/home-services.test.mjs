// Home services (issue 19 item 3; decision 0033) on the real server: a town official registers a
// provider, its staff account names it, a community worker orders meals for an elder whose 低保
// tag gives a monthly subsidy, the provider's staff schedule, check in and out (the contact phone
// unmasked only while the order is theirs to serve, and that read audited), the check-out is
// settled against what remains of the month's entitlement, the worker rates it, and the
// provider's statement lists the done orders and balances when closed. Bad input changes nothing.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, login, xlsxText, PASSWORD, RUN } from './lib.mjs';

const COUNTY = '321012'; // 江都区
const TODAY = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
let token;
let town;
let otherTown;
let community;
let grid;
let elder;
let young;
let worker;
let official;
let provider;
let staff;

let idSequence = Math.floor(Math.random() * 900);
function idNumber(birth) {
  idSequence = (idSequence + 1) % 1000;
  const first17 = `321012${birth}${String(idSequence).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return first17 + '10X98765432'[sum % 11];
}

const providerBody = (extra = {}) => ({
  name: `颐康助餐${RUN}`.slice(0, 40),
  kind: 'organisation',
  place_code: town,
  services: [{ service: 'meal', price: 12 }, { service: 'cleaning', price: 40.5 }],
  qualifications: [{ name: '食品经营许可证', number: 'JY13210120001', valid_until: '2028-12-31' }],
  contact_name: '王站长',
  contact_phone: '13912345678',
  ...extra,
});

before(async () => {
  token = await admin();
  const county = await call('GET', `/api/v1/divisions/${COUNTY}`, { token });
  town = county.json.children[0].code;
  otherTown = county.json.children[1].code;
  const read = await call('GET', `/api/v1/divisions/${town}`, { token });
  community = read.json.children[0].code;
  const made = await call('POST', '/api/v1/grids', { token, body: { community_code: community, name: `居家网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' } });
  assert.equal(made.status, 201, made.text);
  grid = made.json.code;
  const person = (name, birth) => call('POST', '/api/v1/residents', { token, body: { name, id_number: idNumber(birth), phone: '13800002222', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid } });
  elder = (await person(`居家老人${RUN}`.slice(0, 20), '19400506')).json;
  young = (await person(`青年${RUN}`.slice(0, 20), '19900506')).json;
  assert.ok(elder?.id && young?.id);
  const tag = await call('POST', `/api/v1/residents/${elder.id}/tags`, { token, body: { code: 'dibao', valid_from: '2024-01-01', source: '民政' } });
  assert.equal(tag.status, 201, tag.text);
  worker = await accountWith('community_worker', community);
  official = await accountWith('town_official', town);
});

test('a town official registers a provider; bad input changes nothing', async () => {
  const none = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ services: [] }) });
  assertError(none, 422, 'validation_failed', 'services');
  const unknown = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ services: [{ service: 'massage', price: 1 }] }) });
  assertError(unknown, 422, 'validation_failed', 'services');
  const outside = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ place_code: otherTown }) });
  assertError(outside, 422, 'validation_failed', 'place_code');
  const phone = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ contact_phone: '12' }) });
  assertError(phone, 422, 'validation_failed', 'contact_phone');
  const control = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ name: '坏\u0007名' }) });
  assert.ok([400, 422].includes(control.status), control.text);
  const facility = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ kind: 'facility' }) });
  assertError(facility, 422, 'validation_failed', 'facility_id');
  const listed = await call('GET', `/api/v1/providers?place=${town}&q=${encodeURIComponent(`颐康助餐${RUN}`.slice(0, 40))}`, { token });
  assert.equal(listed.json.items.length, 0, 'nothing written by the refusals');

  const made = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody() });
  assert.equal(made.status, 201, made.text);
  provider = made.json;
  assert.equal(provider.status, 'active');
  assert.deepEqual(provider.areas.map((a) => a.code), [town]);
  assert.equal(provider.services.find((s) => s.service === 'cleaning').price, 40.5);
  assert.equal(provider.services.find((s) => s.service === 'meal').service_name, '助餐');
  const twice = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody() });
  assertError(twice, 409, 'already_exists', 'name');

  // A provider serving the town is in its communities' scope; another town's official does not see it.
  const asWorker = await call('GET', `/api/v1/providers/${provider.id}`, { token: worker.token });
  assert.equal(asWorker.status, 200, asWorker.text);
  const elsewhere = await accountWith('town_official', otherTown);
  assertError(await call('GET', `/api/v1/providers/${provider.id}`, { token: elsewhere.token }), 404, 'not_found');
  const listedByWorker = await call('GET', `/api/v1/providers?service=meal&status=active`, { token: worker.token });
  assert.ok(listedByWorker.json.items.some((p) => p.id === provider.id));
});

test('a provider staff account names its provider at the provider\'s place', async () => {
  const username = `hsstaff${RUN}`.slice(0, 30);
  const body = (grant) => ({ username, display_name: '助餐员小李', password: PASSWORD, grants: [grant] });
  assertError(await call('POST', '/api/v1/accounts', { token, body: body({ role: 'provider', scope_code: town }) }), 422, 'validation_failed', 'grants');
  assertError(await call('POST', '/api/v1/accounts', { token, body: body({ role: 'provider', scope_code: community, provider_id: provider.id }) }), 422, 'validation_failed', 'grants');
  assertError(await call('POST', '/api/v1/accounts', { token, body: body({ role: 'community_worker', scope_code: community, provider_id: provider.id }) }), 422, 'validation_failed', 'grants');
  const made = await call('POST', '/api/v1/accounts', { token: official.token, body: body({ role: 'provider', scope_code: town, provider_id: provider.id }) });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.grants[0].provider_id, provider.id);
  assert.equal(made.json.grants[0].provider_name, provider.name);
  assert.deepEqual(made.json.permissions, ['divisions.read', 'self', 'homecare.serve']);
  staff = { username, token: (await login(username, PASSWORD)).token };
  const detail = await call('GET', `/api/v1/providers/${provider.id}`, { token });
  assert.ok(detail.json.staff.some((s) => s.username === username));
  // Staff reach nothing by place.
  assertError(await call('GET', '/api/v1/home-orders', { token: staff.token }), 403, 'permission_denied');
});

test('an order is served, settled against the subsidy, rated and listed on the statement', async () => {
  const rules = await call('GET', '/api/v1/home-services', { token: worker.token });
  assert.equal(rules.status, 200, rules.text);
  assert.equal(rules.json.elderly_age, 60);
  assert.equal((await call('GET', `/api/v1/home-entitlements/${elder.id}`, { token: worker.token })).json.month, MONTH);
  const entitled = await call('GET', `/api/v1/home-entitlements/${elder.id}?month=${MONTH}`, { token: worker.token });
  assert.equal(entitled.status, 200, entitled.text);
  const meal = entitled.json.services.find((s) => s.service === 'meal');
  assert.equal(meal.entitled, 30, 'the 低保 subsidy pays 30 meals a month');
  assert.equal(meal.remaining, 30);
  assert.deepEqual(meal.subsidies, ['assistance_elderly']);
  assert.equal((await call('GET', `/api/v1/home-entitlements/${young.id}`, { token: worker.token })).json.services.find((s) => s.service === 'meal').entitled, 0);

  const order = (extra = {}) => ({ resident_id: elder.id, provider_id: provider.id, service: 'meal', units: 40, wanted_on: TODAY, ordered_by: 'relative', note: '少盐', ...extra });
  assertError(await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ resident_id: young.id }) }), 422, 'validation_failed', 'resident_id');
  assertError(await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ service: 'bathing' }) }), 422, 'validation_failed', 'provider_id');
  assertError(await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ units: 0 }) }), 422, 'validation_failed', 'units');
  assertError(await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ wanted_on: '2020-01-01' }) }), 422, 'validation_failed', 'wanted_on');
  assertError(await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ ordered_by: 'mayor' }) }), 422, 'validation_failed', 'ordered_by');
  assert.equal((await call('GET', `/api/v1/home-orders?resident=${elder.id}`, { token: worker.token })).json.items.length, 0, 'nothing written by the refusals');

  const placed = await call('POST', '/api/v1/home-orders', { token: worker.token, body: order() });
  assert.equal(placed.status, 201, placed.text);
  const id = placed.json.id;
  assert.equal(placed.json.status, 'placed');
  assert.equal(placed.json.ordered_by_label, '亲属代订');
  assert.equal(placed.json.price, 12);
  assert.equal(placed.json.contact_phone, '13800002222', 'a community worker holds people.personal_data');
  const asOfficial = await call('GET', `/api/v1/home-orders/${id}`, { token: official.token });
  assert.equal(asOfficial.json.contact_phone, '138****2222', 'masked for an official');

  // The provider's staff: the phone masked until the order is theirs to serve.
  const mine = await call('GET', `/api/v1/provider-orders?date=${TODAY}`, { token: staff.token });
  assert.equal(mine.status, 200, mine.text);
  const listed = mine.json.items.find((o) => o.id === id);
  assert.equal(listed.contact_phone, '138****2222');
  assertError(await call('POST', `/api/v1/provider-orders/${id}/check-in`, { token: staff.token, body: {} }), 409, 'failed_precondition');
  assertError(await call('POST', `/api/v1/provider-orders/${id}/schedule`, { token: staff.token, body: { scheduled_at: Date.now() - 86_400_000 } }), 422, 'validation_failed', 'scheduled_at');
  const scheduled = await call('POST', `/api/v1/provider-orders/${id}/schedule`, { token: staff.token, body: { scheduled_at: Date.now() + 3_600_000 } });
  assert.equal(scheduled.status, 200, scheduled.text);
  assert.equal(scheduled.json.status, 'scheduled');
  assert.equal(scheduled.json.contact_phone, '13800002222');
  assertError(await call('POST', `/api/v1/provider-orders/${id}/check-in`, { token: staff.token, body: { lat: 32.4 } }), 422, 'validation_failed', 'lat');
  const inside = await call('POST', `/api/v1/provider-orders/${id}/check-in`, { token: staff.token, body: { lat: 32.39, lon: 119.43 } });
  assert.equal(inside.status, 200, inside.text);
  assert.equal(inside.json.status, 'serving');
  assert.ok(inside.json.checkin_at > 0);
  const out = await call('POST', `/api/v1/provider-orders/${id}/check-out`, { token: staff.token, body: { lat: 32.39, lon: 119.43, note: '已送达' } });
  assert.equal(out.status, 200, out.text);
  assert.equal(out.json.status, 'done');
  assert.equal(out.json.amount, 480, '40 meals at 12 yuan');
  assert.equal(out.json.subsidy, 360, '30 subsidised meals');
  assert.equal(out.json.self_pay, 120);
  assert.equal(out.json.subsidy_units, 30);
  assert.equal(out.json.contact_phone, '138****2222', 'masked again once served');
  assertError(await call('POST', `/api/v1/provider-orders/${id}/check-out`, { token: staff.token, body: {} }), 409, 'failed_precondition');

  // The month's entitlement is spent: a second order is paid by the person.
  const second = await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ units: 5 }) });
  assert.equal(second.status, 201, second.text);
  await call('POST', `/api/v1/provider-orders/${second.json.id}/schedule`, { token: staff.token, body: { scheduled_at: Date.now() + 60_000 } });
  await call('POST', `/api/v1/provider-orders/${second.json.id}/check-in`, { token: staff.token });
  const paid = await call('POST', `/api/v1/provider-orders/${second.json.id}/check-out`, { token: staff.token, body: { units: 4 } });
  assert.equal(paid.status, 200, paid.text);
  assert.equal(paid.json.units, 4);
  assert.equal(paid.json.subsidy, 0);
  assert.equal(paid.json.self_pay, 48);
  const spent = await call('GET', `/api/v1/home-entitlements/${elder.id}?month=${MONTH}`, { token: worker.token });
  assert.equal(spent.json.services.find((s) => s.service === 'meal').remaining, 0);

  // Another provider's staff: 404.
  const other = await call('POST', '/api/v1/providers', { token: official.token, body: providerBody({ name: `别家${RUN}`.slice(0, 30) }) });
  const otherUser = `hsother${RUN}`.slice(0, 30);
  assert.equal((await call('POST', '/api/v1/accounts', { token, body: { username: otherUser, display_name: '别家', password: PASSWORD, grants: [{ role: 'provider', scope_code: town, provider_id: other.json.id }] } })).status, 201);
  const otherToken = (await login(otherUser, PASSWORD)).token;
  assertError(await call('GET', `/api/v1/provider-orders/${id}`, { token: otherToken }), 404, 'not_found');
  assert.equal((await call('GET', '/api/v1/provider-orders', { token: otherToken })).json.items.length, 0);

  // Rated once, 1–5.
  assertError(await call('POST', `/api/v1/home-orders/${id}/rating`, { token: worker.token, body: { rating: 6 } }), 422, 'validation_failed', 'rating');
  const rated = await call('POST', `/api/v1/home-orders/${id}/rating`, { token: worker.token, body: { rating: 5, note: '饭菜可口' } });
  assert.equal(rated.status, 200, rated.text);
  assert.equal(rated.json.rating, 5);
  assertError(await call('POST', `/api/v1/home-orders/${id}/rating`, { token: worker.token, body: { rating: 4 } }), 409, 'failed_precondition');

  // Cancelling: only before service.
  const third = await call('POST', '/api/v1/home-orders', { token: worker.token, body: order({ units: 1 }) });
  // The provider's day is the day scheduled (or, not yet scheduled, the day wanted).
  const later = Date.now() + 2 * 86_400_000;
  const laterDay = new Date(later + 8 * 3600_000).toISOString().slice(0, 10);
  assert.ok((await call('GET', `/api/v1/provider-orders?date=${TODAY}`, { token: staff.token })).json.items.some((o) => o.id === third.json.id));
  assert.equal((await call('POST', `/api/v1/provider-orders/${third.json.id}/schedule`, { token: staff.token, body: { scheduled_at: later } })).status, 200);
  assert.ok(!(await call('GET', `/api/v1/provider-orders?date=${TODAY}`, { token: staff.token })).json.items.some((o) => o.id === third.json.id));
  assert.ok((await call('GET', `/api/v1/provider-orders?date=${laterDay}`, { token: staff.token })).json.items.some((o) => o.id === third.json.id));
  assertError(await call('GET', '/api/v1/provider-orders?date=tomorrow', { token: staff.token, unchecked: true }), 400, 'invalid_argument', 'date');
  assertError(await call('POST', `/api/v1/home-orders/${third.json.id}/cancel`, { token: worker.token, body: { reason: '' } }), 422, 'validation_failed', 'reason');
  const cancelled = await call('POST', `/api/v1/home-orders/${third.json.id}/cancel`, { token: worker.token, body: { reason: '住院' } });
  assert.equal(cancelled.json.status, 'cancelled');
  assertError(await call('POST', `/api/v1/home-orders/${id}/cancel`, { token: worker.token, body: { reason: '晚了' } }), 409, 'failed_precondition');

  // The statement: the done orders of the month, totals; the current month cannot close.
  const statement = await call('GET', `/api/v1/providers/${provider.id}/statements/${MONTH}`, { token: official.token });
  assert.equal(statement.status, 200, statement.text);
  assert.equal(statement.json.lines.length, 2);
  assert.deepEqual(statement.json.totals, { orders: 2, units: 44, amount: 528, subsidy: 360, self_pay: 168 });
  assert.equal(statement.json.closed, null);
  assertError(await call('POST', `/api/v1/providers/${provider.id}/statements/${MONTH}/close`, { token: official.token }), 422, 'validation_failed', 'month');
  assertError(await call('GET', `/api/v1/providers/${provider.id}/statements/2025-13`, { token: official.token }), 400, 'invalid_argument', 'month');
  const past = '2025-11';
  assertError(await call('POST', `/api/v1/providers/${provider.id}/statements/${past}/close`, { token: worker.token }), 403, 'permission_denied');
  const closed = await call('POST', `/api/v1/providers/${provider.id}/statements/${past}/close`, { token: official.token });
  assert.equal(closed.status, 200, closed.text);
  assert.equal(closed.json.balances, true);
  assert.equal(closed.json.closed.orders, 0);
  assertError(await call('POST', `/api/v1/providers/${provider.id}/statements/${past}/close`, { token: official.token }), 409, 'failed_precondition');

  // Suspended: no new orders; staff grants cannot name it.
  const suspended = await call('PUT', `/api/v1/providers/${provider.id}`, { token: official.token, body: providerBody({ status: 'suspended' }) });
  assert.equal(suspended.status, 200, suspended.text);
  assert.equal(suspended.json.status, 'suspended');
  assertError(await call('POST', '/api/v1/home-orders', { token: worker.token, body: order() }), 422, 'validation_failed', 'provider_id');

  // The staff's read of the phone is in the audit log.
  const audit = await call('GET', `/api/v1/audit?subject_type=resident&subject_id=${elder.id}`, { token });
  assert.equal(audit.status, 200, audit.text);
  assert.ok(audit.json.items.some((e) => e.actor_name === staff.username && e.action === 'read'), audit.text);
});

test('the elderly person orders for themselves: the offers that reach them, their own orders only', async () => {
  const bind = async (person) => {
    const account = await accountWith('resident', community);
    const bound = await call('PUT', `/api/v1/accounts/${account.username}/resident`, { token, body: { resident_id: person.id } });
    assert.equal(bound.status, 200, bound.text);
    return { ...account, token: (await login(account.username, PASSWORD)).token };
  };
  const me = await bind(elder);
  const unbound = await accountWith('resident', community);
  assertError(await call('GET', '/api/v1/me/home-orders', { token: unbound.token }), 403, 'permission_denied');
  assertError(await call('GET', '/api/v1/me/home-providers', { token: worker.token }), 403, 'permission_denied');

  const offers = await call('GET', '/api/v1/me/home-providers?service=meal', { token: me.token });
  assert.equal(offers.status, 200, offers.text);
  // The first provider was suspended above: only the other one, active and serving the town, offers.
  assert.ok(!offers.json.items.some((o) => o.id === provider.id), offers.text);
  const offer = offers.json.items.find((o) => o.name.startsWith('别家'));
  assert.ok(offer, offers.text);
  assert.deepEqual([offer.service, offer.service_name, offer.price], ['meal', '助餐', 12]);
  const all = await call('GET', '/api/v1/me/home-providers', { token: me.token });
  assert.ok(all.json.items.some((o) => o.id === offer.id && o.service === 'cleaning'), all.text);
  assertError(await call('GET', '/api/v1/me/home-providers?service=massage', { token: me.token }), 400, 'invalid_argument', 'service');

  const tomorrow = new Date(Date.now() + 32 * 3600_000).toISOString().slice(0, 10);
  const body = (extra = {}) => ({ provider_id: offer.id, service: 'meal', units: 2, wanted_on: tomorrow, note: `少盐${RUN}`, ...extra });
  assertError(await call('POST', '/api/v1/me/home-orders', { token: me.token, body: body({ units: 0 }) }), 422, 'validation_failed', 'units');
  assertError(await call('POST', '/api/v1/me/home-orders', { token: me.token, body: body({ wanted_on: '2020-01-01' }) }), 422, 'validation_failed', 'wanted_on');
  // Someone else's id in the body changes nothing: the order is always for the bound person.
  const placed = await call('POST', '/api/v1/me/home-orders', { token: me.token, body: body({ resident_id: young.id }) });
  assert.equal(placed.status, 201, placed.text);
  assert.equal(placed.json.resident_id, elder.id);
  assert.equal(placed.json.ordered_by, 'self');
  assert.equal(placed.json.status, 'placed');
  // Under 60: refused, naming the person.
  const youngster = await bind(young);
  assertError(await call('POST', '/api/v1/me/home-orders', { token: youngster.token, body: body() }), 422, 'validation_failed', 'resident_id');

  const mine = await call('GET', '/api/v1/me/home-orders?limit=5', { token: me.token });
  assert.equal(mine.status, 200, mine.text);
  assert.equal(mine.json.items[0].id, placed.json.id);
  assert.ok(mine.json.items.every((o) => o.resident_id === elder.id));
  assert.equal((await call('GET', '/api/v1/me/home-orders', { token: youngster.token })).json.items.length, 0);
  // The worker sees it among the community's orders, placed by the person.
  const atDesk = await call('GET', `/api/v1/home-orders/${placed.json.id}`, { token: worker.token });
  assert.equal(atDesk.json.ordered_by_label, '本人来电');

  // Another person cannot touch it; the person cancels it.
  assertError(await call('POST', `/api/v1/me/home-orders/${placed.json.id}/cancel`, { token: youngster.token, body: { reason: '不要了' } }), 404, 'not_found');
  assertError(await call('POST', `/api/v1/me/home-orders/${placed.json.id}/rating`, { token: me.token, body: { rating: 5 } }), 409, 'failed_precondition');
  const cancelled = await call('POST', `/api/v1/me/home-orders/${placed.json.id}/cancel`, { token: me.token, body: { reason: '家人送饭' } });
  assert.equal(cancelled.status, 200, cancelled.text);
  assert.equal(cancelled.json.status, 'cancelled');
  assertError(await call('POST', `/api/v1/me/home-orders/${placed.json.id}/cancel`, { token: me.token, body: { reason: '再次' } }), 409, 'failed_precondition');
});

test('providers by spreadsheet: all or nothing with a row/column report; the export lists them', async () => {
  const template = await fetch(`${process.env.LINLI_BASE_URL}/api/v1/providers/import-template.xlsx`, { headers: { authorization: `Bearer ${official.token}` } });
  assert.equal(template.status, 200);
  assert.ok(xlsxText(Buffer.from(await template.arrayBuffer())).includes('服务及价格'), 'the template names its columns');

  const header = '服务商名称,类型,统一社会信用代码,登记地代码,服务区域,服务及价格,联系人,联系电话';
  const first = `导入助餐点${RUN},服务组织,,${town},${community},助餐=12.5；助洁=40,李站长,13912340000`;
  const second = `导入助浴队${RUN},,,${town},,助浴=60,周队长,0514-86001234`;
  const csv = (...rows) => `${header}\n${rows.join('\n')}\n`;
  const post = (body, query = '') => call('POST', `/api/v1/providers/import${query}`, { token: official.token, raw: body, headers: { 'content-type': 'text/csv' } });
  // Each row on its own, then across rows, then as the form checks it.
  const bad = await post(csv(first, `坏价格${RUN},,,${town},,助餐=很多,王,13912340001`, `坏类型${RUN},合作社,,${town},,助餐=1,王,13912340002`));
  assertError(bad, 422, 'validation_failed');
  assert.deepEqual(bad.json.report.map((p) => [p.row, p.column]), [[3, '服务及价格'], [4, '类型']]);
  const twice = await post(csv(first, first));
  assert.deepEqual(twice.json.report.map((p) => [p.row, p.column]), [[3, '服务商名称']]);
  const outside = await post(csv(first, `外镇${RUN},,,${otherTown},,助餐=1,王,13912340003`, `坏电话${RUN},,,${town},,助餐=1,王,12`));
  assert.deepEqual(outside.json.report.map((p) => [p.row, p.column]), [[3, '登记地代码'], [4, '联系电话']]);
  const none = await call('GET', `/api/v1/providers?place=${town}&q=${encodeURIComponent(`导入助餐点${RUN}`)}`, { token: official.token });
  assert.equal(none.json.items.length, 0, 'a refused import writes nothing');

  const dry = await post(csv(first, second), '?dry_run=true');
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.json.written, false);
  const accepted = await post(csv(first, second));
  assert.equal(accepted.status, 200, accepted.text);
  assert.equal(accepted.json.imported, 2);
  const made = (await call('GET', `/api/v1/providers?place=${town}&q=${encodeURIComponent(`导入助餐点${RUN}`)}`, { token: official.token })).json.items[0];
  assert.deepEqual(made.areas.map((a) => a.code), [community]);
  assert.equal(made.services.find((s) => s.service === 'meal').price, 12.5);
  // The same file again: the names are taken at their place, nothing more is written.
  const again = await post(csv(first, second));
  assertError(again, 422, 'validation_failed');
  assert.match(again.json.report[0].message, /同名服务商/);

  const exported = await fetch(`${process.env.LINLI_BASE_URL}/api/v1/providers/export.xlsx?place=${town}`, { headers: { authorization: `Bearer ${official.token}` } });
  assert.equal(exported.status, 200);
  const text = xlsxText(Buffer.from(await exported.arrayBuffer()));
  assert.ok(text.includes(`导入助餐点${RUN}`) && text.includes('助餐=12.5') && text.includes('助洁=40') && text.includes(community), text.slice(0, 2000));
  const elsewhere = await accountWith('town_official', otherTown);
  const theirs = await fetch(`${process.env.LINLI_BASE_URL}/api/v1/providers/export.xlsx`, { headers: { authorization: `Bearer ${elsewhere.token}` } });
  assert.ok(!xlsxText(Buffer.from(await theirs.arrayBuffer())).includes(`导入助餐点${RUN}`), 'not another town\'s');
});
