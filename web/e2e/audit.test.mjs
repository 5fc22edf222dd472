// The audit log (审计日志, audit.read) in the browser, against a real server and offline: a
// fresh community worker's account gets a failed login through the API; the administrator
// opens 审计日志 from the menu, filters by 登录失败, finds that account's row (Beijing time,
// anonymous actor, the worker's community), expands its detail (JSON with the failure
// count), passes axe-core and downloads 审计日志.xlsx; on a phone the records are cards (also
// in elder mode, axe-clean); the community worker, who has no audit.read, has no menu item
// and gets the forbidden page at /audit. Skipped when the server has no audit API
// (GET /api/v1/audit answers 404).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, newContext, withPage, expectNoAxeViolations, api, adminToken as signInAdmin, missingApi,
  offline, createAccount,
} from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const WORKER = `aud${RUN}`.slice(0, 32)
const WORKER_PASSWORD = 'Audit-worker-2026'

const SKIP = await missingApi('/api/v1/audit', 'no audit-log API on this server')
if (SKIP) console.log(`SKIP all audit browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

let browser
let state
before(async () => {
  if (SKIP) return
  const token = await signInAdmin()
  await createAccount(token, {
    username: WORKER, display_name: '审计社工', password: WORKER_PASSWORD,
    grants: [{ role: 'community_worker', scope_code: COMMUNITY }],
  })
  // One wrong password: a login_failed record with the account as its subject.
  const failed = await api('POST', '/api/v1/session', { body: { username: WORKER, password: 'Not-the-password-1' } })
  assert.equal(failed.status, 401, failed.text)
  await api('DELETE', '/api/v1/session', { token }).catch(() => {})
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const signedIn = (body) => withPage(() => browser, () => state, async (p, t) => { await offline(p); await body(p, t) })

const workerRow = (p) => p.locator(`tr.audit-row[data-subject-id="${WORKER}"]`)

test('the administrator finds the failed login in the audit log, opens its detail, passes axe and exports', options, signedIn(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('menu-audit').click()
  await p.getByTestId('audit-page').waitFor()
  await p.getByTestId('audit-title').filter({ hasText: '审计日志' }).waitFor()
  await p.waitForFunction(() => document.querySelector('[data-testid="audit-table"], [data-testid="audit-empty"]'))

  await p.getByTestId('filter-action').selectOption({ label: '登录失败' })
  await p.getByTestId('filter-submit').click()
  await p.waitForURL(/action=login_failed/)
  const row = workerRow(p).first()
  await row.waitFor()
  // Every shown record is a failed login.
  const actions = await p.locator('tr.audit-row').evaluateAll((rows) => rows.map((r) => r.dataset.action))
  assert.ok(actions.length > 0 && actions.every((a) => a === 'login_failed'), actions.join(','))
  assert.equal((await row.getByTestId('audit-action').textContent()).trim(), '登录失败')
  assert.match(await row.getByTestId('audit-subject').textContent(), new RegExp(`账号\\s*${WORKER}`))
  assert.equal((await row.getByTestId('audit-actor').textContent()).trim(), 'anonymous')
  assert.equal((await row.getByTestId('audit-division').textContent()).trim(), COMMUNITY)
  assert.match(await row.getByTestId('audit-time').textContent(), /^\s*\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\s*$/)

  const toggle = row.getByTestId('audit-detail-toggle')
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
  await toggle.click()
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
  const detailId = await toggle.getAttribute('aria-controls')
  const json = p.locator(`#${detailId}`).getByTestId('audit-detail-json')
  await json.waitFor()
  assert.match(await json.textContent(), /"failures": \d+/)

  await expectNoAxeViolations(p, 'audit log with a detail open')

  // The export of the same filters downloads as 审计日志.xlsx.
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('audit-export').click()])
  assert.equal(download.suggestedFilename(), '审计日志.xlsx')
  await p.getByTestId('audit-exported').waitFor()

  // A subject id without its type is refused beside the type, in Chinese.
  await p.getByTestId('filter-subject-id').fill(WORKER)
  await p.getByTestId('filter-submit').click()
  await p.getByTestId('filter-subject-type-error').filter({ hasText: '请先选择对象类型' }).waitFor()
  await p.getByTestId('filter-subject-type').selectOption('account')
  await p.getByTestId('filter-submit').click()
  await p.waitForURL(/subject_id=/)
  await workerRow(p).first().waitFor()
  const subjects = await p.locator('tr.audit-row').evaluateAll((rows) => rows.map((r) => r.dataset.subjectId))
  assert.ok(subjects.every((s) => s === WORKER), subjects.join(','))
}))

test('on a phone the records are cards, also in elder mode', options, signedIn(async (p) => {
  await p.setViewportSize({ width: 390, height: 800 })
  await p.goto(`/audit?action=login_failed&subject_type=account&subject_id=${WORKER}`)
  const card = p.locator(`li.audit-card[data-subject-id="${WORKER}"]`).first()
  await card.waitFor()
  assert.equal(await p.getByTestId('audit-table').isVisible(), false, 'no table on a phone')
  assert.equal((await card.getByTestId('audit-card-action').textContent()).trim(), '登录失败')
  const box = await card.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the card fits the screen: ${JSON.stringify(box)}`)
  await card.getByTestId('audit-card-detail-toggle').click()
  await card.getByTestId('audit-card-detail-json').filter({ hasText: '"failures"' }).waitFor()
  await expectNoAxeViolations(p, 'audit log cards on a phone')

  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  const width = await p.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `no sideways scrolling in elder mode (${width}px)`)
  await expectNoAxeViolations(p, 'audit log cards on a phone, elder mode')
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => !document.documentElement.classList.contains('elder-mode'))
}))

test('a community worker has no audit menu item and is forbidden at /audit', options, async (t) => {
  const context = await newContext(browser)
  try {
    const p = await context.newPage()
    await offline(p)
    await p.goto('/login')
    await p.getByTestId('login-username').fill(WORKER)
    await p.getByTestId('login-password').fill(WORKER_PASSWORD)
    await p.getByTestId('login-submit').click()
    await p.getByTestId('main-menu').waitFor()
    await p.getByTestId('main-menu').locator('li').first().waitFor()
    assert.equal(await p.getByTestId('menu-audit').count(), 0, 'no 审计日志 without audit.read')
    await p.goto('/audit')
    await p.getByTestId('error-forbidden').waitFor()
    assert.equal(await p.getByTestId('audit-page').count(), 0)
  } catch (error) {
    await context.pages()[0]?.screenshot({ path: new URL(`../test-results/${t.name.replace(/\W+/g, '_')}.png`, import.meta.url).pathname }).catch(() => {})
    throw error
  } finally {
    await context.close()
  }
})
