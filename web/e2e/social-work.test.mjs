// 社会工作 (professional social work; decision 0046) in the browser. A town official of the first
// town of 宝应县 opens 社会工作 from the menu and adds a social worker at the town's station: a bad
// certificate number is refused beside the field before anything is sent, then the worker is
// listed. A social worker (a community worker's grant of the community with the duty 社会工作者,
// bound to their worker record at the community's 社工室) records a service record — an empty summary is refused beside the field —
// and sees it listed and their community counted as reached. On a phone (390×844) the page fits.
// The town official sets which communities of the town the station reaches, in elder mode: the
// reach is saved, listed, and read back through the API. axe finds no violation on the page of
// either.
//
// Set up through the API as the admin: the town's 社工站 (a facility), the two accounts, and the
// social worker's record bound to their account. Skipped when the server has no social work.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken } from './helpers.mjs'

const SKIP = await missingApi('/api/v1/social-workers', 'the server has no social work yet')
if (SKIP) console.log(`SKIP all social-work browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COUNTY = '321023' // 宝应县
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Social-work-e2e-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const OFFICIAL = `swtown${RUN}`.slice(0, 32)
const WORKER = `swworker${RUN}`.slice(0, 32)
const WORKER_NAME = `周社工${TAG}`
const NEW_NAME = `吴社工${TAG}`
const SUMMARY = `探访独居老人${TAG}`

let browser
let town
let community
let station
let officialState
let workerState

async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  const county = await api('GET', `/api/v1/divisions/${COUNTY}`, { token })
  assert.equal(county.status, 200, county.text)
  town = county.json.children[0]
  community = (await api('GET', `/api/v1/divisions/${town.code}`, { token })).json.children[0]
  station = await created(await api('POST', '/api/v1/facilities', {
    token, body: { community_code: town.code, type: 'social_work_station', name: `社工站${TAG}`, lat: 33.24, lon: 119.31, floor_area: 200, service_area: 150 },
  }))
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: OFFICIAL, display_name: `镇干部${TAG}`, password: PASSWORD, grants: [{ role: 'town_official', scope_code: town.code }] },
  }))
  const account = await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: WORKER, display_name: WORKER_NAME, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: community.code, duty: 'social_worker' }] },
  }))
  let accountId = account.id
  if (!accountId) {
    const found = await api('GET', `/api/v1/accounts?q=${WORKER}`, { token })
    accountId = found.json.items.find((a) => a.username === WORKER).id
  }
  const room = await created(await api('POST', '/api/v1/facilities', {
    token, body: { community_code: community.code, type: 'social_work_room', name: `社工室${TAG}`, lat: 33.24, lon: 119.31, floor_area: 60, service_area: 50 },
  }))
  await created(await api('POST', '/api/v1/social-workers', {
    token, body: { name: WORKER_NAME, certificate_level: 'social_worker', certificate_number: `E2E-${RUN}`.slice(0, 32), facility_id: room.id, started_on: '2024-01-01', account_id: accountId },
  }))
  browser = await launchBrowser()
  officialState = await loggedInState(browser, OFFICIAL, PASSWORD)
  workerState = await loggedInState(browser, WORKER, PASSWORD)
})
after(async () => { await browser?.close() })

async function openPage(page, { phone = false } = {}) {
  if (phone) {
    await page.goto('/social-work')
  } else {
    await page.goto('/')
    await page.getByTestId('menu-social-work').click()
  }
  await page.getByTestId('social-work-page').waitFor()
  await page.getByTestId('social-work-coverage').waitFor()
}

test('(a) a town official adds a social worker at the town’s station', options, async (t) => {
  await withPage(() => browser, () => officialState, async (page) => {
    await openPage(page)
    await page.getByTestId('social-worker-facility').locator(`option[value="${station.id}"]`).waitFor({ state: 'attached' })
    await expectNoAxeViolations(page, 'the social-work page of a town official')
    await page.getByTestId('social-worker-name').fill(NEW_NAME)
    await page.getByTestId('social-worker-level').selectOption('assistant')
    await page.getByTestId('social-worker-number').fill('证书')
    await page.getByTestId('social-worker-facility').selectOption(String(station.id))
    await page.getByTestId('social-worker-submit').click()
    await page.getByTestId('social-worker-number-error').waitFor()
    await page.getByTestId('social-worker-number').fill(`N-${RUN}`.slice(0, 32))
    await page.getByTestId('social-worker-submit').click()
    await page.getByTestId('social-work-saved').waitFor()
    await page.getByTestId('social-worker-table').getByText(NEW_NAME).waitFor()
  })(t)
})

test('(a2) a town official sets the station’s reach, in elder mode', options, async (t) => {
  const communities = (await api('GET', `/api/v1/divisions/${town.code}`, { token: await adminToken() })).json.children
  const chosen = communities.slice(0, 2)
  await withPage(() => browser, () => officialState, async (page) => {
    await openPage(page)
    await page.getByTestId('elder-mode-toggle').click()
    await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
    await page.getByTestId(`social-work-reach-${station.id}`).click()
    await page.getByTestId('social-work-reach-form').waitFor()
    for (const c of communities) {
      const box = page.getByTestId(`social-work-reach-choice-${c.code}`)
      if (chosen.includes(c)) await box.check()
      else await box.uncheck()
    }
    await expectNoAxeViolations(page, 'the reach of a station in elder mode')
    await page.getByTestId('social-work-reach-save').click()
    await page.getByTestId('social-work-saved').waitFor()
    for (const c of chosen) await page.getByTestId('social-work-reach').getByRole('listitem').filter({ hasText: c.name }).first().waitFor()
  })(t)
  const read = await api('GET', `/api/v1/social-work/stations/${station.id}/reach`, { token: await adminToken() })
  assert.equal(read.status, 200, read.text)
  assert.deepEqual(read.json.communities.map((c) => c.code).sort(), chosen.map((c) => c.code).sort())
})

test('(b) a social worker records their own service record, also on a phone', options, async (t) => {
  await withPage(() => browser, () => workerState, async (page) => {
    await page.setViewportSize(PHONE)
    await openPage(page, { phone: true })
    assert.equal(await page.getByTestId('social-worker-form').count(), 0, 'a social worker does not add workers')
    await page.getByTestId('service-record-worker').locator('option').nth(1).waitFor({ state: 'attached' })
    assert.equal(await page.getByTestId('service-record-worker').locator('option').count(), 2, 'only their own worker record')
    await page.getByTestId('service-record-worker').selectOption({ index: 1 })
    await page.getByTestId('service-record-community').selectOption(community.code)
    await page.getByTestId('service-record-method').selectOption('case')
    await page.getByTestId('service-record-submit').click()
    await page.getByTestId('service-record-summary-error').waitFor()
    await page.getByTestId('service-record-summary').fill(SUMMARY)
    await page.getByTestId('service-record-submit').click()
    await page.getByTestId('social-work-saved').waitFor()
    await page.getByTestId('service-record-table').getByText(SUMMARY).first().waitFor()
    const row = page.getByTestId(`social-work-coverage-${community.code}`)
    assert.match(await row.innerText(), /是|Yes/)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width + 1, `the page is ${width}px wide on a ${PHONE.width}px phone`)
    await expectNoAxeViolations(page, 'the social-work page of a social worker on a phone')
  })(t)
})
