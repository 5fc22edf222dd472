// The console basics of every account: 消息中心 (all notifications, unread filter, mark read,
// links opening in a new tab) and 个人中心 (who I am, my roles by name, password and settings),
// on a desktop and a phone, with no axe violations.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, newContext, expectNoAxeViolations, api, adminToken, createAccount,
} from './helpers.mjs'

const PASSWORD = 'Console-test-2026!'
const COMMUNITY = '321002001002' // 个园社区居委会
const RUN = Date.now().toString(36)
let browser
let state

before(async () => {
  browser = await launchBrowser()
  const token = await adminToken()
  const username = `console${RUN}`.slice(0, 32)
  await createAccount(token, { username, display_name: `消息测试${RUN}`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }] })
  state = await loggedInState(browser, username, PASSWORD)
})

// Reported by the administrator, routed to the community: its workers are notified (分派).
async function reportEvent() {
  const event = await api('POST', '/api/v1/events', {
    token: await adminToken(), body: { category: 'environment.garbage', description: `消息中心测试${RUN}`, place_code: COMMUNITY },
  })
  assert.equal(event.status, 201, event.text)
  return event.json.id
}
after(async () => { await browser?.close() })

async function withState(viewport, body) {
  const context = await newContext(browser, state)
  const page = await context.newPage()
  await page.setViewportSize(viewport)
  try { await body(page, context) } finally { await context.close() }
}

for (const [name, viewport] of [['desktop', { width: 1280, height: 860 }], ['phone', { width: 390, height: 844 }]]) {
  test(`消息中心 (${name}): the assignment is listed unread, opens its event in a new tab and is marked read`, async () => {
    const eventId = await reportEvent()
    await withState(viewport, async (p, context) => {
      await p.goto('/messages?unread=1')
      await p.getByTestId('messages-page').waitFor()
      const message = p.getByTestId('message').filter({ has: p.locator(`a[href="/events/${eventId}"]`) }).first()
      await message.waitFor()
      assert.match(await message.textContent(), /分派/)
      await expectNoAxeViolations(p, `message centre (${name})`)
      const link = message.getByTestId('message-link')
      assert.equal(await link.getAttribute('target'), '_blank')
      assert.equal(await link.getAttribute('rel'), 'noopener')
      const [tab] = await Promise.all([context.waitForEvent('page'), link.click()])
      await tab.waitForURL(new RegExp(`/events/${eventId}$`))
      await tab.close()
      assert.equal(await message.getAttribute('data-read'), 'true')
      // Read everywhere: the unread filter, reloaded, no longer lists it.
      await p.reload()
      await p.getByTestId('messages-page').waitFor()
      await p.waitForLoadState('networkidle')
      assert.equal(await p.locator(`[data-testid="message"] a[href="/events/${eventId}"]`).count(), 0)
      await p.getByTestId('messages-all').check()
      await p.locator(`[data-testid="message"] a[href="/events/${eventId}"]`).first().waitFor()
      const width = await p.evaluate(() => document.documentElement.scrollWidth)
      assert.ok(width <= viewport.width + 1, `page is ${width}px wide`)
    })
  })
}

test('个人中心: my name, my role and jurisdiction by name, the password page and settings', async () => {
  await withState({ width: 1280, height: 860 }, async (p) => {
    await p.goto('/')
    await p.getByTestId('current-user').click()
    await p.getByTestId('profile-page').waitFor()
    assert.match(await p.getByTestId('profile-name').textContent(), new RegExp(`消息测试${RUN}`))
    const grants = await p.getByTestId('profile-grants').textContent()
    assert.match(grants, /社区工作者/)
    assert.match(grants, /个园社区居委会/)
    assert.doesNotMatch(grants, new RegExp(COMMUNITY))
    await expectNoAxeViolations(p, 'profile')
    await p.getByTestId('profile-password').click()
    await p.waitForURL(/\/password$/)
  })
})
