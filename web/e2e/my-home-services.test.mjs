// An elderly person orders a home service themselves (居家养老上门服务; decision 0033), in the
// browser on a phone (390×844). Set up through the API as the admin: a grid of 个园社区 with a
// building, a household and a person born in 1950 (over 60), a resident account bound to that
// person, and a provider registered at 个园社区 offering 助餐 (meal). The resident signs in, opens
// 上门服务 from the menu, chooses 助餐 and the provider (its price shown), keeps the day proposed
// (tomorrow), orders, sees the order 待排班 in 我的上门服务订单 and cancels it with a reason; the
// server holds it as ordered by the person themselves and cancelled with that reason. The page is
// axe-clean and stays within the phone, in elder mode too.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, withPage, expectNoAxeViolations, api, adminToken, idCheckCharacter, loginThroughForm,
} from './helpers.mjs'


const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'My-home-services-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const PERSON = `自订老人${TAG}`
const PROVIDER = `自订助餐${TAG}`
const RESIDENT = `mhs${RUN}`.slice(0, 32)
const REASON = '临时要去医院复查'

let browser
let token
let person
let providerId

function idNumber() {
  const body = `321002195003${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}
/** Tomorrow in China (YYYY-MM-DD), the day the page proposes. */
function tomorrow() {
  return new Date(Date.now() + 8 * 3_600_000 + 24 * 3_600_000).toISOString().slice(0, 10)
}
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}

before(async () => {
  token = await adminToken()
  const grid = await created(await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `自订网格${RUN}`, kind: 'ordinary', planned_households: 80, valid_from: '2000-01-01' },
  }))
  const building = await created(await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.code, address: `自订路${RUN}号`, kind: 'residential', floors: 6, lat: 32.399, lon: 119.443 },
  }))
  const household = await created(await api('POST', '/api/v1/households', { token, body: { building_id: building.id, room: '301', type: 'actual', since: '2000-01-01' } }))
  person = await created(await api('POST', '/api/v1/residents', {
    token,
    body: {
      name: PERSON, id_number: idNumber(), phone: `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`, ethnicity: '汉族',
      status: 'registered_resident', status_since: '2000-01-01', household_id: household.id, relation: 'head',
    },
  }))
  const provider = await created(await api('POST', '/api/v1/providers', {
    token,
    body: {
      name: PROVIDER, kind: 'organisation', place_code: COMMUNITY, areas: [COMMUNITY], services: [{ service: 'meal', price: 15 }],
      contact_name: '周站长', contact_phone: '13912345678',
    },
  }))
  providerId = provider.id
  // The resident's account, bound to the person.
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: RESIDENT, display_name: PERSON, password: PASSWORD, grants: [{ role: 'resident', scope_code: COMMUNITY }] },
  }))
  const bound = await api('PUT', `/api/v1/accounts/${RESIDENT}/resident`, { token, body: { resident_id: person.id } })
  assert.equal(bound.status, 200, bound.text)
  browser = await launchBrowser()
})
after(async () => { await browser?.close() })

/** A phone's page (withPage's context is a desktop one; this one is 390 px wide). */
function onPhone(body) {
  return withPage(() => browser, null, async (page, t) => {
    await page.setViewportSize(PHONE)
    await body(page, t)
  })
}

test('an elderly resident orders 助餐 for tomorrow on a phone, sees it 待排班 and cancels it', onPhone(async (page) => {
  await loginThroughForm(page, RESIDENT, PASSWORD)
  assert.equal(await page.getByTestId('tab-my-home-services').count(), 1, 'the tab bar offers 上门服务')
  // 上门服务 from the menu (the drawer on a phone).
  await page.getByTestId('menu-toggle').click()
  await page.getByTestId('menu-my-home-services').click()
  await page.getByTestId('my-home-heading').filter({ hasText: '上门服务' }).waitFor()
  assert.ok(page.url().endsWith('/my/home-services'), page.url())
  await page.getByTestId('my-home-service-meal').waitFor()
  await page.getByTestId('my-home-orders-empty').waitFor()
  await noSidewaysScroll(page, '上门服务')
  await expectNoAxeViolations(page, '上门服务 on a phone')

  // Nothing chosen: the page says what is missing, beside the fields.
  await page.getByTestId('my-home-submit').click()
  await page.getByTestId('my-home-service-error').waitFor()

  await page.getByTestId('my-home-service-meal').check()
  const offer = page.getByTestId('my-home-providers').locator('label').filter({ hasText: PROVIDER })
  assert.match(await offer.innerText(), /¥15\.00\/餐/)
  await page.getByTestId(`my-home-provider-${providerId}`).check()
  assert.equal(await page.getByTestId('my-home-wanted-on').inputValue(), tomorrow())
  await page.getByTestId('my-home-units').fill('1')
  await page.getByTestId('my-home-note').fill('少盐，中午送到')
  await page.getByTestId('my-home-submit').click()
  await page.getByTestId('my-home-notice').filter({ hasText: '已订购' }).waitFor()

  // 我的上门服务订单: the new order, 待排班.
  const card = page.locator('li[data-testid^="my-home-order-"]').first()
  await card.waitFor()
  const orderId = Number((await card.getAttribute('data-testid')).replace('my-home-order-', ''))
  assert.ok(orderId > 0)
  assert.equal(await card.getAttribute('data-status'), 'placed')
  const text = await card.innerText()
  assert.match(text, /助餐/)
  assert.match(text, new RegExp(PROVIDER))
  assert.match(text, /待排班/)
  assert.match(text, new RegExp(tomorrow()))
  assert.equal(await page.getByTestId(`my-home-rate-${orderId}`).count(), 0, 'nothing to rate before it is done')
  await noSidewaysScroll(page, 'an order placed')
  await expectNoAxeViolations(page, 'an order placed, on a phone')

  const placed = await api('GET', `/api/v1/home-orders/${orderId}`, { token })
  assert.equal(placed.status, 200, placed.text)
  assert.equal(placed.json.resident_id, person.id)
  assert.equal(placed.json.provider_id, providerId)
  assert.equal(placed.json.ordered_by, 'self')
  assert.equal(placed.json.wanted_on, tomorrow())
  assert.equal(placed.json.units, 1)

  // 取消, with a reason.
  await page.getByTestId(`my-home-cancel-${orderId}`).click()
  const dialog = page.getByTestId('order-cancel-dialog')
  await dialog.getByTestId('order-cancel-reason').waitFor()
  await expectNoAxeViolations(page, 'the cancel dialog, on a phone')
  await dialog.getByTestId('order-cancel-reason').fill(REASON)
  await page.getByTestId('order-cancel-confirm').click()
  await page.locator(`li[data-testid="my-home-order-${orderId}"][data-status="cancelled"]`).waitFor()
  await dialog.waitFor({ state: 'hidden' })
  assert.match(await page.getByTestId(`my-home-order-${orderId}`).innerText(), new RegExp(`已取消[\\s\\S]*${REASON}`))
  assert.equal(await page.getByTestId(`my-home-cancel-${orderId}`).count(), 0)
  const cancelled = await api('GET', `/api/v1/home-orders/${orderId}`, { token })
  assert.equal(cancelled.json.status, 'cancelled', cancelled.text)
  assert.equal(cancelled.json.cancel_reason, REASON)

  // Elder mode: still within the phone, no violations.
  await page.getByTestId('elder-mode-toggle').click()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  await noSidewaysScroll(page, '上门服务 in elder mode')
  await expectNoAxeViolations(page, '上门服务 in elder mode, on a phone')
}))
