// The scheduled jobs page (定时任务, jobs.manage) in the browser, against a real server and
// offline: the administrator opens 定时任务 from the menu, sees the whistle's warning sweep with
// its schedule (每 N 分钟, merged), runs it now and sees the run's outcome and the row turn to
// 成功 with 页面手动 as its trigger; the page passes axe-core, also on a phone in elder mode;
// a community worker, who has no jobs.manage, has no menu item and is forbidden at /jobs.
// Skipped when the server has no jobs API (GET /api/v1/jobs answers 404).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, newContext, withPage, expectNoAxeViolations, adminToken as signInAdmin, missingApi,
  offline, createAccount,
} from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const WORKER = `job${RUN}`.slice(0, 32)
const WORKER_PASSWORD = 'Jobs-worker-2026'
const SWEEP = 'events.warning_sweep'

const SKIP = await missingApi('/api/v1/jobs', 'no scheduled-jobs API on this server')
if (SKIP) console.log(`SKIP all jobs browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

let browser
let state
before(async () => {
  if (SKIP) return
  const token = await signInAdmin()
  await createAccount(token, {
    username: WORKER, display_name: '任务社工', password: WORKER_PASSWORD,
    grants: [{ role: 'community_worker', scope_code: COMMUNITY }],
  })
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const signedIn = (body) => withPage(() => browser, () => state, async (p, t) => { await offline(p); await body(p, t) })

test('the administrator sees the warning sweep, runs it now and sees it succeed', options, signedIn(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('menu-jobs').click()
  await p.getByTestId('jobs-page').waitFor()
  await p.getByTestId('jobs-title').filter({ hasText: '定时任务' }).waitFor()
  const row = p.getByTestId(`job-row-${SWEEP}`)
  await row.waitFor()
  assert.equal((await row.getByTestId('job-title').textContent()).trim(), '吹哨报到预警与自动督办')
  assert.match(await row.getByTestId('job-schedule').textContent(), /每 \d+ 分钟/)
  assert.match(await row.getByTestId('job-schedule').textContent(), /合并为一次/)
  assert.match(await row.getByTestId('job-next-run').textContent(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}|即将运行/)
  const before = Number((await row.getByTestId('job-counts').textContent()).match(/共 (\d+) 次/)[1])

  await expectNoAxeViolations(p, 'scheduled jobs')

  await row.getByTestId('job-run').click()
  await row.getByTestId('job-outcome').filter({ hasText: '已运行完成' }).waitFor()
  await p.waitForFunction((name) => document.querySelector(`[data-testid="job-row-${name}"]`)?.dataset.result === 'ok', SWEEP)
  assert.match(await row.getByTestId('job-last-run').textContent(), /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  assert.match(await row.getByTestId('job-result').textContent(), /成功/)
  const after = Number((await row.getByTestId('job-counts').textContent()).match(/共 (\d+) 次/)[1])
  assert.ok(after > before, `the run is counted (${before} → ${after})`)
  // The last run is this one, by hand — unless the scheduler's own run came right after it.
  assert.match(await row.getByTestId('job-last-run').textContent(), /页面手动|按计划/)
  await expectNoAxeViolations(p, 'scheduled jobs after a run')
}))

test('on a phone in elder mode the jobs fit the screen', options, signedIn(async (p) => {
  await p.setViewportSize({ width: 390, height: 800 })
  await p.goto('/jobs')
  const row = p.getByTestId(`job-row-${SWEEP}`)
  await row.waitFor()
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  const width = await p.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= 390, `no sideways scrolling in elder mode (${width}px)`)
  await expectNoAxeViolations(p, 'scheduled jobs on a phone, elder mode')
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => !document.documentElement.classList.contains('elder-mode'))
}))

test('a community worker has no jobs menu item and is forbidden at /jobs', options, async (t) => {
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
    assert.equal(await p.getByTestId('menu-jobs').count(), 0, 'no 定时任务 without jobs.manage')
    await p.goto('/jobs')
    await p.getByTestId('error-forbidden').waitFor()
    assert.equal(await p.getByTestId('jobs-page').count(), 0)
  } catch (error) {
    await context.pages()[0]?.screenshot({ path: new URL(`../test-results/${t.name.replace(/\W+/g, '_')}.png`, import.meta.url).pathname }).catch(() => {})
    throw error
  } finally {
    await context.close()
  }
})
