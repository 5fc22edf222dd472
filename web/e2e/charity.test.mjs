// Community charity (decision 0048) as a resident sees it: a charity officer (a community worker)
// records donations and asks for a disbursement to a need, the town approves it — set up through
// the API (the officers' pages have their own test, charity-officers.test.mjs) — and then anyone,
// not signed in, opens the fund's public disclosure page: donors masked (张**, 匿名), no phone, the
// need the money met; axe-clean on a desktop and on a phone, Chinese first.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, withPage, expectNoAxeViolations, api, adminToken, createAccount } from './helpers.mjs'

const TOWN = '321002001'
const COMMUNITY = '321002001004'
const RUN = Date.now().toString(36).toUpperCase()
const PASSWORD = 'Charity-e2e-2026'

let browser
let fund
async function tokenOf(role, scope) {
  const admin = await adminToken()
  const username = `ch${role.slice(0, 4)}${RUN}`.toLowerCase().slice(0, 32)
  await createAccount(admin, { username, display_name: `慈善${role}`, password: PASSWORD, grants: [{ role, scope_code: scope }] })
  const session = await api('POST', '/api/v1/session', { body: { username, password: PASSWORD } })
  assert.equal(session.status, 200, session.text)
  return session.json.token
}

before(async () => {
  browser = await launchBrowser()
  const officer = await tokenOf('community_worker', COMMUNITY)
  const town = await tokenOf('town_official', TOWN)
  const made = await api('POST', '/api/v1/charity-funds', { token: officer, body: { community: COMMUNITY, name: `宋都社区慈善基金${RUN}`, opened_on: '2024-01-01', managing_organisation: '宋都社区居委会' } })
  assert.equal(made.status, 201, made.text)
  fund = made.json
  for (const body of [
    { kind: 'money', amount_fen: 1000_00, donor_name: '张三丰', donor_phone: '13812340000', donated_on: '2024-02-10' },
    { kind: 'money', amount_fen: 200_00, anonymous: true, donated_on: '2024-03-01' },
    { kind: 'in_kind', item: '大米', quantity: 10, unit: '袋', estimated_value_fen: 500_00, donor_name: '李四', donated_on: '2024-03-02' },
  ]) {
    const res = await api('POST', '/api/v1/charity-donations', { token: officer, body: { fund_id: fund.id, ...body } })
    assert.equal(res.status, 201, res.text)
  }
  const need = await api('POST', '/api/v1/charity-needs', { token: officer, body: { community: COMMUNITY, title: '困难学生助学', description: '两名学生的学习用品', amount_fen: 600_00 } })
  assert.equal(need.status, 201, need.text)
  const asked = await api('POST', '/api/v1/charity-disbursements', { token: officer, body: { fund_id: fund.id, need_id: need.json.id, amount_fen: 600_00 } })
  assert.equal(asked.status, 201, asked.text)
  const approved = await api('POST', `/api/v1/charity-disbursements/${asked.json.id}/approve`, { token: town, body: { note: '同意' } })
  assert.equal(approved.status, 200, approved.text)
})
after(async () => { await browser?.close() })

for (const [label, viewport] of [['desktop', { width: 1280, height: 900 }], ['phone', { width: 390, height: 844 }]]) {
  test(`a resident opens the fund's public disclosure without signing in (${label})`, withPage(() => browser, null, async (p) => {
    await p.setViewportSize(viewport)
    await p.goto(`/public/charity/${fund.id}`)
    await p.getByTestId('charity-disclosure-title').filter({ hasText: '宋都社区慈善基金' }).waitFor()
    const text = await p.getByTestId('charity-disclosure').textContent()
    assert.ok(text.includes('张**') && text.includes('匿名') && text.includes('李*'), text)
    assert.ok(!text.includes('张三丰') && !text.includes('李四') && !text.includes('1381234'), 'no unmasked name, no phone')
    assert.ok(text.includes('资助：困难学生助学'), text)
    assert.equal((await p.getByTestId('charity-balance').textContent()).trim(), '600.00 元')
    assert.equal((await p.getByTestId('charity-income').textContent()).trim(), '1,200.00 元')
    await expectNoAxeViolations(p, `charity disclosure (${label})`)
  }))
}
