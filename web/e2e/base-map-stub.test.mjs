// The base map is the server's setting (issue 17, decision 0022): a second Linli server, on the
// suite's database, started with LINLI_BASE_MAP=custom pointing at a local stub tile server
// (node http on 127.0.0.1 answering PNG tiles and counting them), sends that layer in
// GET /api/v1/deployment, and the facility map and the event report's map fetch their tiles
// from the stub and say nothing about a blank background. Needs LINLI_BIN and LINLI_DB_URL
// (scripts/test.sh sets them for the browser suite); skipped without them.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import http from 'node:http'
import path from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { launchBrowser, loginThroughForm } from './helpers.mjs'

const BIN = process.env.LINLI_BIN
const DB = process.env.LINLI_DB_URL
const WEB = process.env.LINLI_WEB_ROOT || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const SKIP = BIN && DB ? null : 'LINLI_BIN and LINLI_DB_URL are not set (scripts/test.sh sets them): no second server to configure'
if (SKIP) console.log(`SKIP base map stub browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

// A 1×1 grey PNG: Leaflet stretches it over the 256-pixel tile.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGO4AAAA0gDR29kOtwAAAABJRU5ErkJggg==', 'base64')
const tiles = []
let stub
let stubOrigin
let server
let serverLog = ''
let base
let browser

function listen(httpServer) {
  return new Promise((resolve) => httpServer.listen(0, '127.0.0.1', () => resolve(httpServer.address().port)))
}

async function startLinli(env) {
  const probe = http.createServer()
  const port = await listen(probe)
  await new Promise((resolve) => probe.close(resolve))
  server = spawn(BIN, ['--db', DB, 'serve', '--listen', `127.0.0.1:${port}`, '--web', WEB], {
    env: { ...process.env, ...env, LINLI_SCHEDULER_ENABLED: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  server.stdout.on('data', (chunk) => { serverLog += chunk })
  server.stderr.on('data', (chunk) => { serverLog += chunk })
  const url = `http://127.0.0.1:${port}`
  for (let i = 0; i < 150; i++) {
    if (server.exitCode !== null) break
    try {
      if ((await fetch(`${url}/healthz`)).ok) return url
    } catch { /* not listening yet */ }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the second server did not start:\n${serverLog.slice(-3000)}`)
}

before(async () => {
  if (SKIP) return
  stub = http.createServer((request, response) => {
    const match = request.url.match(/^\/tiles\/(\d+)\/(\d+)\/(\d+)\.png$/)
    if (!match) { response.writeHead(404).end(); return }
    tiles.push(match.slice(1).map(Number))
    response.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' }).end(PNG)
  })
  stubOrigin = `http://127.0.0.1:${await listen(stub)}`
  base = await startLinli({
    LINLI_BASE_MAP: 'custom',
    LINLI_BASE_MAP_URL: `${stubOrigin}/tiles/{z}/{x}/{y}.png`,
    LINLI_BASE_MAP_ATTRIBUTION: '测试瓦片',
  })
  browser = await launchBrowser()
})
after(async () => {
  await browser?.close()
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve))
    server.kill('SIGTERM')
    await exited
  }
  await new Promise((resolve) => (stub ? stub.close(resolve) : resolve()))
})

/** A fresh context on the second server, signed in through its form, for one test body. */
const onSecondServer = (body) => async (t) => {
  const context = await browser.newContext({ baseURL: base, locale: 'zh-CN', viewport: { width: 1280, height: 860 } })
  context.setDefaultTimeout(15000)
  try {
    const page = await context.newPage()
    await loginThroughForm(page)
    await body(page, t)
  } finally {
    await context.close()
  }
}

const fromStub = (url) => url.startsWith(`${stubOrigin}/tiles/`)

test('the deployment answer carries the configured tile server', options, async () => {
  const deployment = await (await fetch(`${base}/api/v1/deployment`)).json()
  assert.equal(deployment.base_map.provider, 'custom')
  assert.deepEqual(deployment.base_map.layers.map((layer) => [layer.role, layer.url, layer.attribution]),
    [['base', `${stubOrigin}/tiles/{z}/{x}/{y}.png`, '测试瓦片']])
  // The page may load images from the plain-http tile server.
  const index = await fetch(`${base}/`)
  assert.ok(index.headers.get('content-security-policy').includes(`img-src 'self' data: blob: https: ${stubOrigin};`),
    index.headers.get('content-security-policy'))
})

test('the facility map draws its tiles from the configured server', options, onSecondServer(async (p) => {
  const before = tiles.length
  const blocked = []
  // Leaflet cancels the tiles of a view it leaves (net::ERR_ABORTED); anything else is a refusal.
  p.on('requestfailed', (request) => {
    const reason = request.failure()?.errorText || ''
    if (fromStub(request.url()) && !reason.includes('ERR_ABORTED')) blocked.push(`${request.url()} ${reason}`)
  })
  await p.goto('/facilities/map?division=3210')
  await p.getByTestId('facility-map-page').waitFor()
  // Tiles are on the page, from the stub, and loaded (the CSP let them in).
  await p.waitForFunction((origin) => [...document.querySelectorAll('img.leaflet-tile')]
    .some((img) => img.src.startsWith(origin) && img.complete && img.naturalWidth > 0), stubOrigin)
  assert.ok(tiles.length > before, 'the stub served tiles')
  assert.ok(tiles.slice(before).every(([z]) => z >= 0 && z <= 19))
  assert.deepEqual(blocked, [])
  assert.equal(await p.getByTestId('map-no-tiles').count(), 0, 'no note about a blank background')
  await p.locator('.leaflet-control-attribution').filter({ hasText: '测试瓦片' }).waitFor()
}))

test('the event report\'s map uses the same tiles', options, onSecondServer(async (p) => {
  const before = tiles.length
  await p.goto('/events/new')
  await p.getByTestId('event-map').waitFor()
  await p.waitForFunction((origin) => [...document.querySelectorAll('[data-testid="event-map"] img.leaflet-tile')]
    .some((img) => img.src.startsWith(origin) && img.complete && img.naturalWidth > 0), stubOrigin)
  assert.ok(tiles.length > before)
  assert.equal(await p.getByTestId('map-no-tiles').count(), 0)
}))
