// The maps without a tile server (issue 17 "Maps are blank", decision 0022), against the suite's
// server, which runs with the default base map `none` (offline): the deployment answer says so,
// the facility map asks nothing of any outside host, says 离线底图, draws a scale, and draws
// 92 facilities of one town (set up through the API) as cluster markers whose accessible names
// give their counts, not as 92 overlapping pins; a click on a cluster zooms in. Skipped when
// the server has no facilities API or is configured with a base map.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, withPage, api, adminToken as signInAdmin, missingApi, BASE_URL } from './helpers.mjs'

const TOWN = '321003001' // 邗江区, a town the other browser files leave alone
const COMMUNITY = '321003001003' // 五里居委会
const COUNT = 92
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const CENTRE = [32.39 + Math.random() * 0.02, 119.37 + Math.random() * 0.02]

let SKIP = await missingApi('/api/v1/facility-types', 'no facilities API on this server')
if (!SKIP) {
  const deployment = await api('GET', '/api/v1/deployment').catch(() => null)
  const provider = deployment?.json?.base_map?.provider
  if (provider && provider !== 'none') SKIP = `the server is configured with base map ${provider}, not the default none`
}
if (SKIP) console.log(`SKIP offline map browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

let browser
let state
before(async () => {
  if (SKIP) return
  const token = await signInAdmin()
  const types = await api('GET', '/api/v1/facility-types', { token })
  assert.equal(types.status, 200, types.text)
  const codes = types.json.items.map((type) => type.code)
  // 92 facilities over about 2 km: at the town's zoom many lie within a marker's width.
  for (let i = 0; i < COUNT; i++) {
    const created = await api('POST', '/api/v1/facilities', {
      token,
      body: {
        community_code: COMMUNITY, type: codes[i % codes.length], name: `聚合测试设施${RUN}-${i}`,
        lat: CENTRE[0] + ((i % 10) - 4.5) * 0.002, lon: CENTRE[1] + (Math.floor(i / 10) - 4.5) * 0.002,
        floor_area: 100, service_area: 80,
      },
    })
    assert.equal(created.status, 201, created.text)
  }
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const signedIn = (body) => withPage(() => browser, () => state, body)

test('the deployment answer gives the offline base map by default', options, async () => {
  const deployment = await api('GET', '/api/v1/deployment')
  assert.equal(deployment.status, 200, deployment.text)
  assert.deepEqual(deployment.json.base_map, { provider: 'none', datum: 'wgs84', layers: [] })
})

test('offline, the facility map draws clusters with their counts on a plain background', options, signedIn(async (p) => {
  const outside = []
  p.on('request', (request) => { if (!request.url().startsWith(BASE_URL)) outside.push(request.url()) })
  await p.goto(`/facilities/map?division=${TOWN}`)
  await p.getByTestId('facility-map-page').waitFor()
  const note = p.getByTestId('map-no-tiles')
  await note.waitFor()
  assert.equal(await note.getAttribute('data-reason'), 'offline')
  assert.match(await note.textContent(), /离线底图/)
  await p.locator('.leaflet-control-scale').waitFor()
  assert.equal(await p.locator('img.leaflet-tile').count(), 0)

  const clusters = p.getByTestId('facility-cluster')
  await clusters.first().waitFor()
  const shown = Number((await p.getByTestId('map-facility-count').textContent()).match(/\d+/)[0])
  assert.ok(shown >= COUNT, `the legend counts ${shown} facilities`)
  // Once the fit's zoom animation has settled (markercluster shows child pins while it runs).
  await p.waitForFunction((total) => {
    const sum = [...document.querySelectorAll('[data-testid="facility-cluster"]')].reduce((a, n) => a + Number(n.dataset.count), 0)
    return !document.querySelector('.leaflet-cluster-anim') && sum + document.querySelectorAll('.facility-pin').length === total
  }, shown)
  const counts = await clusters.evaluateAll((nodes) => nodes.map((n) => Number(n.dataset.count)))
  const pins = await p.locator('.facility-pin').count()
  // Every facility is in a cluster or a pin of its own, and far fewer things are drawn than 92.
  assert.equal(counts.reduce((a, b) => a + b, 0) + pins, shown)
  assert.ok(counts.length + pins < COUNT / 2, `${counts.length} clusters and ${pins} pins drawn`)
  const first = clusters.first()
  assert.equal(await first.getAttribute('role'), 'button')
  assert.match(await first.getAttribute('aria-label'), new RegExp(`^${counts[0]} 个设施`))
  assert.equal((await first.textContent()).trim(), String(counts[0]))

  // A click on the biggest cluster zooms in: its facilities spread out.
  const biggest = counts.indexOf(Math.max(...counts))
  await clusters.nth(biggest).click()
  await p.waitForFunction((before) => document.querySelectorAll('.facility-pin').length > before, pins)
  assert.deepEqual(outside, [], 'nothing is asked of another host')
}))
