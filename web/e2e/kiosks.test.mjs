// Kiosk mode and queue tickets (issue 17 item 5): a kiosk paired once with its device token
// (portrait 1080×1920), the guide and 取号 on large touch targets, the idle return that clears the
// ticket shown; the hall display (1920×1080) paired with a display token; a community worker at the
// desk calls the ticket (叫号), the display shows and announces it, then 过号, 重新叫号, 完成.
// Kiosk and display pages are checked with axe. What the pages need is made through the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, withPage, expectNoAxeViolations, api, adminToken, createAccount, loggedInState, BASE_URL } from './helpers.mjs'

const RUN = Date.now().toString(36)
const WORKER_PASSWORD = 'Linli-worker-2026!'
let browser
let community
let kioskToken
let displayToken
let workerState

before(async () => {
  browser = await launchBrowser()
  const token = await adminToken()
  const town = await api('GET', '/api/v1/divisions/321002002', { token })
  assert.equal(town.status, 200, town.text)
  community = (town.json.children.find((c) => c.kind === 'urban') ?? town.json.children[0]).code
  const kiosk = await api('POST', '/api/v1/kiosks', { token, body: { community_code: community, name: `大厅自助机${RUN}`, kind: 'kiosk' } })
  assert.equal(kiosk.status, 201, kiosk.text)
  kioskToken = kiosk.json.device_token
  const display = await api('POST', '/api/v1/kiosks', { token, body: { community_code: community, name: `叫号屏${RUN}`, kind: 'display' } })
  assert.equal(display.status, 201, display.text)
  displayToken = display.json.device_token
  const username = `kioskdesk${RUN}`.slice(0, 32)
  await createAccount(token, { username, display_name: '叫号社工', password: WORKER_PASSWORD, grants: [{ role: 'community_worker', scope_code: community }] })
  workerState = await loggedInState(browser, username, WORKER_PASSWORD)
})
after(async () => browser?.close())

async function minTouchTarget(page, selector = '.kiosk-layout button, .kiosk-layout a.big-button') {
  return page.evaluate((s) => Math.min(...[...document.querySelectorAll(s)]
    .filter((el) => el.offsetParent !== null).map((el) => Math.min(el.getBoundingClientRect().height, el.getBoundingClientRect().width))), selector)
}

test('kiosk: paired once, guide and 取号 on large targets, back to the start screen after 60 s idle', withPage(() => browser, null, async (page) => {
  await page.setViewportSize({ width: 1080, height: 1920 })
  await page.clock.install()
  await page.goto('/kiosk')
  await page.getByTestId('pair-token').fill('wrong-token')
  await page.getByTestId('pair-submit').click()
  await page.getByTestId('pair-error').waitFor()
  await page.getByTestId('pair-token').fill(kioskToken)
  await page.getByTestId('pair-submit').click()
  await page.getByTestId('kiosk-take').waitFor()
  assert.ok(await page.evaluate(() => document.documentElement.classList.contains('elder-mode')), 'elder mode is on')
  assert.match(await page.getByTestId('kiosk-title').innerText(), /欢迎/)
  await page.getByTestId('kiosk-mine').waitFor()
  assert.ok(await minTouchTarget(page) >= 64, `touch targets ≥ 64 px: ${await minTouchTarget(page)}`)
  await expectNoAxeViolations(page, 'kiosk start screen (portrait)')

  // The guide, inside kiosk mode, and back.
  await page.getByTestId('kiosk-guide').click()
  await page.getByTestId('item-link-YZ-CJ-001').waitFor()
  await expectNoAxeViolations(page, 'kiosk guide')
  const guideTargets = await minTouchTarget(page, '.kiosk-layout button, .kiosk-layout select, .kiosk-layout .el-input__wrapper')
  assert.ok(guideTargets >= 64, `the guide's buttons and fields ≥ 64 px: ${guideTargets}`)
  await page.getByTestId('kiosk-home').click()

  // 取号.
  await page.getByTestId('kiosk-take').click()
  await page.getByTestId('kiosk-category-elderly_care').click()
  const code = await page.getByTestId('kiosk-ticket-code').innerText()
  assert.match(code, /^A\d{3,}$/)
  await expectNoAxeViolations(page, 'kiosk ticket')
  const day = await api('GET', `/api/v1/queue-tickets?community=${community}`, { token: await adminToken() })
  assert.ok(day.json.items.some((t) => t.code === code && t.category === 'elderly_care' && t.state === 'waiting'), day.text)

  // Idle: the ticket goes, the start screen comes back; the pairing stays.
  await page.clock.fastForward(30_000)
  assert.equal(await page.getByTestId('kiosk-ticket').count(), 1, 'still shown after 30 s')
  await page.clock.fastForward(31_000)
  await page.getByTestId('kiosk-take').waitFor()
  assert.equal(await page.getByTestId('kiosk-ticket').count(), 0, 'the ticket is cleared')
  await page.reload()
  await page.getByTestId('kiosk-take').waitFor()
  assert.equal(await page.getByTestId('pair-token').count(), 0, 'the token is kept')

  // Landscape too.
  await page.setViewportSize({ width: 1920, height: 1080 })
  await expectNoAxeViolations(page, 'kiosk start screen (landscape)')
}))

test('desk: 叫号 shows on the hall display; 过号, 重新叫号, 完成', withPage(() => browser, null, async (hall, t) => {
  const token = await adminToken()
  const taken = await api('POST', '/api/v1/queue-tickets', { token, body: { community_code: community, category: 'civil_affairs' } })
  assert.equal(taken.status, 201, taken.text)
  await hall.setViewportSize({ width: 1920, height: 1080 })
  await hall.goto('/hall')
  await hall.getByTestId('pair-token').fill(displayToken)
  await hall.getByTestId('pair-submit').click()
  await hall.getByTestId('hall-waiting-count').waitFor()
  await expectNoAxeViolations(hall, 'hall display (landscape)')

  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', storageState: workerState, viewport: { width: 1280, height: 860 } })
  try {
    const desk = await context.newPage()
    await desk.goto(`/services/desk?community=${community}`)
    await desk.getByTestId('desk-queue-panel').waitFor()
    await desk.getByTestId('queue-window').fill('3号窗口')
    // Call until the ticket made above is called (the kiosk test's ticket may come first).
    let called = ''
    for (let i = 0; i < 10 && called !== taken.json.code; i++) {
      await desk.getByTestId('queue-call-next').click()
      await desk.getByTestId('queue-notice').filter({ hasText: '3号窗口' }).waitFor()
      called = (await desk.getByTestId('queue-notice').innerText()).match(/A\d+/)?.[0] ?? ''
    }
    assert.equal(called, taken.json.code)
    // The display shows and announces it within a poll.
    await hall.getByTestId('hall-called').filter({ hasText: called }).waitFor({ timeout: 10_000 })
    await hall.getByTestId('hall-announcement').filter({ hasText: `请 ${called} 号到 3号窗口 办理` }).waitFor({ timeout: 10_000 })
    await expectNoAxeViolations(hall, 'hall display with a call')

    await desk.getByTestId(`queue-skip-${called}`).click()
    await desk.getByTestId(`queue-row-${called}`).filter({ hasText: '已过号' }).waitFor()
    assert.equal(await desk.getByTestId(`queue-serve-${called}`).count(), 0)
    await desk.getByTestId(`queue-recall-${called}`).click()
    await desk.getByTestId(`queue-row-${called}`).filter({ hasText: '已叫号' }).waitFor()
    await desk.getByTestId(`queue-serve-${called}`).click()
    await desk.getByTestId(`queue-row-${called}`).waitFor({ state: 'detached' })
    const day = await api('GET', `/api/v1/queue-tickets?community=${community}`, { token })
    const ticket = day.json.items.find((x) => x.code === called)
    assert.equal(ticket.state, 'served')
    assert.equal(ticket.call_count, 2)

    // Portrait display.
    await hall.setViewportSize({ width: 1080, height: 1920 })
    await expectNoAxeViolations(hall, 'hall display (portrait)')
  } finally {
    await context.close()
  }
}))

test('自助终端: the worker gives a kiosk a new token; the old one stops at once', withPage(() => browser, () => workerState, async (page) => {
  const token = await adminToken()
  const made = await api('POST', '/api/v1/kiosks', { token, body: { community_code: community, name: `换令牌${RUN}`, kind: 'kiosk' } })
  assert.equal(made.status, 201, made.text)
  await page.goto('/kiosks')
  await page.getByTestId(`kiosk-token-${made.json.id}`).click()
  await page.locator('.el-message-box__btns .el-button--primary').click()
  const shown = (await page.getByTestId('kiosk-issued-token').innerText()).trim()
  assert.notEqual(shown, made.json.device_token)
  await expectNoAxeViolations(page, 'kiosks page with a new token shown')
  const asDevice = (value) => fetch(`${BASE_URL}/api/v1/kiosk/device`, { headers: { 'X-Kiosk-Token': value } })
  assert.equal((await asDevice(made.json.device_token)).status, 401)
  assert.equal((await asDevice(shown)).status, 200)
}))
