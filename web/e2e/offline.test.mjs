// The phone app through a short network loss (issue 17 item 3): a grid worker's report made
// offline is kept in the browser with its idempotency key, shown as 待发送, and sent once the
// network is back — one event, not two, even when sent again. The app is installable: its
// manifest is linked and served as a web app manifest, and its service worker registers.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, newContext, expectNoAxeViolations, api, adminToken, createAccount, BASE_URL,
} from './helpers.mjs'

const PASSWORD = 'Offline-test-2026!'
const COMMUNITY = '321002001002' // 个园社区居委会
const RUN = Date.now().toString(36)
let browser
let state
let token

before(async () => {
  browser = await launchBrowser()
  token = await adminToken()
  const grid = await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `离线网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' },
  })
  assert.equal(grid.status, 201, grid.text)
  const username = `offline${RUN}`.slice(0, 32)
  await createAccount(token, { username, display_name: `离线网格员${RUN}`, password: PASSWORD, grants: [{ role: 'grid_worker', scope_code: grid.json.code }] })
  state = await loggedInState(browser, username, PASSWORD)
})
after(async () => { await browser?.close() })

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex')

// The event's detail once its photos have arrived (they follow the report).
async function waitForPhotos(id) {
  for (let i = 0; i < 50; i++) {
    const res = await api('GET', `/api/v1/events/${id}`, { token })
    if (res.json.photos?.length) return res
    await new Promise((r) => setTimeout(r, 200))
  }
  return api('GET', `/api/v1/events/${id}`, { token })
}

test('a report made offline waits as 待发送 with its photo and is filed once when the network is back', async () => {
  const context = await newContext(browser, state)
  const page = await context.newPage()
  await page.setViewportSize({ width: 390, height: 844 })
  const description = `离线上报${RUN}`
  try {
    await page.goto('/events/new')
    await page.getByTestId('event-report-page').waitFor()
    await page.getByTestId('report-category').selectOption('order.noise')
    await page.getByTestId('report-description').fill(description)
    // A photo from the phone's camera, kept with the report while offline.
    await page.getByTestId('report-photos').setInputFiles({ name: 'scene.png', mimeType: 'image/png', buffer: PNG })
    await context.setOffline(true)
    await page.getByTestId('report-submit').click()
    // Kept and visible above the form, which is ready for the next report.
    const banner = page.getByTestId('outbox')
    await banner.waitFor()
    assert.equal(await page.getByTestId('report-description').inputValue(), '')
    assert.match(await banner.getByTestId('outbox-count').textContent(), /1 条/)
    await banner.getByTestId('outbox-toggle').click()
    assert.match(await banner.getByTestId('outbox-entry').first().textContent(), new RegExp(`${description}.*1 张照片`))
    await expectNoAxeViolations(page, 'the outbox on a phone')
    const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('linli.outbox.')))
    assert.equal(stored.length, 1, 'kept in this browser for the account')
    // Back online: sent by itself, and the banner goes.
    await context.setOffline(false)
    await banner.waitFor({ state: 'detached' })
    const found = await api('GET', `/api/v1/events?limit=100`, { token })
    assert.equal(found.status, 200, found.text)
    const filed = found.json.items.filter((e) => e.description === description)
    assert.equal(filed.length, 1, 'filed once')
    // Its photo followed it, once; nothing of it is left in the browser.
    const detail = await waitForPhotos(filed[0].id)
    assert.equal(detail.json.photos.length, 1, 'the photo sent once')
    assert.equal(detail.json.photos[0].content_type, 'image/png')
    const left = await page.evaluate(() => new Promise((resolve) => {
      const open = indexedDB.open('linli-outbox', 1)
      open.onsuccess = () => {
        const request = open.result.transaction('photos').objectStore('photos').count()
        request.onsuccess = () => { resolve(request.result); open.result.close() }
      }
    }))
    assert.equal(left, 0, 'the kept photo is dropped once sent')
  } finally {
    await context.close()
  }
})

test('the idempotency key of a queued report files it once however often it is sent', async () => {
  const key = `offline-${RUN}`
  const body = { category: 'order.noise', description: `重发${RUN}`, place_code: COMMUNITY }
  const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${token}`, 'Idempotency-Key': key }
  const first = await fetch(`${BASE_URL}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify(body) })
  const second = await fetch(`${BASE_URL}/api/v1/events`, { method: 'POST', headers, body: JSON.stringify(body) })
  assert.equal(first.status, 201)
  assert.equal(second.status, 200)
  assert.equal((await first.json()).id, (await second.json()).id)
})

test('the app is installable: a linked manifest served as one, and a service worker', async () => {
  const res = await fetch(`${BASE_URL}/manifest.webmanifest`)
  assert.equal(res.status, 200)
  assert.match(res.headers.get('content-type'), /application\/manifest\+json/)
  const manifest = await res.json()
  assert.equal(manifest.display, 'standalone')
  assert.equal(manifest.start_url, '/')
  assert.ok(manifest.icons.length >= 1)
  const context = await newContext(browser, state)
  const page = await context.newPage()
  try {
    await page.goto('/')
    await page.getByTestId('workbench').waitFor()
    assert.equal(await page.locator('link[rel="manifest"]').getAttribute('href'), '/manifest.webmanifest')
    const registered = await page.evaluate(async () => {
      const registration = await Promise.race([navigator.serviceWorker.ready, new Promise((r) => setTimeout(() => r(null), 5000))])
      return Boolean(registration?.active)
    })
    assert.ok(registered, 'the service worker is active')
  } finally {
    await context.close()
  }
})
