// 工作台: every role's first screen after signing in, on a desktop and a phone — the cards of
// its roles with their figures, names not codes, links that open where the thing is handled —
// and no axe violations. Each role's workbench is saved as a screenshot in
// web/test-results/workbench/ (README, "Tests").
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  launchBrowser, loggedInState, newContext, expectNoAxeViolations, api, adminToken, createAccount,
} from './helpers.mjs'

const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'workbench')
const PASSWORD = 'Workbench-2026!'
const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const TOWN = '321002001' // 东关街道
const RUN = Date.now().toString(36)
const VIEWPORTS = { desktop: { width: 1280, height: 860 }, phone: { width: 390, height: 844 } }

let browser
const states = {}
let eventId
let gridCode

before(async () => {
  browser = await launchBrowser()
  const token = await adminToken()
  const grid = await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `工作台网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' },
  })
  assert.equal(grid.status, 201, grid.text)
  gridCode = grid.json.code
  const roles = {
    community_worker: COMMUNITY, grid_worker: gridCode, town_official: TOWN, department_officer: '3210',
  }
  for (const [role, scope] of Object.entries(roles)) {
    const username = `wb${role.replace(/_/g, '').slice(0, 8)}${RUN}`.slice(0, 32)
    const grant = { role, scope_code: scope, ...(role === 'department_officer' ? { department: '市民政局' } : {}) }
    await createAccount(token, { username, display_name: `工作台${role}`, password: PASSWORD, grants: [grant] })
    states[role] = await loggedInState(browser, username, PASSWORD)
  }
  states.city_admin = await loggedInState(browser)
  // An open event in the community for the community worker's card.
  const event = await api('POST', '/api/v1/events', {
    token, body: { category: 'environment.garbage', description: `工作台浏览器测试${RUN}`, place_code: COMMUNITY },
  })
  assert.equal(event.status, 201, event.text)
  eventId = event.json.id
})
after(async () => { await browser?.close() })

async function onWorkbench(role, viewport, body) {
  const context = await newContext(browser, states[role])
  const page = await context.newPage()
  await page.setViewportSize(VIEWPORTS[viewport])
  try {
    await page.goto('/')
    await page.getByTestId('workbench').waitFor()
    await page.locator('[data-testid^="card-"]').first().waitFor()
    // The cards come in one answer: the screen is complete once the first is drawn.
    fs.mkdirSync(SHOTS, { recursive: true })
    await page.screenshot({ path: path.join(SHOTS, `${role}-${viewport}.png`), fullPage: true })
    await body(page)
  } finally {
    await context.close()
  }
}

// The page is no wider than the screen (no sideways scrolling on a phone).
async function fitsTheScreen(page, viewport) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= VIEWPORTS[viewport].width + 1, `page is ${width}px wide on a ${VIEWPORTS[viewport].width}px screen`)
}

for (const viewport of Object.keys(VIEWPORTS)) {
  test(`a community worker's first screen (${viewport}): report, queue, open events that open the event`, async () => {
    await onWorkbench('community_worker', viewport, async (p) => {
      await p.getByTestId('card-events.report').waitFor()
      for (const id of ['service_requests.queue', 'service_requests.overdue', 'service_requests.appointments', 'events.open', 'people.place']) {
        await p.getByTestId(`card-${id}`).waitFor()
      }
      const open = p.getByTestId('card-events.open')
      assert.match(await open.getByRole('heading').textContent(), /未办结事件/)
      assert.ok(Number(await open.locator('.number').textContent()) >= 1)
      await fitsTheScreen(p, viewport)
      await expectNoAxeViolations(p, `community worker's workbench (${viewport})`)
      // The event's line opens the event.
      await open.locator(`a[href="/events/${eventId}"]`).first().click()
      await p.waitForURL(new RegExp(`/events/${eventId}$`))
      // Named, not coded, on the event's page.
      assert.equal((await p.getByTestId('event-place').textContent()).trim(), '个园社区居委会')
    })
  })

  test(`a grid worker's first screen (${viewport}): the grid's people and the report button, no error`, async () => {
    await onWorkbench('grid_worker', viewport, async (p) => {
      await p.getByTestId('card-people.place').waitFor()
      await p.getByTestId('card-events.open').waitFor()
      assert.equal(await p.getByRole('alert').count(), 0)
      assert.match(await p.getByTestId('card-people.place').getByText('户数').textContent(), /户数/)
      await fitsTheScreen(p, viewport)
      await expectNoAxeViolations(p, `grid worker's workbench (${viewport})`)
      await p.getByTestId('card-events.report').click()
      await p.waitForURL(/\/events\/new$/)
    })
  })

  test(`a town official's first screen (${viewport}): warnings and open events by community, by name`, async () => {
    await onWorkbench('town_official', viewport, async (p) => {
      await p.getByTestId('card-escalations.warnings').waitFor()
      const byPlace = p.getByTestId('card-events.by_place')
      await byPlace.getByText('个园社区居委会').first().waitFor()
      assert.equal(await byPlace.getByText(COMMUNITY).count(), 0, 'a community is named, not coded')
      await p.getByTestId('card-service_requests.by_place').waitFor()
      await fitsTheScreen(p, viewport)
      await expectNoAxeViolations(p, `town official's workbench (${viewport})`)
      await byPlace.getByText('个园社区居委会').first().click()
      await p.waitForURL(/\/events\?.*state=open/)
      assert.match(p.url(), new RegExp(`place=${COMMUNITY}`))
    })
  })

  test(`a department officer lands on the board card (${viewport}), not the division table`, async () => {
    await onWorkbench('department_officer', viewport, async (p) => {
      await p.getByTestId('card-escalations.board').waitFor()
      assert.equal(await p.getByTestId('division-children').count(), 0)
      await fitsTheScreen(p, viewport)
      await p.getByTestId('card-link-escalations.board').click()
      await p.waitForURL(/\/escalations\/board$/)
    })
  })

  test(`the city administrator's first screen (${viewport}): system health and the city's residents`, async () => {
    await onWorkbench('city_admin', viewport, async (p) => {
      await p.getByTestId('card-jobs.health').waitFor()
      await p.getByTestId('card-people.jurisdiction').waitFor()
      await p.getByTestId('card-escalations.warnings').waitFor()
      await fitsTheScreen(p, viewport)
      await expectNoAxeViolations(p, `city administrator's workbench (${viewport})`)
    })
  })
}

test('on a phone the menu is a drawer behind 菜单 and the role\'s main pages are tabs at the bottom', async () => {
  await onWorkbench('grid_worker', 'phone', async (p) => {
    assert.equal(await p.getByTestId('main-menu').count(), 0, 'no stacked menu above the workbench')
    const tabs = p.getByTestId('tab-bar')
    assert.deepEqual(await tabs.getByRole('link').allTextContents(), ['工作台', '事件上报与处置', '居民管理', '消息中心'])
    assert.equal(await p.getByTestId('tab-workbench').getAttribute('aria-current'), 'page')
    const toggle = p.getByTestId('menu-toggle')
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false')
    await toggle.click()
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true')
    await p.getByTestId('drawer-account').getByTestId('logout').waitFor()
    await expectNoAxeViolations(p, 'phone drawer')
    await p.keyboard.press('Escape')
    assert.equal(await p.getByTestId('main-menu').count(), 0, 'Escape closes the drawer')
    await toggle.click()
    await p.getByTestId('menu-divisions').click()
    await p.waitForURL(/\/divisions/)
    assert.equal(await p.getByTestId('main-menu').count(), 0, 'choosing closes the drawer')
    await p.getByTestId('tab-messages').click()
    await p.getByTestId('messages-page').waitFor()
  })
})

test('the events list filters by place chosen by name, and the card\'s filter shows as names', async () => {
  await onWorkbench('town_official', 'desktop', async (p) => {
    await p.getByTestId('card-events.by_place').getByText('个园社区居委会').first().click()
    await p.waitForURL(/\/events\?/)
    // The place of the address is shown as the chosen names in the picker, not as a code box.
    const community = p.getByTestId('filter-place-level-0')
    await community.waitFor()
    assert.equal(await community.locator('option:checked').textContent(), '个园社区居委会')
    assert.equal(await p.locator('#ef-place').count(), 0, 'no code text box')
    await p.locator(`[data-testid^="event-row-"]`).first().waitFor()
  })
})
