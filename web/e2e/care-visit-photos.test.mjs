// Care visits with photos, and needs handed on (issue 19 item 2) in the browser. A grid worker on
// a phone (390×844) records this month's visit of an elder with a photo taken with the camera and
// a need, opens the visit's details (the photo shown, the need listed), hands the need on as an
// event of the grid in one step and follows the link to the event. A community worker on a
// desktop hands another need on as a service request for the person (助餐登记, 网格代办) from 需求.
//
// Set up through the API: a grid of 个园社区 with a building, a household and the elder, the two
// workers, an archive, and this month's visits planned by the job care.visit_plan.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, idCheckCharacter,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/care/categories', 'the care module is not wired into this server yet')
const options = SKIP ? { skip: SKIP } : {}

const COMMUNITY = '321002001002' // 个园社区居委会
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Visit-photos-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const ELDER = `照片老人${TAG}`
const GW = `photogw${RUN}`.slice(0, 32)
const CW = `photocw${RUN}`.slice(0, 32)
// A real 1×1 PNG, so that the page can show it.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64')

let browser
let elder
let gwState
let cwState

async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  const grid = await created(await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `照片网格${RUN}`, kind: 'ordinary', planned_households: 80, valid_from: '2000-01-01' },
  }))
  const building = await created(await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.code, address: `照片路${RUN}号`, kind: 'residential', floors: 6 },
  }))
  const household = await created(await api('POST', '/api/v1/households', { token, body: { building_id: building.id, room: '201', type: 'actual', since: '2000-01-01' } }))
  const body = `3210021940${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  elder = await created(await api('POST', '/api/v1/residents', {
    token, body: { name: ELDER, id_number: body + idCheckCharacter(body), household_id: household.id, relation: 'head', status_since: '2000-01-01' },
  }))
  await created(await api('POST', '/api/v1/accounts', { token, body: { username: GW, display_name: `照片网格员${TAG}`, password: PASSWORD, grants: [{ role: 'grid_worker', scope_code: grid.code }] } }))
  await created(await api('POST', '/api/v1/accounts', { token, body: { username: CW, display_name: `照片社工${TAG}`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }] } }))
  await created(await api('POST', '/api/v1/care/archives', { token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '高龄独居' } } }))
  for (let attempt = 0; ; attempt++) {
    const run = await api('POST', '/api/v1/jobs/care.visit_plan/run', { token })
    if (run.status !== 409) {
      assert.equal(run.status, 200, run.text)
      break
    }
    assert.ok(attempt < 20, 'care.visit_plan stayed busy')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  browser = await launchBrowser()
  gwState = await loggedInState(browser, GW, PASSWORD)
  cwState = await loggedInState(browser, CW, PASSWORD)
})
after(async () => { await browser?.close() })

test('a grid worker on a phone records a visit with a photo, sees it, and hands the need on as an event', options, withPage(() => browser, () => gwState, async (page) => {
  await page.setViewportSize(PHONE)
  await page.goto('/care/visits')
  const row = page.locator('[data-testid^="visit-row-"]', { hasText: ELDER })
  await row.waitFor()
  const visitId = (await row.getAttribute('data-testid')).replace('visit-row-', '')
  await page.getByTestId(`visit-record-${visitId}`).click()
  const dialog = page.getByTestId('visit-record-dialog')
  await page.getByTestId('visit-record-mode-in_person').check()
  // Something that is no photo is refused before anything is sent.
  await page.getByTestId('visit-record-photos').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') })
  assert.match(await page.getByTestId('visit-record-photos-error').innerText(), /不是 JPEG 或 PNG 图片/)
  await page.getByTestId('visit-record-photos').setInputFiles({ name: 'kitchen.png', mimeType: 'image/png', buffer: PNG })
  assert.match(await page.getByTestId('visit-record-photo-count').innerText(), /已选 1 张照片/)
  await page.getByTestId('visit-need-add').click()
  await page.getByTestId('visit-need-0-what').fill(`楼道扶手松动${TAG}`)
  await expectNoAxeViolations(page, 'recording a visit with a photo')
  await dialog.getByTestId('visit-record-submit').click()
  await page.getByTestId(`visit-status-${visitId}`).filter({ hasText: '已走访' }).waitFor()

  await page.getByTestId(`visit-view-${visitId}`).click()
  const detail = page.getByTestId('visit-detail-dialog')
  const photo = detail.getByTestId('visit-detail-photos').locator('img')
  await photo.waitFor()
  await page.waitForFunction((img) => img.complete && img.naturalWidth === 1, await photo.elementHandle())
  assert.equal(await photo.getAttribute('alt'), '走访照片 1')
  const need = detail.locator('[data-testid^="visit-detail-need-"]', { hasText: `楼道扶手松动${TAG}` })
  await need.waitFor()
  await expectNoAxeViolations(page, 'a visit\'s details on a phone')
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `the details are ${width}px wide on a phone`)

  await need.getByRole('button', { name: /转办/ }).click()
  const refer = page.getByTestId('need-refer-dialog')
  await refer.waitFor()
  await page.getByTestId('need-refer-confirm').click()
  assert.match(await page.getByTestId('need-refer-code-error').innerText(), /请选择事件类别/)
  await page.getByTestId('need-refer-category').selectOption('environment.garbage')
  await expectNoAxeViolations(page, 'handing a need on')
  await page.getByTestId('need-refer-confirm').click()
  const link = detail.locator('[data-testid^="visit-detail-need-event-"]')
  await link.waitFor()
  assert.match(await link.innerText(), /事件 #\d+/)
  await link.click()
  await page.waitForURL(/\/events\/\d+$/)
  await page.getByText(`楼道扶手松动${TAG}`).first().waitFor()
}))

test('a community worker hands a need on as a service request for the person', options, async (t) => {
  const token = await adminToken()
  const need = await created(await api('POST', '/api/v1/care/needs', { token, body: { resident_id: elder.id, what: `想登记助餐${TAG}`, urgency: 'normal' } }))
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto(`/care/needs?id=${need.id}`)
    await page.getByTestId(`need-row-${need.id}`).waitFor()
    await page.getByTestId(`need-refer-${need.id}`).click()
    await page.getByTestId('need-refer-to-request').check()
    await page.getByTestId('need-refer-item').locator('option[value="YZ-YL-004"]').waitFor({ state: 'attached' })
    await page.getByTestId('need-refer-item').selectOption('YZ-YL-004')
    assert.equal(await page.getByTestId('need-refer-mode').inputValue(), 'grid_proxy')
    await page.getByTestId('need-refer-confirm').click()
    const referred = page.getByTestId(`need-referred-${need.id}`)
    await referred.waitFor()
    assert.match(await referred.innerText(), /服务申请 #\d+/)
    assert.match(await page.getByTestId(`need-status-${need.id}`).innerText(), /处理中/)
    await expectNoAxeViolations(page, 'a need handed on')
    await referred.getByRole('link').click()
    await page.waitForURL(/\/services\/requests\/\d+$/)
    await page.getByText(ELDER).first().waitFor()
  })(t)
})
