// Facilities and life circles in the browser, against a real server and offline (map tiles
// and every other outside request fail): the list passes axe-core; a facility is created
// through the form (Chinese messages beside the fields, a server refusal beside the field it
// names), appears in the list and as a marker on the map (clicking it opens the facility), and
// the 5-minute childcare circle's coverage of its community goes up. A toddler's building is
// set up through the API first, as tests/api/facilities.test.mjs does. Skipped when the
// server has no facilities API (GET /api/v1/facility-types answers 404).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, newContext, withPage, expectNoAxeViolations, api, adminToken as signInAdmin, missingApi, offline,
  idCheckCharacter,
} from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
// A spot of our own so that other runs' facilities are not within 5 minutes' walk.
const LAT = 32.26 + Math.random() * 0.05
const LON = 119.26 + Math.random() * 0.05
const NAME = `浏览器托育点${RUN}`

const SKIP = await missingApi('/api/v1/facility-types', 'no facilities API on this server')
if (SKIP) console.log(`SKIP all facility browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

let sequence = Math.floor(Math.random() * 900)
function idNumber(birth) {
  sequence = (sequence + 1) % 1000
  const first17 = `321002${birth}${String(sequence).padStart(3, '0')}`
  return first17 + idCheckCharacter(first17)
}
function birthDaysAgo(days) {
  const d = new Date(Date.now() - days * 86400000)
  return `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}`
}

/** A residential building with a toddler (served by the 5-minute childcare circle), then a recompute. */
async function setUpWorld(token) {
  const grid = await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `设施浏览器网格${RUN}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01' },
  })
  assert.equal(grid.status, 201, grid.text)
  const building = await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.json.code, address: `设施浏览器路${RUN}号`, lat: LAT, lon: LON, kind: 'residential', floors: 6 },
  })
  assert.equal(building.status, 201, building.text)
  const household = await api('POST', '/api/v1/households', {
    token, body: { building_id: building.json.id, room: '101', type: 'actual', since: '2000-01-01' },
  })
  assert.equal(household.status, 201, household.text)
  for (const [birth, relation] of [['19880101', 'head'], [birthDaysAgo(400), 'child']]) {
    const since = `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`
    const r = await api('POST', '/api/v1/residents', {
      token, body: { name: `设施浏览${RUN}`, id_number: idNumber(birth), household_id: household.json.id, relation, status_since: since },
    })
    assert.equal(r.status, 201, r.text)
  }
  const computed = await api('POST', '/api/v1/circles/compute', { token })
  assert.equal(computed.status, 200, computed.text)
  return building.json
}

let browser
let state
let adminToken
let building
before(async () => {
  if (SKIP) return
  adminToken = await signInAdmin()
  building = await setUpWorld(adminToken)
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const signedIn = (body) => withPage(() => browser, () => state, async (p, t) => { await offline(p); await body(p, t) })

/** The whole-circle figure of our community on the coverage page. */
async function coveredResidents(p) {
  await p.goto(`/facilities/coverage?division=${COMMUNITY}&circle=childcare_5min`)
  const row = p.getByTestId(`coverage-row-${COMMUNITY}`)
  await row.waitFor()
  return Number((await row.getByTestId('covered-residents').textContent()).trim())
}

/** The message shown beside a form field (Element Plus' error line of that form item). */
const fieldError = (p, field, text) => p.getByTestId(field).locator('.el-form-item__error').filter({ hasText: text })

let coveredBefore = null
let facilityId = null

test('the facility list passes axe-core and the menu leads to it', options, signedIn(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('menu-facilities').click()
  await p.getByTestId('facilities-page').waitFor()
  await p.waitForFunction(() => document.querySelector('[data-testid="facility-table"], [data-testid="facilities-empty"]'))
  await p.getByTestId('facility-create').waitFor()
  await expectNoAxeViolations(p, 'facility list')
}))

test('coverage before: our toddler is not yet within 5 minutes of a childcare point', options, signedIn(async (p) => {
  coveredBefore = await coveredResidents(p)
  const row = p.getByTestId(`coverage-row-${COMMUNITY}`)
  // The shortfall is written out, not only coloured.
  await row.getByTestId('coverage-shortfall').waitFor()
  assert.match(await row.getByTestId('coverage-shortfall').textContent(), /未全覆盖/)
  await p.getByTestId('coverage-recompute').waitFor() // a city administrator may recompute
  await p.getByTestId('standards-section').waitFor()
}))

// Issue 17: one town's data never makes the city 100% / 已全覆盖 / 全部达标. The city row says
// how many counties have data and names those without; a place without data says 无数据.
test('the city total from a few places is partial, and a place without data is 无数据', options, signedIn(async (p) => {
  await p.goto('/facilities/coverage?division=3210&circle=urban_15min')
  const city = p.getByTestId('coverage-row-3210')
  await city.waitFor()
  const partial = city.getByTestId('coverage-partial')
  await partial.waitFor()
  assert.match(await partial.textContent(), /部分数据：\d+ 个区县有数据，其余 [1-9]\d* 个无数据/)
  assert.doesNotMatch(await city.textContent(), /已全覆盖/)
  assert.match(await p.getByTestId('coverage-missing-places').textContent(), /无数据的区县（未计入合计）：[^\d\s]+/)
  await p.getByTestId('standards-data-partial').first().waitFor()
  await p.getByTestId('standards-partial').waitFor()
  assert.equal(await p.getByTestId('no-shortfalls').count(), 0, 'never 全部达标 over places without data')
  await expectNoAxeViolations(p, 'coverage with partial data')

  // A community no test touches: no households, so 无数据 rather than 全部达标.
  let code = '321084'
  for (let i = 0; i < 2; i++) {
    const division = await api('GET', `/api/v1/divisions/${code}`, { token: adminToken })
    assert.equal(division.status, 200, division.text)
    code = division.json.children.at(-1).code
  }
  await p.goto(`/facilities/coverage?division=${code}&circle=urban_15min`)
  await p.getByTestId('standards-no-data').waitFor()
  assert.equal(await p.getByTestId('no-shortfalls').count(), 0)
}))

test('a facility is created through the form with Chinese messages beside the fields', options, signedIn(async (p) => {
  await p.goto('/facilities')
  await p.getByTestId('facility-create').click()
  await p.getByTestId('facility-form-page').waitFor()
  // Nothing filled: messages beside the fields.
  await p.getByTestId('facility-submit').click()
  await fieldError(p, 'field-name', '请填写设施名称').waitFor()
  await fieldError(p, 'field-type', '请选择设施类型').waitFor()
  await fieldError(p, 'field-lat', '请填写纬度，或在地图上点选位置').waitFor()

  await p.getByTestId('facility-name').fill(NAME)
  await p.getByTestId('facility-type').selectOption('childcare')
  // The community by name: county, town, community.
  await p.getByTestId('fc-community-level-0').selectOption(COMMUNITY.slice(0, 6))
  await p.getByTestId('fc-community-level-1').selectOption(COMMUNITY.slice(0, 9))
  await p.getByTestId('fc-community-level-2').selectOption(COMMUNITY)
  await p.getByTestId('facility-lat').fill(String((LAT + 0.0003).toFixed(6)))
  await p.getByTestId('facility-lon').fill(String(LON.toFixed(6)))
  await p.getByTestId('facility-floor-area').fill('260')
  await p.getByTestId('facility-service-area').fill('300')
  await fieldError(p, 'field-service-area', '服务活动面积不能大于建筑面积').waitFor()
  await p.getByTestId('facility-service-area').fill('220')
  await fieldError(p, 'field-service-area', '服务活动面积不能大于建筑面积').waitFor({ state: 'detached' })
  // The map is blank (tiles blocked) and says so; the typed point is pinned.
  await p.getByTestId('map-no-tiles').waitFor()

  // A refusal from the server appears beside the field it names.
  await p.getByTestId('facility-building').fill('999999999')
  await p.getByTestId('facility-submit').click()
  const buildingError = p.getByTestId('field-building-id').locator('.el-form-item__error')
  await buildingError.waitFor()
  assert.match(await buildingError.textContent(), /[\u4e00-\u9fff]/, 'a Chinese message from the server')
  await p.getByTestId('facility-building').fill('')

  await p.getByTestId('facility-hours').fill('07:30-18:00')
  await p.getByTestId('facility-capacity').fill('40')
  await p.getByTestId('facility-submit').click()
  await p.getByTestId('facility-detail-page').waitFor()
  await p.getByTestId('facility-title').filter({ hasText: NAME }).waitFor()
  assert.equal((await p.getByTestId('facility-type-name').textContent()).trim(), '托育点')
  assert.equal((await p.getByTestId('facility-status-name').textContent()).trim(), '运营中')
  facilityId = Number(new URL(p.url()).pathname.split('/').pop())
  assert.ok(facilityId > 0)
}))

test('a town\'s 残疾人之家 is registered by stopping at the town; it shows its level', options, signedIn(async (p) => {
  await p.goto('/facilities/new')
  await p.getByTestId('facility-form-page').waitFor()
  await p.getByTestId('facility-name').fill(`街道残疾人之家${RUN}`)
  await p.getByTestId('facility-type').selectOption('disability_home')
  await p.getByTestId('fc-community-level-0').selectOption(COMMUNITY.slice(0, 6))
  await p.getByTestId('fc-community-level-1').selectOption(COMMUNITY.slice(0, 9))
  await p.getByTestId('facility-place-level').filter({ hasText: '乡镇（街道）级' }).waitFor()
  await p.getByTestId('facility-lat').fill(String((LAT + 0.0005).toFixed(6)))
  await p.getByTestId('facility-lon').fill(String(LON.toFixed(6)))
  await p.getByTestId('facility-floor-area').fill('300')
  await p.getByTestId('facility-service-area').fill('240')
  await p.getByTestId('facility-submit').click()
  await p.getByTestId('facility-detail-page').waitFor()
  assert.equal((await p.getByTestId('facility-type-name').textContent()).trim(), '残疾人之家')
  assert.equal((await p.getByTestId('facility-level').textContent()).trim(), '乡镇（街道）级')
  assert.match(await p.getByTestId('facility-community-name').textContent(), /东关街道/)
}))

test('the new facility is in the list', options, signedIn(async (p) => {
  assert.ok(facilityId, 'created by the previous test')
  await p.goto('/facilities')
  await p.getByTestId('filter-q').fill(NAME)
  await p.getByTestId('filter-type').selectOption('childcare')
  await p.getByTestId('filter-submit').click()
  const row = p.getByTestId(`facility-row-${facilityId}`)
  await row.waitFor()
  assert.match(await row.textContent(), /托育点/)
  assert.match(p.url(), /type=childcare/)
  assert.equal(await p.locator('tr.facility-row').count(), 1)
}))

test('the new facility is on the map; clicking its marker opens it', options, signedIn(async (p) => {
  assert.ok(facilityId, 'created by the previous test')
  await p.goto(`/facilities/map?division=${COMMUNITY}&circle=childcare_5min`)
  await p.getByTestId('facility-map-page').waitFor()
  const marker = p.getByTestId(`facility-marker-${facilityId}`)
  await marker.waitFor()
  await p.getByTestId('legend-childcare').waitFor()
  assert.match(await p.getByTestId('legend-childcare').textContent(), /托育点/)
  await p.getByTestId('map-no-tiles').waitFor()
  await p.getByTestId('map-coverage-text').waitFor()
  // Our building is covered now, so it is not drawn as a gap; the summary says how many are left.
  await p.getByTestId('legend-gaps').waitFor()
  await marker.click()
  await p.getByTestId('facility-detail-page').waitFor()
  await p.getByTestId('facility-title').filter({ hasText: NAME }).waitFor()
}))

test('adding the facility raised its community coverage', options, signedIn(async (p) => {
  assert.ok(facilityId && coveredBefore !== null, 'set by the previous tests')
  const after = await coveredResidents(p)
  assert.ok(after >= coveredBefore + 1, `covered residents ${coveredBefore} -> ${after}`)
  const typeRow = p.getByTestId('coverage-type-childcare')
  await typeRow.waitFor()
  // The API agrees that our building left the gap list.
  const gaps = await api('GET', `/api/v1/circles/childcare_5min/gaps?division=${COMMUNITY}`, { token: adminToken })
  assert.equal(gaps.status, 200, gaps.text)
  assert.ok(!gaps.json.items.some((g) => g.building_id === building.id))
}))

test('the form finds a building by address and fills its coordinates', options, signedIn(async (p) => {
  await p.goto(`/facilities/new?community=${COMMUNITY}`)
  await p.getByTestId('facility-form-page').waitFor()
  await p.getByTestId('fc-community-level-2').locator(`option[value="${COMMUNITY}"]`).waitFor({ state: 'attached' })
  assert.equal(await p.getByTestId('fc-community-level-2').inputValue(), COMMUNITY)
  await p.getByTestId('building-search').fill(`设施浏览器路${RUN}`)
  await p.getByTestId('building-find').click()
  const select = p.getByTestId('building-select')
  await select.waitFor()
  // The option shows the address, not a bare number.
  const option = select.locator(`option[value="${building.id}"]`)
  assert.match(await option.textContent(), new RegExp(`设施浏览器路${RUN}号`))
  await expectNoAxeViolations(p, 'facility form with building lookup')
  await select.selectOption(String(building.id))
  await p.getByTestId('building-lookup-note').filter({ hasText: '已按所选楼栋填入坐标' }).waitFor()
  assert.equal(await p.getByTestId('facility-building').inputValue(), String(building.id))
  assert.ok(Math.abs(Number(await p.getByTestId('facility-lat').inputValue()) - building.lat) < 1e-9)
  assert.ok(Math.abs(Number(await p.getByTestId('facility-lon').inputValue()) - building.lon) < 1e-9)
  assert.equal(await p.getByTestId('facility-address').inputValue(), building.address)
  // An address nobody has: said in words.
  await p.getByTestId('building-search').fill(`没有这条路${RUN}`)
  await p.getByTestId('building-find').click()
  await p.getByTestId('building-lookup-message').filter({ hasText: '没有地址包含' }).waitFor()
}))

test('facilities are imported through the wizard: a row report first, then the fixed file', options, signedIn(async (p) => {
  const name = `浏览器导入党群中心${RUN}`
  const header = '设施名称,设施类型,社区代码,纬度,经度,建筑面积,服务活动面积'
  const good = `${name},党群服务中心,${COMMUNITY},${LAT.toFixed(6)},${LON.toFixed(6)},600,500`
  const bad = `浏览器导入托育点${RUN},托育点,${COMMUNITY},${LAT.toFixed(6)},${LON.toFixed(6)},100,150`
  await p.goto('/facilities')
  await p.getByTestId('facility-import').click()
  await p.getByTestId('import-page').waitFor()
  await p.getByRole('heading', { name: '导入设施' }).waitFor()
  await expectNoAxeViolations(p, 'facility import')

  await p.getByTestId('import-file').setInputFiles({ name: '设施.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\n${bad}\n`) })
  await p.getByTestId('import-submit').click()
  const report = p.getByTestId('import-report')
  await report.waitFor()
  const rows = await report.locator('tbody tr').allTextContents()
  assert.equal(rows.length, 1, rows.join(' | '))
  assert.match(rows[0], /^3服务活动面积/)
  assert.match(await p.getByTestId('import-error').textContent(), /没有写入任何数据/)
  await p.getByTestId('import-error-copy').waitFor()
  await expectNoAxeViolations(p, 'facility import report')
  const none = await api('GET', `/api/v1/facilities?q=${encodeURIComponent(name)}`, { token: adminToken })
  assert.equal(none.json.items.length, 0, 'all or nothing')

  await p.getByTestId('import-file').setInputFiles({ name: '设施.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\n`) })
  await p.getByTestId('import-submit').click()
  await p.getByTestId('import-success').filter({ hasText: '导入完成：新增 1 个设施' }).waitFor()
  assert.equal(await p.getByTestId('import-report').count(), 0)
  const imported = await api('GET', `/api/v1/facilities?q=${encodeURIComponent(name)}`, { token: adminToken })
  assert.equal(imported.json.items.length, 1, imported.text)
  assert.equal(imported.json.items[0].type, 'party_service_center')
}))

test('a community worker sees the coverage but no recompute button', options, async (t) => {
  const username = `fcw${RUN}`.slice(0, 32)
  const created = await api('POST', '/api/v1/accounts', {
    token: adminToken, body: { username, display_name: '设施社工', password: 'Grid-worker-2026', grants: [{ role: 'community_worker', scope_code: COMMUNITY }] },
  })
  assert.equal(created.status, 201, created.text)
  const context = await newContext(browser)
  try {
    const p = await context.newPage()
    await offline(p)
    await p.goto('/login')
    await p.getByTestId('login-username').fill(username)
    await p.getByTestId('login-password').fill('Grid-worker-2026')
    await p.getByTestId('login-submit').click()
    await p.getByTestId('main-menu').waitFor()
    await p.getByTestId('menu-facility-coverage').click()
    await p.getByTestId(`coverage-row-${COMMUNITY}`).waitFor()
    assert.equal(await p.getByTestId('coverage-recompute').count(), 0, 'only a city administrator recomputes')
    // The worker may manage facilities of the community: the create button is there.
    await p.getByTestId('menu-facilities').click()
    await p.getByTestId('facility-create').waitFor()
  } catch (error) {
    await context.pages()[0]?.screenshot({ path: new URL('../test-results/facilities-worker.png', import.meta.url).pathname }).catch(() => {})
    throw error
  } finally {
    await context.close()
  }
})
