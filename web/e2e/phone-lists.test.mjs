// On a phone (390×844) the list pages are cards, not wide tables: no sideways scrolling, the
// header row hidden, every cell labelled with its column's name (v-card-labels), also in elder
// mode, and no axe violations.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, newContext, expectNoAxeViolations, api, adminToken } from './helpers.mjs'

const PHONE = { width: 390, height: 844 }
const RUN = Date.now().toString(36)
let browser
let state

before(async () => {
  browser = await launchBrowser()
  state = await loggedInState(browser)
  const event = await api('POST', '/api/v1/events', {
    token: await adminToken(), body: { category: 'environment.garbage', description: `手机列表${RUN}`, place_code: '321002001002' },
  })
  assert.equal(event.status, 201, event.text)
})
after(async () => { await browser?.close() })

async function onPhone(path, body, { elder = false } = {}) {
  const context = await newContext(browser, state)
  if (elder) await context.addInitScript(() => localStorage.setItem('linli.elderMode', '1'))
  const page = await context.newPage()
  await page.setViewportSize(PHONE)
  try {
    await page.goto(path)
    await body(page)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width + 1, `${path}: the page is ${width}px wide on a ${PHONE.width}px phone`)
  } finally {
    await context.close()
  }
}

// The table's header row is hidden and its first row is a card whose cells carry their labels.
async function expectCards(page, tableTestId, labels) {
  const table = page.getByTestId(tableTestId)
  const firstRow = table.locator('tbody tr').first()
  await firstRow.waitFor()
  const head = await table.locator('thead').boundingBox()
  assert.ok(!head || head.height <= 1, `${tableTestId}: the header row is hidden on a phone`)
  const cellLabels = await firstRow.locator('td, th').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')))
  for (const label of labels) assert.ok(cellLabels.includes(label), `${tableTestId}: no cell labelled ${label} (${cellLabels})`)
  const box = await firstRow.boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width, `${tableTestId}: the card fits the screen (${JSON.stringify(box)})`)
}

test('events are cards on a phone, in elder mode too, with no axe violations', async () => {
  for (const elder of [false, true]) {
    await onPhone('/events', async (p) => {
      await expectCards(p, 'event-table', ['事件分类', '状态'])
      await expectNoAxeViolations(p, `events as cards on a phone${elder ? ', elder mode' : ''}`)
    }, { elder })
  }
})

test('accounts are cards on a phone', async () => {
  await onPhone('/accounts', async (p) => {
    await expectCards(p, 'account-table', ['姓名'])
  })
})

test('the resident, facility and desk lists fit a phone', async () => {
  for (const path of ['/people', '/facilities', '/services/desk']) {
    await onPhone(path, async (p) => { await p.waitForLoadState('networkidle') })
  }
  // The desk of one community, with its queue-ticket panel (取号, 叫号).
  for (const elder of [false, true]) {
    await onPhone('/services/desk?community=321002001001', async (p) => {
      await p.getByTestId('desk-queue-panel').waitFor()
      await p.waitForLoadState('networkidle')
    }, { elder })
  }
})
