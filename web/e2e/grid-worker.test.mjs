// A grid worker's division browser (issue 17): their scope is a 15-digit grid code; signing in
// lands on the workbench without error, and 行政区划 starts at that code. It shows the grid by name — its community (a
// link to the community's grids), the households and residents it holds — and no error, on a
// desktop (1280×860) and a phone (390×844). The grid, its account and one household with a
// resident are set up through the API first.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, newContext, loginThroughForm, api, adminToken, createAccount, idCheckCharacter, expectNoAxeViolations,
} from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const WORKER = `gw${RUN}`.slice(0, 32)
const WORKER_PASSWORD = 'Grid-worker-2026'
const GRID_NAME = `网格员网格${RUN}`

let browser
let grid
before(async () => {
  const token = await adminToken()
  const created = await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: GRID_NAME, kind: 'ordinary', planned_households: 120, valid_from: '2000-01-01' },
  })
  assert.equal(created.status, 201, created.text)
  grid = created.json
  const building = await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.code, address: `网格员路${RUN}号`, kind: 'residential', floors: 5 },
  })
  assert.equal(building.status, 201, building.text)
  const household = await api('POST', '/api/v1/households', {
    token, body: { building_id: building.json.id, room: '201', type: 'actual', since: '2010-01-01' },
  })
  assert.equal(household.status, 201, household.text)
  const first17 = `32100219800101${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  const resident = await api('POST', '/api/v1/residents', {
    token, body: { name: `网格居民${RUN}`, id_number: first17 + idCheckCharacter(first17), household_id: household.json.id, relation: 'head', status_since: '2010-01-01' },
  })
  assert.equal(resident.status, 201, resident.text)
  await createAccount(token, {
    username: WORKER, display_name: '网格员', password: WORKER_PASSWORD,
    grants: [{ role: 'grid_worker', scope_code: grid.code }],
  })
  browser = await launchBrowser()
})
after(async () => { await browser?.close() })

for (const viewport of [{ name: 'desktop', width: 1280, height: 860 }, { name: 'phone', width: 390, height: 844 }]) {
  test(`a grid worker signs in to their grid on a ${viewport.name}`, async () => {
    const context = await newContext(browser)
    const page = await context.newPage()
    const errors = []
    page.on('pageerror', (error) => errors.push(error.message))
    try {
      await page.setViewportSize({ width: viewport.width, height: viewport.height })
      // The first screen is the workbench; its division browser (行政区划) starts at the grid.
      await loginThroughForm(page, WORKER, WORKER_PASSWORD)
      assert.equal(await page.getByRole('alert').count(), 0, 'no error on the first screen')
      await page.goto('/divisions')
      await page.getByTestId('grid-view').waitFor()
      assert.match(page.url(), new RegExp(`/divisions/${grid.code}$`))
      assert.equal(await page.getByTestId('division-error').count(), 0, 'no error on the first screen')
      const title = await page.getByTestId('division-title').textContent()
      assert.ok(title.includes(GRID_NAME), title)
      assert.match(title, /网格/)
      assert.ok(!title.includes(grid.code), 'the grid is named, not numbered')
      const community = await page.getByTestId('grid-community-link').textContent()
      assert.match(community, /个园社区/)
      await page.getByTestId('grid-count-households').waitFor()
      assert.ok(Number(await page.getByTestId('grid-count-households').locator('dd').textContent()) >= 1)
      assert.ok(Number(await page.getByTestId('grid-count-people').locator('dd').textContent()) >= 1)
      assert.equal((await page.getByTestId('grid-count-planned').locator('dd').textContent()).trim(), '120')
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= viewport.width, `no sideways scrolling (${width}px)`)
      if (viewport.name === 'desktop') await expectNoAxeViolations(page, 'grid worker home')

      // The community link leads to the community page with the worker's grid in it.
      await page.getByTestId('grid-community-link').click()
      await page.getByTestId(`grid-row-${grid.code}`).waitFor()
      assert.equal(await page.getByTestId('division-error').count(), 0)
      assert.deepEqual(errors, [])
    } finally {
      await context.close()
    }
  })
}
