// Community charity (issue 20 item 4; decision 0048): a charity officer (community worker) opens a
// fund, records donations and posts a need; a disbursement waits for the town's approval and is
// paid from the fund; one larger than the balance is refused and changes nothing; a reversal
// corrects the ledger; the balance check agrees; the public disclosure needs no sign-in, masks
// every donor and names no phone; donor phones are masked for a caller without personal data.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { call, admin, accountWith, assertError, RUN } from './lib.mjs';

const TOWN = '321002001';
const COMMUNITY = '321002001002';
const OTHER_COMMUNITY = '321003001001';
const PHONE = '13812349876';
let officer;
let town;
let grid;
let fund;

before(async () => {
  officer = await accountWith('community_worker', COMMUNITY);
  town = await accountWith('town_official', TOWN);
  grid = await accountWith('resident', COMMUNITY);
  const made = await call('POST', '/api/v1/charity-funds', { token: officer.token, body: { community: COMMUNITY, name: `个园社区慈善基金${RUN}`.slice(0, 60), opened_on: '2024-01-01', managing_organisation: '个园社区居委会' } });
  assert.equal(made.status, 201, made.text);
  fund = made.json;
  assert.equal(fund.balance_fen, 0);
});

async function balance() {
  const read = await call('GET', `/api/v1/charity-funds/${fund.id}`, { token: officer.token });
  assert.equal(read.status, 200, read.text);
  return read.json.balance_fen;
}

test('donations, a need, a disbursement approved by the town: the ledger balances', async () => {
  const money = await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { fund_id: fund.id, kind: 'money', amount_fen: 500_00, donor_name: '张三丰', donor_phone: PHONE, donated_on: '2024-03-05' } });
  assert.equal(money.status, 201, money.text);
  assert.equal(money.json.donor_phone, '138****9876');
  const goods = await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { fund_id: fund.id, kind: 'in_kind', item: '棉被', quantity: 10, unit: '床', estimated_value_fen: 150_00, anonymous: true, donated_on: '2024-03-06' } });
  assert.equal(goods.status, 201, goods.text);
  assert.equal(await balance(), 500_00);

  const need = await call('POST', '/api/v1/charity-needs', { token: officer.token, body: { community: COMMUNITY, title: '独居老人冬季取暖', description: '为 3 位独居老人购置取暖器', amount_fen: 300_00 } });
  assert.equal(need.status, 201, need.text);
  assert.equal(need.json.status, 'open');
  const asked = await call('POST', '/api/v1/charity-disbursements', { token: officer.token, body: { fund_id: fund.id, need_id: need.json.id, amount_fen: 300_00 } });
  assert.equal(asked.status, 201, asked.text);
  assert.equal(asked.json.status, 'pending');
  assert.equal(await balance(), 500_00);
  // The officer cannot approve (charity.approve is the town's).
  assertError(await call('POST', `/api/v1/charity-disbursements/${asked.json.id}/approve`, { token: officer.token, body: {} }), 403, 'permission_denied');
  const approved = await call('POST', `/api/v1/charity-disbursements/${asked.json.id}/approve`, { token: town.token, body: { note: '同意' } });
  assert.equal(approved.status, 200, approved.text);
  assert.equal(approved.json.status, 'approved');
  assert.equal(await balance(), 200_00);
  const needs = await call('GET', `/api/v1/charity-needs?place=${COMMUNITY}&status=fulfilled`, { token: officer.token });
  assert.ok(needs.json.items.some((n) => n.id === need.json.id), needs.text);

  const ledger = await call('GET', `/api/v1/charity-funds/${fund.id}/ledger`, { token: officer.token });
  assert.deepEqual(ledger.json.items.map((e) => [e.kind, e.amount_fen]), [['donation', 500_00], ['disbursement', -300_00]]);
  const check = await call('GET', '/api/v1/charity-funds/verify', { token: town.token });
  assert.equal(check.status, 200, check.text);
  const mine = check.json.items.find((c) => c.fund_id === fund.id);
  assert.deepEqual([mine.stored_fen, mine.recomputed_fen, mine.balanced], [200_00, 200_00, true]);
  assert.equal(check.json.balanced, true);
  const audit = await call('GET', `/api/v1/audit?subject_type=charity_disbursement&subject_id=${asked.json.id}`, { token: await admin() });
  assert.equal(audit.json.items.length, 2, audit.text);
});

test('a disbursement beyond the balance is refused and changes nothing', async () => {
  const before = await balance();
  assertError(await call('POST', '/api/v1/charity-disbursements', { token: officer.token, body: { fund_id: fund.id, purpose: '助学', amount_fen: before + 1 } }), 409, 'failed_precondition');
  // Two requests within the balance; the second approval finds it short.
  const first = await call('POST', '/api/v1/charity-disbursements', { token: officer.token, body: { fund_id: fund.id, purpose: '慰问', amount_fen: before } });
  const second = await call('POST', '/api/v1/charity-disbursements', { token: officer.token, body: { fund_id: fund.id, purpose: '助学', amount_fen: before } });
  assert.equal(first.status, 201, first.text);
  assert.equal(second.status, 201, second.text);
  assert.equal((await call('POST', `/api/v1/charity-disbursements/${first.json.id}/approve`, { token: town.token })).status, 200);
  const ledgerBefore = (await call('GET', `/api/v1/charity-funds/${fund.id}/ledger`, { token: officer.token })).text;
  assertError(await call('POST', `/api/v1/charity-disbursements/${second.json.id}/approve`, { token: town.token, body: {} }), 409, 'failed_precondition');
  assert.equal(await balance(), 0);
  assert.equal((await call('GET', `/api/v1/charity-funds/${fund.id}/ledger`, { token: officer.token })).text, ledgerBefore);
  const pending = await call('GET', `/api/v1/charity-disbursements?fund=${fund.id}&status=pending`, { token: officer.token });
  assert.deepEqual(pending.json.items.map((d) => d.id), [second.json.id]);
  const rejected = await call('POST', `/api/v1/charity-disbursements/${second.json.id}/reject`, { token: town.token, body: { note: '余额不足' } });
  assert.equal(rejected.json.status, 'rejected');
});

test('a reversal corrects a donation once; bad input changes nothing', async () => {
  const gift = await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { fund_id: fund.id, kind: 'money', amount_fen: 80_00, donor_name: '李四', donated_on: '2024-04-01' } });
  assert.equal(gift.status, 201, gift.text);
  const ledger = await call('GET', `/api/v1/charity-funds/${fund.id}/ledger`, { token: officer.token });
  const entry = ledger.json.items.find((e) => e.donation_id === gift.json.id);
  const reversal = await call('POST', `/api/v1/charity-funds/${fund.id}/ledger/${entry.id}/reversal`, { token: officer.token, body: { reason: '重复登记' } });
  assert.equal(reversal.status, 201, reversal.text);
  assert.equal(reversal.json.amount_fen, -80_00);
  assertError(await call('POST', `/api/v1/charity-funds/${fund.id}/ledger/${entry.id}/reversal`, { token: officer.token, body: { reason: '再次' } }), 409, 'failed_precondition');
  assert.equal(await balance(), 0);

  const before = await call('GET', `/api/v1/charity-donations?fund=${fund.id}`, { token: officer.token });
  const bad = { fund_id: fund.id, kind: 'money', amount_fen: 100, donor_name: '王五', donated_on: '2024-05-01' };
  assertError(await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { ...bad, amount_fen: 0 } }), 422, 'validation_failed', 'amount_fen');
  assertError(await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { ...bad, amount_fen: 1.5 } }), 400, 'invalid_argument', 'amount_fen');
  assertError(await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { ...bad, donor_name: '王\u0007五' } }), 400, 'invalid_argument', 'donor_name');
  assertError(await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { ...bad, donor_phone: '12345' } }), 422, 'validation_failed', 'donor_phone');
  assertError(await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { ...bad, donated_on: '2999-01-01' } }), 422, 'validation_failed', 'donated_on');
  assertError(await call('POST', '/api/v1/charity-donations', { token: officer.token, body: { ...bad, kind: 'shares' } }), 422, 'validation_failed', 'kind');
  const after = await call('GET', `/api/v1/charity-donations?fund=${fund.id}`, { token: officer.token });
  assert.equal(after.text, before.text);
  // Another community's fund is not the officer's.
  assertError(await call('POST', '/api/v1/charity-funds', { token: officer.token, body: { community: OTHER_COMMUNITY, name: 'x', opened_on: '2024-01-01', managing_organisation: 'y' } }), 404, 'not_found');
});

test('donor phones: masked for the town, unmasked for the community worker and audited', async () => {
  const masked = await call('GET', `/api/v1/charity-donations?fund=${fund.id}`, { token: town.token });
  assert.equal(masked.json.phones_unmasked, false);
  assert.ok(!masked.text.includes(PHONE));
  assert.ok(masked.text.includes('138****9876'));
  const unmasked = await call('GET', `/api/v1/charity-donations?fund=${fund.id}`, { token: officer.token });
  assert.equal(unmasked.json.phones_unmasked, true);
  assert.ok(unmasked.text.includes(PHONE));
  const audit = await call('GET', `/api/v1/audit?subject_type=charity_donation&subject_id=list`, { token: await admin() });
  assert.ok(audit.json.items.some((a) => a.action === 'read' && a.actor_name === officer.username), audit.text);
  // A resident holds no charity.read.
  assertError(await call('GET', `/api/v1/charity-funds/${fund.id}`, { token: grid.token }), 403, 'permission_denied');
});

test('the public disclosure: no sign-in, donors masked, no phone, months and needs met', async () => {
  const res = await call('GET', `/api/v1/public/charity-funds/${fund.id}`);
  assert.equal(res.status, 200, res.text);
  const page = res.json;
  assert.equal(page.fund.name, fund.name);
  assert.ok(!res.text.includes(PHONE) && !res.text.includes('9876'), 'no phone, not even masked');
  assert.ok(!res.text.includes('张三丰') && !res.text.includes('李四'), 'no unmasked donor');
  assert.deepEqual(page.donations.map((d) => d.donor).sort(), ['匿名', '张**']);
  assert.ok(page.disbursements.some((d) => d.need_title === '独居老人冬季取暖' && d.amount_fen === 300_00));
  assert.equal(page.income_fen, 500_00);
  assert.equal(page.spending_fen, 500_00);
  assert.equal(page.months.find((m) => m.month === '2024-03').income_fen, 500_00);
  assertError(await call('GET', '/api/v1/public/charity-funds/999999999'), 404, 'not_found');
});
