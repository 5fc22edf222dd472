// Home services for the elderly (居家养老上门服务; decision 0033) in the browser. The admin registers a
// provider at 个园社区 with two services and their prices and a qualification (a missing price
// refused beside its row first), then makes an account for the provider's staff on the accounts
// page (role 服务商人员, the provider chosen after the town: the scope follows the provider's
// place). A community worker orders 助餐 for an elderly person found by name — the person's
// subsidised units of the month shown, the provider offered with its price, the cost estimated.
// The staff sign in on a phone (390×844) and land on 上门服务: they schedule the order (the
// person's whole phone number then shows as a tel: link), check in near the home and check out
// far from it (the browser's position granted and set; the far check-out flagged), in elder mode
// too. The worker sees the distances and rates the order 5 stars; the admin finds it in the
// provider's statement of this month and closes last month's statement (平衡). The admin also
// imports providers from a spreadsheet (导入服务商): a file with a bad row is refused with the row
// report and nothing written, the fixed file imports, the provider is on the list, and the list's
// 导出 Excel link carries its filters and downloads the providers.
//
// Set up through the API: a grid of 个园社区 with a located building, a household and a person
// born in 1944 holding the 低保 tag (30 subsidised meals a month), and the community worker.
// Every test is skipped when the server has no home services module.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  BASE_URL, launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken,
  idCheckCharacter, loginThroughForm,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/home-services', 'the home services module is not wired into this server yet')
if (SKIP) console.log(`SKIP all home services browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COUNTY = '321002'
const TOWN = '321002001'
const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Home-services-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const PERSON = `助餐老人${TAG}`
const PERSON_PHONE = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`
const PROVIDER = `颐康居家服务${TAG}`
const CW = `hscw${RUN}`.slice(0, 32)
const STAFF = `hsstaff${RUN}`.slice(0, 32)
const STAFF_NAME = `上门服务员${TAG}`
// The person's building, and where the staff stand: ~90 m north of it at check-in, ~2 km at check-out.
const HOME = { lat: 32.3990, lon: 119.4430 }
const NEAR = { latitude: 32.3998, longitude: 119.4430 }
const FAR = { latitude: 32.4170, longitude: 119.4430 }

let browser
let person
let providerId
let orderId
let adminState
let cwState

function idNumber() {
  const body = `321002194405${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}
/** This month and the one before, in China (YYYY-MM). */
function months() {
  const now = new Date(Date.now() + 8 * 3_600_000)
  const thisMonth = now.toISOString().slice(0, 7)
  const before = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1)).toISOString().slice(0, 7)
  return { thisMonth, lastMonth: before }
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  const grid = await created(await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `居家网格${RUN}`, kind: 'ordinary', planned_households: 80, valid_from: '2000-01-01' },
  }))
  const building = await created(await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.code, address: `助老路${RUN}号`, kind: 'residential', floors: 6, ...HOME },
  }))
  const household = await created(await api('POST', '/api/v1/households', { token, body: { building_id: building.id, room: '201', type: 'actual', since: '2000-01-01' } }))
  person = await created(await api('POST', '/api/v1/residents', {
    token, body: { name: PERSON, id_number: idNumber(), phone: PERSON_PHONE, household_id: household.id, relation: 'head', status_since: '2000-01-01' },
  }))
  await created(await api('POST', `/api/v1/residents/${person.id}/tags`, { token, body: { code: 'dibao', valid_from: '2024-01-01' } }))
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: CW, display_name: `居家社工${TAG}`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }] },
  }))
  browser = await launchBrowser()
  adminState = await loggedInState(browser)
  cwState = await loggedInState(browser, CW, PASSWORD)
})
after(async () => { await browser?.close() })

/** A phone's page allowed to read a position (with withPage's screenshot on failure). */
function onGeoPhone(body, { elder = false } = {}) {
  return async (t) => {
    const context = await browser.newContext({
      baseURL: BASE_URL, locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true,
      geolocation: NEAR, permissions: ['geolocation'],
    })
    context.setDefaultTimeout(15000)
    if (elder) await context.addInitScript(() => localStorage.setItem('linli.elderMode', '1'))
    const page = await context.newPage()
    try {
      await body(page, context)
    } catch (error) {
      const dir = fileURLToPath(new URL('../test-results/', import.meta.url))
      fs.mkdirSync(dir, { recursive: true })
      const file = path.join(dir, `${t.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}.png`)
      await page.screenshot({ path: file, fullPage: true }).catch(() => {})
      console.error(`screenshot: ${file}`)
      throw error
    } finally {
      await context.close()
    }
  }
}
/** Waits until the toasts (ElMessage) have gone: axe reads a fading one's colours half blended. */
async function toastsGone(page) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
}
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}

test('the admin registers a provider with services and prices, and makes its staff\'s account', options, async (t) => {
  await withPage(() => browser, () => adminState, async (page) => {
    await page.goto('/care/providers')
    await page.getByTestId('providers-page').waitFor()
    await page.getByTestId('provider-create').click()
    await page.getByTestId('provider-form').waitFor()
    await page.getByTestId('provider-name').fill(PROVIDER)
    await page.getByTestId('provider-credit-code').fill('91321002MA1XK3QJ0T')
    // The registered place by name: 广陵区 → 东关街道 → 个园社区.
    await page.getByTestId('provider-place-level-0').selectOption(COUNTY)
    await page.getByTestId('provider-place-level-1').selectOption(TOWN)
    await page.getByTestId('provider-place-level-2').selectOption(COMMUNITY)
    await page.getByTestId('provider-areas-default').waitFor()
    // Two services: the second's price forgotten first, refused beside its row.
    await page.getByTestId('provider-service-0-code').selectOption('meal')
    await page.getByTestId('provider-service-0-price').fill('15')
    await page.getByTestId('provider-service-add').click()
    await page.getByTestId('provider-service-1-code').selectOption('cleaning')
    await page.getByTestId('provider-qualification-add').click()
    await page.getByTestId('provider-qualification-0-name').fill('食品经营许可证')
    await page.getByTestId('provider-qualification-0-number').fill(`JY132100${RUN}`.slice(0, 30))
    await page.getByTestId('provider-qualification-0-until').fill('2030-12-31')
    await page.getByTestId('provider-contact-name').fill('王经理')
    await page.getByTestId('provider-contact-phone').fill('0514-87360000')
    await page.getByTestId('provider-submit').click()
    assert.equal(await page.getByTestId('provider-service-1-price-error').innerText(), '请填写单价')
    await expectNoAxeViolations(page, 'provider form with a refused row')
    await page.getByTestId('provider-service-1-price').fill('40.5')
    await page.getByTestId('provider-submit').click()

    await page.getByTestId('provider-title').filter({ hasText: PROVIDER }).waitFor()
    providerId = Number(new URL(page.url()).pathname.split('/').pop())
    assert.ok(providerId > 0, page.url())
    assert.match(await page.getByTestId('provider-place').innerText(), /个园社区/)
    assert.match(await page.getByTestId('provider-price-meal').innerText(), /助餐[\s\S]*¥15\.00 \/ 餐/)
    assert.match(await page.getByTestId('provider-price-cleaning').innerText(), /助洁[\s\S]*¥40\.50 \/ 小时/)
    assert.match(await page.getByTestId('provider-qualification-table').innerText(), /食品经营许可证[\s\S]*2030-12-31/)
    await page.getByTestId('provider-staff-empty').waitFor()
    await page.getByTestId('statement').waitFor()
    await toastsGone(page)
    await expectNoAxeViolations(page, 'provider page')

    // The list finds it by the start of its name, with its prices.
    await page.getByTestId('provider-back').click()
    await page.getByTestId('provider-filter-q').fill(PROVIDER.slice(0, 6))
    await page.getByTestId('provider-filter-service').selectOption('meal')
    await page.getByTestId('filter-submit').click()
    const row = page.getByTestId(`provider-row-${providerId}`)
    await row.waitFor()
    const rowText = await row.innerText()
    for (const part of ['服务机构', '个园社区', '助餐 ¥15.00/餐', '助洁 ¥40.50/小时', '正常']) assert.ok(rowText.includes(part), `${part} in ${rowText}`)
    await expectNoAxeViolations(page, 'providers list')

    // The staff's account: role 服务商人员, the town chosen, then the provider — whose place
    // becomes the grant's scope.
    await page.goto('/accounts')
    await page.getByTestId('account-create').click()
    const dialog = page.getByTestId('account-dialog')
    await dialog.getByTestId('account-username').fill(STAFF)
    await dialog.getByTestId('account-display-name').fill(STAFF_NAME)
    await dialog.getByTestId('account-password').fill(PASSWORD)
    await dialog.getByTestId('account-grant-role-0').selectOption('provider')
    await dialog.getByTestId('account-grant-scope-0-level-0').selectOption(COUNTY)
    await dialog.getByTestId('account-grant-scope-0-level-1').selectOption(TOWN)
    // Without a provider the grant is refused before sending.
    await page.getByTestId('account-save').click()
    await dialog.getByTestId('account-grant-error').getByText('服务商人员必须选择所属服务商').waitFor()
    const provider = dialog.getByTestId('account-grant-0-provider')
    await provider.locator(`option[value="${providerId}"]`).waitFor({ state: 'attached' })
    await provider.selectOption(String(providerId))
    await dialog.getByTestId('account-grant-scope-0-level-2').waitFor()
    await page.waitForFunction((code) => document.querySelector('[data-testid="account-grant-scope-0-level-2"]')?.value === code, COMMUNITY)
    await expectNoAxeViolations(page, 'account dialog with a provider grant')
    await page.getByTestId('account-save').click()
    await dialog.waitFor({ state: 'hidden' })
    const account = page.getByTestId(`account-row-${STAFF}`)
    await account.waitFor()
    assert.match(await account.innerText(), new RegExp(`服务商人员 · 个园社区[^\\n]* · ${PROVIDER}`))

    // The provider's page lists the staff account.
    await page.goto(`/care/providers/${providerId}`)
    assert.match(await page.getByTestId('provider-staff-list').innerText(), new RegExp(STAFF_NAME))
  })(t)
})

test('a community worker orders 助餐 for an elderly person, with the subsidy shown', options, async (t) => {
  assert.ok(providerId, 'the provider was registered')
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/care/home-orders')
    await page.getByTestId('home-orders-page').waitFor()
    await page.getByTestId('order-create').click()
    await page.getByTestId('order-form').waitFor()
    // Nothing chosen: refused beside the fields.
    await page.getByTestId('order-submit').click()
    await page.getByTestId('order-resident-error').getByText('请先查找并选择服务对象').waitFor()
    await page.getByTestId('order-ordered-by-error').getByText('请选择下单方式').waitFor()

    await page.getByTestId('order-resident-q').fill(PERSON)
    await page.getByTestId('order-resident-search').click()
    await page.getByTestId(`order-resident-pick-${person.id}`).click()
    // 低保 at 80: 30 subsidised meals this month, none used.
    const meals = page.getByTestId('order-entitlement-meal')
    await meals.waitFor()
    assert.match(await meals.innerText(), /助餐[\s\S]*30 餐[\s\S]*0 餐[\s\S]*30 餐/)

    await page.getByTestId('order-service').selectOption('meal')
    const provider = page.getByTestId('order-provider')
    await provider.locator(`option[value="${providerId}"]`).waitFor({ state: 'attached' })
    assert.match(await provider.locator(`option[value="${providerId}"]`).textContent(), new RegExp(`${PROVIDER} · ¥15\\.00/餐`))
    await provider.selectOption(String(providerId))
    await page.getByTestId('order-units').fill('2')
    assert.match(await page.getByTestId('order-estimate').innerText(), /预计服务金额 ¥30\.00，其中补贴 ¥30\.00，个人自付 ¥0\.00/)
    await page.getByTestId('order-ordered-by-relative').check()
    await page.getByTestId('order-note').fill('少盐少油')
    await expectNoAxeViolations(page, 'order form')
    await page.getByTestId('order-submit').click()

    await page.getByTestId('order-title').filter({ hasText: `${PERSON} · 助餐` }).waitFor()
    orderId = Number(new URL(page.url()).pathname.split('/').pop())
    assert.equal(await page.getByTestId('order-status').innerText(), '待排班')
    assert.match(await page.getByTestId('order-service').innerText(), /助餐 · 2 餐/)
    assert.match(await page.getByTestId('order-address').innerText(), new RegExp(`助老路${RUN}号`))
    await page.getByTestId('order-cancel').waitFor()
    assert.equal(await page.getByTestId('order-rate').count(), 0, 'not rated before it is done')
    await toastsGone(page)
    await expectNoAxeViolations(page, 'order page')

    // The list shows it with its provider and status.
    await page.getByTestId('order-back').click()
    const row = page.getByTestId(`order-row-${orderId}`)
    await row.waitFor()
    assert.match(await row.innerText(), new RegExp(`${PERSON}[\\s\\S]*助餐 · 2 餐[\\s\\S]*${PROVIDER}[\\s\\S]*待排班`))
  })(t)
})

test('the provider\'s staff, on a phone, schedule, check in near the home and check out far from it', options, onGeoPhone(async (page, context) => {
  assert.ok(orderId, 'the order was placed')
  // 上门服务 is the first screen of a provider's staff.
  await loginThroughForm(page, STAFF, PASSWORD, 'provider-orders-page')
  assert.equal(new URL(page.url()).pathname, '/provider/orders')
  assert.equal(await page.getByTestId('tab-provider-orders').count(), 1, 'the tab bar offers 上门服务')
  assert.equal(await page.getByTestId('tab-workbench').count(), 0, 'no workbench for a provider\'s staff')
  const card = page.getByTestId(`provider-order-${orderId}`)
  await card.waitFor()
  assert.match(await card.innerText(), new RegExp(`${PERSON}[\\s\\S]*待排班[\\s\\S]*助餐 · 2 餐[\\s\\S]*助老路${RUN}号`))
  // Masked until the order is scheduled.
  assert.match(await page.getByTestId(`provider-order-phone-${orderId}`).innerText(), /\*{4}/)
  await noSidewaysScroll(page, '/provider/orders')
  await expectNoAxeViolations(page, 'provider orders on a phone')

  // 排班: the proposed time (today, not in the past) as it is.
  await page.getByTestId(`provider-order-schedule-${orderId}`).click()
  await page.getByTestId('schedule-at').waitFor()
  await expectNoAxeViolations(page, 'schedule dialog on a phone')
  await page.getByTestId('schedule-confirm').click()
  await page.getByTestId('schedule-dialog').waitFor({ state: 'hidden' })
  await page.getByTestId(`provider-order-status-${orderId}`).filter({ hasText: '已排班' }).waitFor()
  const tel = page.getByTestId(`provider-order-tel-${orderId}`)
  await tel.waitFor()
  assert.equal(await tel.getAttribute('href'), `tel:${PERSON_PHONE}`)

  // 签到 about 90 m from the home.
  await page.getByTestId(`provider-order-checkin-${orderId}`).click()
  await page.getByTestId(`provider-order-status-${orderId}`).filter({ hasText: '服务中' }).waitFor()
  const note = page.getByTestId(`provider-order-note-${orderId}`)
  await note.waitFor()
  assert.match(await note.innerText(), /已签到，距老人住址 \d{2,3} 米/)

  // 签退 some 2 km away: done, the distance flagged.
  await context.setGeolocation(FAR)
  await page.getByTestId(`provider-order-checkout-${orderId}`).click()
  const units = page.getByTestId('checkout-units')
  await units.waitFor()
  assert.equal(await units.inputValue(), '2')
  await page.getByTestId('checkout-note').fill('老人用餐正常')
  await toastsGone(page)
  await expectNoAxeViolations(page, 'check-out dialog on a phone')
  await page.getByTestId('checkout-confirm').click()
  await page.getByTestId(`provider-order-status-${orderId}`).filter({ hasText: '已完成' }).waitFor()
  await note.filter({ hasText: '已签退' }).waitFor()
  assert.match(await note.innerText(), /已签退，距老人住址 \d\.\d 公里/)
  assert.match(await card.innerText(), /距离过远/)
  assert.match(await page.getByTestId(`provider-order-amount-${orderId}`).innerText(), /¥30\.00（补贴 ¥30\.00，自付 ¥0\.00）/)
  await noSidewaysScroll(page, '/provider/orders after check-out')
  await toastsGone(page)
  await expectNoAxeViolations(page, 'provider orders after check-out')

  // Every status of today: the done order is among them.
  await page.getByTestId('provider-orders-status').selectOption('all')
  await page.getByTestId('filter-submit').click()
  await page.getByTestId(`provider-order-status-${orderId}`).filter({ hasText: '已完成' }).waitFor()
}))

test('the provider app keeps the phone\'s width in elder mode', options, onGeoPhone(async (page) => {
  await loginThroughForm(page, STAFF, PASSWORD, 'provider-orders-page')
  await page.goto('/provider/orders?status=all')
  await page.getByTestId(`provider-order-${orderId}`).waitFor()
  const widths = await page.evaluate(() => ({
    elder: document.documentElement.classList.contains('elder-mode'),
    app: document.querySelector('#app').getBoundingClientRect().width,
  }))
  assert.ok(widths.elder, 'elder mode is on')
  assert.ok(widths.app >= PHONE.width - 20, `the app is ${widths.app}px wide`)
  await noSidewaysScroll(page, '/provider/orders in elder mode')
  await page.getByTestId(`provider-order-link-${orderId}`).click()
  await page.getByTestId('provider-order-page').waitFor()
  assert.match(await page.getByTestId('provider-order-title').innerText(), new RegExp(PERSON))
  await noSidewaysScroll(page, 'a provider order in elder mode')
  await expectNoAxeViolations(page, 'a provider order in elder mode')
}, { elder: true }))

test('the worker sees the distances and rates the order; the admin reads and closes statements', options, async (t) => {
  assert.ok(orderId, 'the order was placed')
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto(`/care/home-orders/${orderId}`)
    await page.getByTestId('order-status').filter({ hasText: '已完成' }).waitFor()
    assert.match(await page.getByTestId('order-checkin').innerText(), /距住址 \d{2,3} 米/)
    assert.equal(await page.getByTestId('order-checkin-far').count(), 0)
    await page.getByTestId('order-checkout-far').waitFor()
    await page.getByTestId('order-far-note').waitFor()
    assert.equal(await page.getByTestId('order-amount').innerText(), '¥30.00')
    assert.equal(await page.getByTestId('order-subsidy').innerText(), '¥30.00')
    assert.equal(await page.getByTestId('order-self-pay').innerText(), '¥0.00')
    assert.equal(await page.getByTestId('order-cancel').count(), 0, 'a done order cannot be cancelled')

    await page.getByTestId('order-rate').click()
    const dialog = page.getByTestId('order-rate-dialog')
    // No stars: refused.
    await page.getByTestId('order-rate-confirm').click()
    await page.getByTestId('order-rate-stars-error').waitFor()
    await dialog.locator('.el-rate__item').nth(4).click()
    await page.getByTestId('order-rate-note').fill('饭菜可口，送餐准时')
    await expectNoAxeViolations(page, 'rating dialog')
    await page.getByTestId('order-rate-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('order-rating').filter({ hasText: '5 星' }).waitFor()
    assert.match(await page.getByTestId('order-rating-note').innerText(), /饭菜可口/)
    assert.equal(await page.getByTestId('order-rate').count(), 0, 'rated once')
    await toastsGone(page)
    await expectNoAxeViolations(page, 'rated order')
  })(t)

  const { thisMonth, lastMonth } = months()
  await withPage(() => browser, () => adminState, async (page) => {
    // This month's statement: the order, not to be closed before the month is over.
    await page.goto(`/care/providers/${providerId}?month=${thisMonth}`)
    const line = page.getByTestId(`statement-line-${orderId}`)
    await line.waitFor()
    assert.match(await line.innerText(), new RegExp(`${PERSON}[\\s\\S]*助餐[\\s\\S]*2[\\s\\S]*¥15\\.00[\\s\\S]*¥30\\.00[\\s\\S]*¥30\\.00[\\s\\S]*¥0\\.00`))
    assert.equal(await page.getByTestId('statement-total-amount').innerText(), '¥30.00')
    await page.getByTestId('statement-open').waitFor()
    await page.getByTestId('statement-close-note').waitFor()
    assert.equal(await page.getByTestId('statement-close').count(), 0)
    await expectNoAxeViolations(page, 'statement of this month')

    // Last month (the default): nothing done, closed — and it balances.
    await page.goto(`/care/providers/${providerId}`)
    assert.equal(await page.getByTestId('statement-month').inputValue(), lastMonth)
    await page.getByTestId('statement-empty').waitFor()
    await page.getByTestId('statement-close').click()
    const confirm = page.locator('.el-message-box .statement-confirm')
    await confirm.waitFor()
    await confirm.click()
    await page.getByTestId('statement-balance').filter({ hasText: '平衡' }).waitFor()
    assert.match(await page.getByTestId('statement-closed').innerText(), /关闭结算/)
    assert.equal(await page.getByTestId('statement-close').count(), 0, 'closed once')

    // The month picker moves to this month again.
    await page.getByTestId('statement-month').fill(thisMonth)
    await page.getByTestId(`statement-line-${orderId}`).waitFor()
  })(t)
})

test('the admin imports providers: a row report first, then the good file; the export keeps the filters', options, async (t) => {
  const name = `导入助餐点${RUN}`
  const header = '服务商名称,类型,统一社会信用代码,登记地代码,服务区域,服务及价格,联系人,联系电话'
  const good = `${name},服务组织,,${TOWN},,助餐=12.5；助洁=40,李站长,13912340000`
  const bad = `导入坏行${RUN},服务组织,,${TOWN},,助飞=10,张站长,13912340001`
  const token = await adminToken()
  const named = async (text) => (await api('GET', `/api/v1/providers?q=${encodeURIComponent(text)}`, { token })).json.items
  await withPage(() => browser, () => adminState, async (page) => {
    // The export link of the shown filters.
    await page.goto(`/care/providers?service=meal&status=active&q=${encodeURIComponent(name)}`)
    await page.getByTestId('providers-page').waitFor()
    const href = await page.getByTestId('provider-export').getAttribute('href')
    const url = new URL(href, BASE_URL)
    assert.equal(url.pathname, '/api/v1/providers/export.xlsx')
    assert.equal(url.searchParams.get('service'), 'meal')
    assert.equal(url.searchParams.get('status'), 'active')
    assert.equal(url.searchParams.get('q'), name)

    await page.getByTestId('provider-import').click()
    await page.getByTestId('import-page').waitFor()
    await page.getByRole('heading', { name: '导入服务商' }).waitFor()
    assert.equal(new URL(page.url()).pathname, '/care/providers/import')
    assert.equal(new URL(await page.getByTestId('import-template').getAttribute('href'), BASE_URL).pathname, '/api/v1/providers/import-template.xlsx')
    await expectNoAxeViolations(page, 'provider import')

    // A row with a service nobody offers: refused with the row report, nothing written.
    await page.getByTestId('import-file').setInputFiles({ name: '服务商.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\n${bad}\n`) })
    await page.getByTestId('import-submit').click()
    const report = page.getByTestId('import-report')
    await report.waitFor()
    const rows = await report.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())))
    assert.equal(rows.length, 1, JSON.stringify(rows))
    assert.equal(rows[0][0], '3')
    assert.equal(rows[0][1], '服务及价格')
    assert.match(rows[0][2], /助飞/)
    assert.match(await page.getByTestId('import-error').textContent(), /没有写入任何数据/)
    await page.getByTestId('import-error-copy').waitFor()
    await expectNoAxeViolations(page, 'provider import report')
    assert.equal((await named(name)).length, 0, 'a refused file writes nothing')

    // The fixed file: checked, then imported.
    await page.getByTestId('import-file').setInputFiles({ name: '服务商.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\n`) })
    await page.getByTestId('import-check').click()
    await page.getByTestId('import-success').filter({ hasText: '检查通过：1 行' }).waitFor()
    assert.equal((await named(name)).length, 0, 'a check writes nothing')
    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-success').filter({ hasText: '导入完成：新增 1 个服务商' }).waitFor()
    assert.equal(await page.getByTestId('import-report').count(), 0)
    const [imported] = await named(name)
    assert.ok(imported, 'the provider was imported')
    assert.equal(imported.status, 'active')
    assert.equal(imported.place_code, TOWN)

    // On the list, found by its name, with its prices.
    await page.getByTestId('import-success').getByRole('link').click()
    await page.getByTestId('providers-page').waitFor()
    await page.getByTestId('provider-filter-q').fill(name)
    await page.getByTestId('filter-submit').click()
    const row = page.getByTestId(`provider-row-${imported.id}`)
    await row.waitFor()
    const rowText = await row.innerText()
    for (const part of [name, '服务机构', '助餐 ¥12.50/餐', '助洁 ¥40.00/小时', '正常']) assert.ok(rowText.includes(part), `${part} in ${rowText}`)

    // The export of these filters downloads with the session: a spreadsheet.
    const exportHref = await page.getByTestId('provider-export').getAttribute('href')
    assert.equal(new URL(exportHref, BASE_URL).searchParams.get('q'), name)
    const download = await page.request.get(new URL(exportHref, BASE_URL).href)
    assert.equal(download.status(), 200, await download.text())
    assert.match(download.headers()['content-type'] || '', /spreadsheetml/)

    // A phone keeps the list's tools and the import page within its width.
    await page.setViewportSize(PHONE)
    await page.getByTestId('provider-import').waitFor()
    await noSidewaysScroll(page, '/care/providers')
    await page.goto('/care/providers/import')
    await page.getByTestId('import-page').waitFor()
    await noSidewaysScroll(page, '/care/providers/import')
  })(t)
})
