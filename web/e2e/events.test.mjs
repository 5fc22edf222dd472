// Events and the whistle (街社吹哨、部门报到) in the browser, against a real server: a community
// worker reports an event on the map (tiles blocked: the test runs offline), blows the whistle
// to a department (and, on another event, to departments picked from the city's list by name);
// the department officer follows the bell to the escalation's page, sees the event, its photo
// and the stage deadlines, checks in there, gives feedback on the board; the worker verifies,
// closes and rates; the ranking shows the department. The
// accounts are created through the API with the admin of LINLI_E2E_USER. Skipped when the
// server has no events API (GET /api/v1/event-categories answers 404).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, expectNoAxeViolations, api, adminToken, missingApi, createAccount as createAccountAs, offline, BASE_URL,
} from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
// A department of the city's list (accounts and whistles name only those).
const DEPARTMENT = '市应急管理局'
const ACCOUNT_PASSWORD = 'Grid-worker-2026'
// The PNG signature and header: the server recognises photos by their magic number.
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

const SKIP = await missingApi('/api/v1/event-categories', 'no events API on this server')
if (SKIP) console.log(`SKIP all event browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

async function createAccount(adminToken, role, displayName, department = '') {
  const username = `ebw${role.replace(/_/g, '').slice(0, 6)}${RUN}`.slice(0, 32)
  const grant = { role, scope_code: role === 'department_officer' ? '3210' : COMMUNITY }
  if (department) grant.department = department
  return createAccountAs(adminToken, { username, display_name: displayName, password: ACCOUNT_PASSWORD, grants: [grant] })
}

/** Signs in through the form and returns the session cookie state. */
const stateFor = (browser, username) => loggedInState(browser, username, ACCOUNT_PASSWORD, 'main-menu')

let browser
const states = {}
const accounts = {}
before(async () => {
  if (SKIP) return
  const token = await adminToken()
  accounts.worker = await createAccount(token, 'community_worker', '浏览器社工')
  accounts.officer = await createAccount(token, 'department_officer', '浏览器报到员', DEPARTMENT)
  browser = await launchBrowser()
  states.worker = await stateFor(browser, accounts.worker)
  states.officer = await stateFor(browser, accounts.officer)
})
after(async () => { await browser?.close() })
const as = (who, body) => withPage(() => browser, () => states[who], async (p, t) => { await offline(p); await body(p, t) })

const description = `楼下夜间施工噪声扰民${RUN}`
let eventId = null

test('a community worker reports an event with a map pin while the tiles cannot load', options, as('worker', async (p) => {
  await p.goto('/events')
  await p.getByTestId('events-page').waitFor()
  await p.getByTestId('event-create').click()
  await p.getByTestId('event-report-page').waitFor()
  // Nothing filled: Chinese messages beside the fields.
  await p.getByTestId('report-submit').click()
  await p.getByText('请选择事件分类').waitFor()
  await p.getByText('请填写事件描述').waitFor()

  await p.getByTestId('report-category').selectOption('order.noise')
  await p.getByTestId('report-description').fill(description)
  // The place by name: the worker's community to begin with (its grids to choose from).
  await p.getByTestId('report-place-picker').waitFor()
  // The blocked tiles leave a blank map with a note; a click still places the pin.
  const map = p.getByTestId('event-map')
  await map.waitFor()
  await p.getByTestId('map-no-tiles').waitFor()
  await map.click({ position: { x: 200, y: 150 } })
  await p.waitForFunction(() => document.querySelector('input[data-testid="report-lat"]')?.value !== '')
  const lat = Number(await p.getByTestId('report-lat').inputValue())
  const lon = Number(await p.getByTestId('report-lon').inputValue())
  assert.ok(lat > 32 && lat < 33 && lon > 119 && lon < 120, `pin at ${lat}, ${lon}`)
  assert.equal(await map.locator('path.leaflet-interactive').count(), 1, 'one pin on the map')
  // Typed coordinates move the same pin.
  await p.getByTestId('report-lat').fill('32.3931')
  await p.getByTestId('report-lon').fill('119.4352')
  assert.equal(await map.locator('path.leaflet-interactive').count(), 1)
  await expectNoAxeViolations(p, `${BASE_URL}/events/new`)
  // A text file is refused before sending; a PNG goes with the report.
  await p.getByTestId('report-photos').setInputFiles({ name: 'note.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
  await p.getByText('“note.txt”不是 JPEG 或 PNG 图片').waitFor()
  await p.getByTestId('report-photos').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG })

  await p.getByTestId('report-submit').click()
  await p.getByTestId('event-page').waitFor()
  await p.getByTestId('event-description').filter({ hasText: description }).waitFor()
  eventId = Number(new URL(p.url()).pathname.split('/').pop())
  assert.ok(eventId > 0)
  const reported = await api('GET', `/api/v1/events/${eventId}`, { token: await adminToken() })
  assert.equal(reported.json.community_code, COMMUNITY, 'reported in the worker\'s community')
  assert.equal(await p.getByTestId('event-state').getAttribute('data-state'), 'assigned')
  assert.equal(await p.getByTestId('event-photos').locator('img').count(), 1)
  const actions = await p.getByTestId('timeline-item').evaluateAll((rows) => rows.map((r) => r.dataset.action))
  assert.deepEqual(actions, ['report', 'assign'])
  assert.match(await p.getByTestId('event-timeline').textContent(), /浏览器社工/)
}))

test('the worker blows the whistle to a department', options, as('worker', async (p) => {
  assert.ok(eventId, 'the report test ran first')
  await p.goto(`/events/${eventId}`)
  await p.getByTestId('event-action-escalate').click()
  const dialog = p.getByTestId('whistle-dialog')
  await dialog.getByTestId('whistle-submit').click()
  await dialog.getByText('请至少选择或填写一个部门').waitFor()
  // The city's list is searchable (an unknown name finds nothing); a name can also be typed.
  await dialog.getByTestId('whistle-department-list').waitFor()
  await dialog.getByTestId('whistle-search').fill('没有这个部门')
  await dialog.getByTestId('whistle-no-match').waitFor()
  await dialog.getByTestId('whistle-typed').fill(DEPARTMENT)
  await dialog.getByTestId('whistle-reason').fill('需要执法部门到场')
  await dialog.getByTestId('whistle-submit').click()
  const card = p.getByTestId('event-escalations').locator('article.escalation').filter({ hasText: DEPARTMENT })
  await card.waitFor()
  assert.equal(await card.getAttribute('data-state'), 'awaiting_check_in')
  // The stage deadline is written out, not only coloured.
  const warning = card.getByTestId('deadline-warning')
  assert.ok(['none', 'yellow', 'red'].includes(await warning.getAttribute('data-warning')))
  assert.match(await warning.textContent(), /(正常|黄色预警|红色预警)：(剩余|已超时).+报到时限：/)
}))

test('the whistle dialog picks departments from the city list by name', options, as('worker', async (p) => {
  const token = (await api('POST', '/api/v1/session', { body: { username: accounts.worker, password: ACCOUNT_PASSWORD } })).json.token
  const other = await api('POST', '/api/v1/events', { token, body: { category: 'environment.garbage', description: `垃圾堆放${RUN}`, place_code: COMMUNITY } })
  assert.equal(other.status, 201, other.text)
  await p.goto(`/events/${other.json.id}`)
  await p.getByTestId('event-action-escalate').click()
  const dialog = p.getByTestId('whistle-dialog')
  const list = dialog.getByTestId('whistle-department-list')
  await list.waitFor()
  // Typing part of a name narrows the list; ticking adds a removable chip.
  await dialog.getByTestId('whistle-search').fill('水务')
  await list.getByLabel('市水务局').waitFor()
  assert.equal(await list.locator('label').count(), 1)
  await list.getByLabel('市水务局').check()
  await dialog.getByTestId('whistle-search').fill('生态')
  await list.getByLabel('市生态环境局').check()
  await dialog.getByTestId('whistle-search').fill('')
  assert.ok(await list.locator('label').count() >= 10)
  const chips = dialog.getByTestId('whistle-chip')
  assert.deepEqual(await chips.allTextContents().then((all) => all.map((c) => c.replace('×', '').trim())), ['市水务局', '市生态环境局'])
  await expectNoAxeViolations(p, `${BASE_URL}/events/${other.json.id} (whistle dialog)`)
  await dialog.getByRole('button', { name: '移除 市生态环境局' }).click()
  assert.equal(await list.getByLabel('市生态环境局').isChecked(), false)
  await dialog.getByTestId('whistle-reason').fill('供水管道需要检修')
  await dialog.getByTestId('whistle-submit').click()
  const escalations = p.getByTestId('event-escalations')
  await escalations.locator('article.escalation').filter({ hasText: '市水务局' }).waitFor()
  assert.equal(await escalations.locator('article.escalation').count(), 1)
}))

test('the department officer follows the bell to the escalation page, checks in there and reports back', options, as('officer', async (p) => {
  assert.ok(eventId, 'the whistle test ran first')
  await p.goto('/divisions')
  const count = p.getByTestId('notification-count')
  await count.waitFor()
  assert.ok(Number(await count.textContent()) >= 1)
  await p.getByTestId('notification-bell').click()
  const item = p.getByTestId('notification-item').filter({ hasText: '吹哨报到' }).first()
  await item.waitFor()
  assert.equal(await item.getAttribute('data-read'), 'false')
  // An officer cannot open the event itself: the server links the escalation's own page.
  await item.getByTestId('notification-link').click()
  await p.getByTestId('escalation-page').waitFor()
  const escalationId = Number(new URL(p.url()).pathname.split('/').pop())
  assert.ok(escalationId > 0, p.url())
  await p.getByTestId('escalation-event-description').filter({ hasText: description }).waitFor()
  assert.equal((await p.getByTestId('escalation-event-category').textContent()).trim(), '噪声扰民')
  assert.match(await p.getByTestId('escalation-title').textContent(), /噪声扰民/)
  // The photo the worker took is there and the officer may load it.
  const photo = p.getByTestId('escalation-photos').locator('img')
  assert.equal(await photo.count(), 1)
  assert.equal((await p.request.get(await photo.getAttribute('src'))).status(), 200)
  // Stages with deadlines: check-in is current, its warning in colour, shape and words.
  const stages = p.getByTestId('escalation-stage')
  assert.deepEqual(await stages.evaluateAll((rows) => rows.map((r) => `${r.dataset.stage}:${r.dataset.status}`)),
    ['check_in:current', 'handle:pending', 'verify:pending'])
  const current = p.locator('[data-testid="escalation-stage"][data-status="current"]')
  assert.match(await current.getByTestId('deadline-warning').textContent(), /(正常|黄色预警|红色预警)：(剩余|已超时).+报到时限：/)
  assert.match(await current.textContent(), /时限：/)
  const timeline = await p.getByTestId('escalation-timeline-item').evaluateAll((rows) => rows.map((r) => r.dataset.action))
  assert.deepEqual(timeline, ['report', 'assign', 'escalate', 'escalate'])
  await expectNoAxeViolations(p, `${BASE_URL}/escalations/${escalationId}`)

  // Check in from the page: the card and the stages follow.
  const card = p.locator(`article[data-testid="escalation-${escalationId}"]`)
  await card.getByTestId('escalation-action-check_in').click()
  await p.locator(`article[data-testid="escalation-${escalationId}"][data-state="handling"]`).waitFor()
  assert.match(await card.getByTestId('escalation-checked-in').textContent(), /按时/)
  await p.locator('[data-testid="escalation-stage"][data-stage="handle"][data-status="current"]').waitFor()
  assert.equal(await p.locator('[data-testid="escalation-stage"][data-stage="check_in"]').getAttribute('data-status'), 'done')
  await p.locator('[data-testid="escalation-timeline-item"][data-action="check_in"]').waitFor()
  assert.equal(await p.getByTestId('escalation-page-state').getAttribute('data-state'), 'handling')

  // The board's card links back to the page; feedback from the board.
  await p.getByTestId('back-to-board').click()
  await p.getByTestId('board-page').waitFor()
  await p.getByTestId('board-department').filter({ hasText: DEPARTMENT }).waitFor()
  const handling = p.locator('article.escalation[data-state="handling"]').filter({ hasText: description })
  await handling.waitFor()
  assert.equal(await handling.getByTestId('escalation-open').getAttribute('href'), `/escalations/${escalationId}`)
  assert.match(await handling.getByTestId('deadline-warning').textContent(), /办理时限/)
  await expectNoAxeViolations(p, `${BASE_URL}/escalations/board`)
  await handling.getByTestId('escalation-action-give_feedback').click()
  const dialog = p.getByTestId('action-dialog')
  await dialog.getByTestId('action-submit').click()
  await dialog.getByText('请填写办理结果').waitFor()
  await dialog.getByTestId('action-feedback').fill('已责令夜间停工')
  await dialog.getByTestId('action-submit').click()
  // Now the community's turn: the department has nothing left to do on it.
  const waiting = p.locator('article.escalation[data-state="awaiting_verification"]').filter({ hasText: description })
  await waiting.waitFor()
  assert.equal(await waiting.locator('[data-testid^="escalation-action-"]').count(), 0)
  // The bell count went down when the notification was followed.
  const after = await api('GET', '/api/v1/notifications?unread=1', {
    token: (await api('POST', '/api/v1/session', { body: { username: accounts.officer, password: ACCOUNT_PASSWORD } })).json.token,
  })
  assert.ok(after.json.items.every((n) => n.link !== `/escalations/${escalationId}` || n.kind !== 'escalation'), after.text)
}))

test('the worker verifies, closes, rates, and the ranking shows the department', options, as('worker', async (p) => {
  assert.ok(eventId, 'the officer test ran first')
  await p.goto(`/events/${eventId}`)
  const card = p.getByTestId('event-escalations').locator('article.escalation').filter({ hasText: DEPARTMENT })
  await card.waitFor()
  assert.equal(await card.getAttribute('data-state'), 'awaiting_verification')
  assert.match(await card.getByTestId('escalation-feedback').textContent(), /已责令夜间停工/)
  await card.getByTestId('escalation-action-verify_pass').click()
  await p.locator('[data-testid="event-state"][data-state="verified"]').waitFor()
  await p.getByTestId('event-action-close').click()
  await p.locator('[data-testid="event-state"][data-state="closed"]').waitFor()
  await p.getByTestId('event-escalations').locator('article.escalation[data-state="closed"]').getByTestId('escalation-action-rate').click()
  const dialog = p.getByTestId('action-dialog')
  await dialog.getByTestId('action-rating-4').check()
  await dialog.getByTestId('action-submit').click()
  // The worker reported the event too, so the first rating counts as the reporter's.
  await p.getByTestId('escalation-ratings').filter({ hasText: /4 星/ }).waitFor()

  // Every state change is in the timeline with its actor.
  const actions = await p.getByTestId('timeline-item').evaluateAll((rows) => rows.map((r) => r.dataset.action))
  for (const action of ['report', 'assign', 'escalate', 'check_in', 'give_feedback', 'verify_pass', 'close', 'rate']) {
    assert.ok(actions.includes(action), `${action} in ${actions}`)
  }
  assert.match(await p.getByTestId('event-timeline').textContent(), /浏览器报到员/)

  await p.getByTestId('menu-event-ranking').click()
  await p.getByTestId('ranking-page').waitFor()
  const row = p.getByTestId(`ranking-row-${DEPARTMENT}`)
  await row.waitFor()
  assert.equal((await row.getByTestId('ranking-check-in').textContent()).trim(), '100%')
  assert.equal((await row.getByTestId('ranking-completion').textContent()).trim(), '100%')
  assert.equal((await row.getByTestId('ranking-rating').textContent()).trim(), '4.0')
}))

// Issue 15 item 10: the handler makes the event public after confirming that its description holds
// no personal data (cancelling changes nothing); the anonymous Open311 list then has it, and making
// it private again takes it out.
test('the worker makes the event public on Open311 and private again', options, as('worker', async (p) => {
  assert.ok(eventId, 'the report test ran first')
  const listed = async () => (await (await fetch(`${BASE_URL}/open311/v2/requests.json?service_request_id=${eventId}`)).json()).length
  await p.goto(`/events/${eventId}`)
  await p.getByTestId('event-public-state').filter({ hasText: '未公开' }).waitFor()
  await p.getByTestId('event-publish').click()
  await p.locator('.el-message-box').filter({ hasText: '个人信息' }).waitFor()
  await p.locator('.el-message-box .event-public-cancel').click()
  await p.locator('.el-message-box').waitFor({ state: 'hidden' })
  assert.equal(await listed(), 0)

  await p.getByTestId('event-publish').click()
  await p.locator('.el-message-box .event-public-confirm').click()
  await p.getByTestId('event-public-state').filter({ hasText: '已在 Open311 公开列表中公开' }).waitFor()
  assert.equal(await listed(), 1)
  const actions = await p.getByTestId('timeline-item').evaluateAll((rows) => rows.map((r) => r.dataset.action))
  assert.ok(actions.includes('publish'), `publish in ${actions}`)

  await p.getByTestId('event-unpublish').click()
  await p.getByTestId('event-public-state').filter({ hasText: '未公开' }).waitFor()
  assert.equal(await listed(), 0)
}))
