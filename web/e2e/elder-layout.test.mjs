// Elder mode (长辈模式) must enlarge, never collapse: on every route, on desktop and on a phone,
// the page keeps the width of the window — also after moving on inside the app from a page
// whose styles once leaked a rule onto <html> (a scoped `:global(html.elder-mode) .x` rule
// compiles to `html.elder-mode {…}` and shrank every later page to a 28 px column).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, newContext, adminToken, api } from './helpers.mjs'

const VIEWPORTS = [
  { name: 'desktop', width: 1280, height: 860 },
  { name: 'phone', width: 390, height: 844 },
]
const STATIC_ROUTES = [
  '/', '/messages', '/me', '/divisions', '/people', '/people/import', '/people/residents/new',
  '/services/items', '/services/items/new', '/services/desk', '/services/requests/new',
  '/events', '/events/new', '/escalations/board', '/escalations/ranking',
  '/facilities', '/facilities/new', '/facilities/import', '/facilities/map', '/facilities/coverage',
  '/accounts', '/password', '/audit', '/jobs', '/kiosks',
  '/indicators', '/indicators/dashboard', '/indicators/department', '/indicators/designations',
  '/indicators/import',
  '/care/archives', '/care/archives/new', '/care/visits', '/care/compliance', '/care/needs',
  '/care/findings', '/care/signals', '/care/signals/import', '/care/applications',
  '/care/rehabilitation', '/care/rehabilitation/new',
  '/care/providers', '/care/providers/new', '/care/providers/import', '/care/home-orders', '/care/home-orders/new',
  '/care/mandatory-reports',
]
// A mandated reporter's pages (role institution, decision 0034): its own account opens them.
const REPORTER_ROUTES = ['/', '/mandatory-report', '/mandatory-report/mine', '/messages', '/me']
// Menu entries walked without reloading, starting from the public catalogue's styles.
const MENU_WALK = ['service-items', 'workbench', 'messages', 'divisions', 'people', 'services-desk', 'events',
  'facilities', 'facility-coverage', 'accounts', 'audit', 'jobs', 'kiosks', 'indicators',
  'indicator-dashboard', 'designations', 'indicator-department', 'care-visits', 'care-archives', 'care-needs',
  'care-compliance', 'care-findings', 'care-signals', 'care-applications', 'care-rehabilitation', 'care-mandatory-reports', 'care-providers', 'care-home-orders']

let browser
let state
let reporterState
let itemCode
before(async () => {
  browser = await launchBrowser()
  state = await loggedInState(browser)
  const token = await adminToken()
  const items = await api('GET', '/api/v1/service-items?limit=1', { token })
  assert.equal(items.status, 200, items.text)
  itemCode = items.json.items[0].code
  // A school's account at a town of 江都区 (its first screen is 填报强制报告).
  const county = await api('GET', '/api/v1/divisions/321012', { token })
  assert.equal(county.status, 200, county.text)
  const reporter = `elderschool${Date.now().toString(36)}`
  const made = await api('POST', '/api/v1/accounts', {
    token, body: { username: reporter, display_name: '长辈模式测试学校', password: 'Elder-reporter-2026!', grants: [{ role: 'institution', scope_code: county.json.children[0].code }] },
  })
  assert.equal(made.status, 201, made.text)
  reporterState = await loggedInState(browser, reporter, 'Elder-reporter-2026!', 'mandatory-report-page')
})
after(async () => { await browser?.close() })

/** A page in elder mode: signed in (as the admin unless another account's `storage` is given) or not. */
async function elderPage(viewport, loggedIn, storage = state) {
  const context = await newContext(browser, loggedIn ? storage : undefined)
  await context.addInitScript(() => localStorage.setItem('linli.elderMode', '1'))
  const page = await context.newPage()
  await page.setViewportSize({ width: viewport.width, height: viewport.height })
  return { context, page }
}

/** Fails unless <html>, <body> and the app root span the window (less a scrollbar). */
async function expectFullWidth(page, viewport, where) {
  await page.waitForLoadState('networkidle')
  const widths = await page.evaluate(() => ({
    elder: document.documentElement.classList.contains('elder-mode'),
    html: document.documentElement.getBoundingClientRect().width,
    body: document.body.getBoundingClientRect().width,
    app: document.querySelector('#app')?.getBoundingClientRect().width ?? 0,
  }))
  assert.ok(widths.elder, `${where}: elder mode is not on`)
  const least = viewport.width - 20
  for (const [part, width] of Object.entries(widths).filter(([k]) => k !== 'elder')) {
    assert.ok(width >= least, `${where} (${viewport.name}): ${part} is ${width}px wide in a ${viewport.width}px window`)
  }
}

for (const viewport of VIEWPORTS) {
  test(`elder mode keeps every route full width (${viewport.name})`, async () => {
    const { context, page } = await elderPage(viewport, true)
    try {
      const routes = [...STATIC_ROUTES, `/services/items/${itemCode}`, `/services/items/${itemCode}/edit`]
      for (const route of routes) {
        await page.goto(route)
        await expectFullWidth(page, viewport, route)
      }
    } finally {
      await context.close()
    }
  })

  test(`elder mode keeps a mandated reporter's pages full width (${viewport.name})`, async () => {
    const { context, page } = await elderPage(viewport, true, reporterState)
    try {
      for (const route of REPORTER_ROUTES) {
        await page.goto(route)
        await expectFullWidth(page, viewport, `${route} (reporter)`)
      }
    } finally {
      await context.close()
    }
  })

  test(`elder mode keeps the public guide full width (${viewport.name})`, async () => {
    const { context, page } = await elderPage(viewport, false)
    try {
      for (const route of ['/guide', `/guide/${itemCode}`]) {
        await page.goto(route)
        await expectFullWidth(page, viewport, route)
      }
    } finally {
      await context.close()
    }
  })

  test(`elder mode stays full width moving through the menu without a reload (${viewport.name})`, async () => {
    const { context, page } = await elderPage(viewport, true)
    try {
      await page.goto('/services/requests/new')
      await expectFullWidth(page, viewport, '/services/requests/new')
      for (const key of MENU_WALK) {
        const entry = page.getByTestId(`menu-${key}`)
        // On a phone the menu sits behind a toggle; a tap while the drawer is still closing can
        // close it again, so open it until the entry shows (a few tries).
        // The drawer can also close under the tap (the entry is then detached), so the whole
        // open-and-tap is retried, not only the opening.
        const toggle = page.getByTestId('menu-toggle')
        for (let attempt = 0; ; attempt++) {
          for (let open = 0; open < 4 && !(await entry.isVisible()); open++) {
            if (!(await toggle.count())) break
            await toggle.click()
            await entry.waitFor({ state: 'visible', timeout: 3000 }).catch(() => {})
          }
          try {
            await entry.click({ timeout: 5000 })
            break
          } catch (error) {
            if (attempt >= 2) throw error
          }
        }
        // The drawer closes once an entry is chosen; wait for that before the next one.
        if (await page.getByTestId('menu-toggle').count()) await entry.waitFor({ state: 'detached' })
        await expectFullWidth(page, viewport, `menu ${key}`)
      }
    } finally {
      await context.close()
    }
  })
}
