// Rehabilitation records (康复服务记录; decision 0038) in the browser. A community worker of a
// community of 仪征市 opens 康复服务 from the menu and, through the form, records a session of
// 康复训练 at the community's 残疾人之家 for a person with a disability archive: 0 minutes is refused
// beside the field before anything is sent, a person without a disability archive is refused by
// the server beside the person, and the session recorded shows in the list. A town's 残疾人之家 is
// not in the worker's list of homes: its number is typed instead. On a phone (390×844) the list is
// cards and the form fits, also in elder mode; axe finds no violation on the list and the form.
//
// Set up through the API as the admin (as tests/api/rehabilitation.test.mjs does): two residents of
// the first community of the first town of 仪征市 (321081), one with a `disability` care archive;
// a community-level 残疾人之家 there and a town-level one; a community worker of the community.
// Every test is skipped when the server has no rehabilitation records.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, idCheckCharacter,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/rehabilitation', 'the server has no rehabilitation records yet')
if (SKIP) console.log(`SKIP all rehabilitation browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COUNTY = '321081' // 仪征市
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Rehabilitation-e2e-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const DISABLED_NAME = `康复对象${TAG}`
const PLAIN_NAME = `无档居民${TAG}`
const HOME_NAME = `社区残疾人之家${TAG}`
const TOWN_HOME_NAME = `街道残疾人之家${TAG}`
const CW = `rehabcw${RUN}`.slice(0, 32)
const CW_NAME = `康复社工${TAG}`
const NOTE = `上肢功能训练${TAG}`
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)

let browser
let town
let community
let disabled
let plain
let home
let townHome
let cwToken
let cwState
let recordId

function idNumber(born) {
  const body = `${COUNTY}${born}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
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
  const resident = (name, born) => api('POST', '/api/v1/residents', {
    token, body: { name, id_number: idNumber(born), ethnicity: '汉族', status: 'registered_resident', status_since: '2000-01-01', community_code: community.code },
  })
  disabled = await created(await resident(DISABLED_NAME, '19700505'))
  plain = await created(await resident(PLAIN_NAME, '19750707'))
  await created(await api('POST', '/api/v1/care/archives', {
    token, body: { resident_id: disabled.id, category: 'disability', fields: { type: '肢体残疾', grade: '二级' } },
  }))
  const facility = (place, name) => api('POST', '/api/v1/facilities', {
    token, body: { community_code: place, type: 'disability_home', name, lat: 32.272, lon: 119.184, floor_area: 300, service_area: 240 },
  })
  home = await created(await facility(community.code, HOME_NAME))
  townHome = await created(await facility(town.code, TOWN_HOME_NAME))
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: CW, display_name: CW_NAME, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: community.code }] },
  }))
  const login = await api('POST', '/api/v1/session', { body: { username: CW, password: PASSWORD } })
  assert.equal(login.status, 200, login.text)
  cwToken = login.json.token
  browser = await launchBrowser()
  cwState = await loggedInState(browser, CW, PASSWORD)
})
after(async () => { await browser?.close() })

/** Waits until the toasts (ElMessage) have gone: axe reads a fading one's colours half blended. */
async function toastsGone(page) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
}
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}
/** Finds the person by name in the form's resident picker and chooses them. */
async function choosePerson(page, person) {
  const change = page.getByTestId('rehab-resident-change')
  if (await change.count()) await change.click()
  await page.getByTestId('rehab-resident-q').fill(person.name)
  await page.getByTestId('rehab-resident-search').click()
  await page.getByTestId(`rehab-resident-pick-${person.id}`).click()
  await page.getByTestId('rehab-resident-chosen').filter({ hasText: person.name }).waitFor()
}
/** The worker's records of a person, read through the API. */
async function recordsOf(person) {
  const res = await api('GET', `/api/v1/rehabilitation?resident_id=${person.id}`, { token: cwToken })
  assert.equal(res.status, 200, res.text)
  return res.json.items
}
/** Opens the form from the list's 登记康复服务 and waits for the homes to be listed. */
async function openForm(page) {
  await page.getByTestId('rehab-create').click()
  await page.getByTestId('rehab-form-page').waitFor()
  await page.getByTestId('rehab-facility').locator(`option[value="${home.id}"]`).waitFor({ state: 'attached' })
}

test('(a) a community worker records a session of 康复训练 through the form and sees it listed', options, async (t) => {
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-care-rehabilitation').click()
    await page.getByTestId('rehab-page').waitFor()
    await page.getByTestId('rehab-list-empty').or(page.getByTestId('rehab-table')).first().waitFor()
    // A plain worker is not offered 精神障碍社区康复.
    assert.equal(await page.getByTestId('rehab-filter-kind').locator('option[value="mental_health"]').count(), 0)
    await expectNoAxeViolations(page, 'the rehabilitation list')

    await openForm(page)
    assert.equal(await page.getByTestId('rehab-served-on').inputValue(), TODAY, 'the date starts today')
    // The town's home is not listed for a community's worker.
    assert.equal(await page.getByTestId('rehab-facility').locator(`option[value="${townHome.id}"]`).count(), 0)
    assert.equal(await page.getByTestId('rehab-kind-mental_health').count(), 0)

    // 0 minutes: refused beside the field, nothing sent.
    await choosePerson(page, disabled)
    await page.getByTestId('rehab-facility').selectOption(String(home.id))
    await page.getByTestId('rehab-kind-training').check()
    await page.getByTestId('rehab-minutes').fill('0')
    await page.getByTestId('rehab-submit').click()
    await page.getByTestId('rehab-minutes-error').filter({ hasText: '服务时长应为 1–600 分钟' }).waitFor()
    assert.equal(await page.getByTestId('rehab-minutes').getAttribute('aria-invalid'), 'true')
    assert.equal((await recordsOf(disabled)).length, 0, 'nothing was recorded')
    await expectNoAxeViolations(page, 'the form with a field error')

    // A person without a disability archive: the server's refusal beside the person.
    await choosePerson(page, plain)
    await page.getByTestId('rehab-minutes').fill('45')
    await page.getByTestId('rehab-submit').click()
    await page.getByTestId('rehab-resident-error').filter({ hasText: '没有在档的残疾人档案' }).waitFor()
    assert.equal(await page.getByTestId('rehab-form-error').count(), 0)
    assert.equal((await recordsOf(plain)).length, 0)

    // The person with the archive: recorded, back to the list with the message.
    await choosePerson(page, disabled)
    await page.getByTestId('rehab-note').fill(NOTE)
    await page.getByTestId('rehab-submit').click()
    await page.waitForURL(/\/care\/rehabilitation$/)
    await page.locator('.el-message').filter({ hasText: `已登记 ${DISABLED_NAME} 的康复训练 45 分钟` }).waitFor()
    const saved = await recordsOf(disabled)
    assert.equal(saved.length, 1, JSON.stringify(saved))
    recordId = saved[0].id
    assert.equal(saved[0].facility_id, home.id)
    assert.equal(saved[0].kind, 'training')
    assert.equal(saved[0].minutes, 45)
    assert.equal(saved[0].served_on, TODAY)
    assert.equal(saved[0].note, NOTE)

    const row = page.getByTestId(`rehab-row-${recordId}`)
    await row.waitFor()
    const text = await row.innerText()
    for (const part of [TODAY, DISABLED_NAME, community.name, HOME_NAME, '康复训练', '45 分钟', CW_NAME]) assert.ok(text.includes(part), `${part} in ${text}`)
    await toastsGone(page)
    await expectNoAxeViolations(page, 'the rehabilitation list with a record')

    // Filtered by the facility's number: the record stays; by the town's home: none.
    await page.getByTestId('rehab-filter-facility').fill(String(townHome.id))
    await page.getByTestId('filter-submit').click()
    await page.waitForURL(new RegExp(`facility_id=${townHome.id}`))
    await page.getByTestId('rehab-list-empty').waitFor()
    await page.goto(`/care/rehabilitation?facility_id=${home.id}&kind=training`)
    await page.getByTestId(`rehab-row-${recordId}`).waitFor()
  })(t)
})

test('(b) a town\'s 残疾人之家, not listed for the worker, is chosen by its number', options, async (t) => {
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/care/rehabilitation')
    await openForm(page)
    await choosePerson(page, disabled)
    await page.getByTestId('rehab-facility').selectOption('other')
    await page.getByTestId('rehab-facility-id').fill(String(townHome.id))
    await page.getByTestId('rehab-kind-day_care').check()
    await page.getByTestId('rehab-minutes').fill('240')
    await expectNoAxeViolations(page, 'the form with a facility number')
    await page.getByTestId('rehab-submit').click()
    await page.waitForURL(/\/care\/rehabilitation$/)
    const made = (await recordsOf(disabled)).find((r) => r.facility_id === townHome.id)
    assert.ok(made, 'recorded at the town\'s home')
    assert.equal(made.kind, 'day_care')
    assert.equal(made.facility_place, town.code)
    const row = page.getByTestId(`rehab-row-${made.id}`)
    await row.waitFor()
    assert.equal(await page.getByTestId(`rehab-facility-${made.id}`).innerText(), TOWN_HOME_NAME)
    assert.equal(await page.getByTestId(`rehab-kind-${made.id}`).innerText(), '日间照料（托养）')
  })(t)
})

test('(c) on a phone the list is cards and the form fits, also in elder mode', options, async (t) => {
  assert.ok(recordId, 'a session was recorded')
  await withPage(() => browser, () => cwState, async (page) => {
    await page.setViewportSize(PHONE)
    await page.goto('/care/rehabilitation')
    const row = page.getByTestId(`rehab-row-${recordId}`)
    await row.waitFor()
    const head = await page.getByTestId('rehab-table').locator('thead').boundingBox()
    assert.ok(!head || head.height <= 1, 'the header row is hidden on a phone')
    const labels = await row.locator('td, th').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')))
    for (const label of ['服务日期', '服务对象', '所在地', '康复机构', '服务类型', '时长', '登记人']) assert.ok(labels.includes(label), `no cell labelled ${label} (${labels})`)
    await noSidewaysScroll(page, 'the rehabilitation list')
    await expectNoAxeViolations(page, 'the rehabilitation list on a phone')

    await openForm(page)
    await noSidewaysScroll(page, 'the rehabilitation form')
    const submit = await page.getByTestId('rehab-submit').boundingBox()
    assert.ok(submit && submit.height >= 40, `the submit button is ${submit?.height}px high`)
    await page.getByTestId('rehab-minutes').fill('0')
    await page.getByTestId('rehab-submit').click()
    await page.getByTestId('rehab-minutes-error').filter({ hasText: '服务时长应为 1–600 分钟' }).waitFor()
    await noSidewaysScroll(page, 'the rehabilitation form with errors')
    await expectNoAxeViolations(page, 'the rehabilitation form on a phone')

    // Elder mode: the form and the list stay within the phone, with no violations.
    await page.getByTestId('elder-mode-toggle').click()
    await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
    await noSidewaysScroll(page, 'the rehabilitation form in elder mode')
    await expectNoAxeViolations(page, 'the rehabilitation form in elder mode on a phone')
    await page.getByTestId('rehab-back').click()
    await page.getByTestId(`rehab-row-${recordId}`).waitFor()
    await noSidewaysScroll(page, 'the rehabilitation list in elder mode')
    await expectNoAxeViolations(page, 'the rehabilitation list in elder mode on a phone')
  })(t)
})
