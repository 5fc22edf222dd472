// Community social organisations (社会组织; decision 0045) in the browser. A community worker of
// 东关街道's first urban community opens 社会组织 on a desktop, registers an organisation (备案,
// its filing number, contact and founding date) and lands on its page (axe clean on the list with
// the form and on the page). The organisation's own account (role social_org, bound to it through
// the API) signs in on a phone (390×844), opens 本组织, records an activity and sees it listed with
// its month counted (axe clean). Every test is skipped when the server has no social
// organisations module.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, loginThroughForm,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/social-orgs', 'the social organisations module is not wired into this server yet')
if (SKIP) console.log(`SKIP all social organisation browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const TOWN = '321002001' // 东关街道
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Social-org-2026!'
const PHONE = { width: 390, height: 844 }
const WORKER = `soworker${RUN}`.slice(0, 32)
const ORG_ACCOUNT = `soorg${RUN}`.slice(0, 32)
const NAME = `银龄互助社${RUN}`

let browser
let community
let workerState
let orgId

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  const town = await api('GET', `/api/v1/divisions/${TOWN}`, { token })
  assert.equal(town.status, 200, town.text)
  community = (town.json.children.find((c) => c.kind === 'urban') ?? town.json.children[0]).code
  const made = await api('POST', '/api/v1/accounts', {
    token, body: { username: WORKER, display_name: `社区工作者${RUN}`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: community }] },
  })
  assert.equal(made.status, 201, made.text)
  browser = await launchBrowser()
  workerState = await loggedInState(browser, WORKER, PASSWORD)
})
after(async () => { await browser?.close() })

test('a community worker registers a social organisation', options, async (t) => {
  await withPage(() => browser, () => workerState, async (page) => {
    await page.goto('/social-orgs')
    await page.getByTestId('social-orgs-page').waitFor()
    await page.getByTestId('social-org-create').click()
    await page.getByTestId('social-org-form').waitFor()
    await page.getByTestId('social-org-name').fill(NAME)
    await page.getByTestId('social-org-category').selectOption('elderly_disabled')
    await page.getByTestId('social-org-status').selectOption('filed')
    await page.getByTestId('social-org-filing-number').fill('BA-2024-0007')
    await page.getByTestId('social-org-contact-name').fill('王红')
    await page.getByTestId('social-org-contact-phone').fill('13912345678')
    await page.getByTestId('social-org-founded-on').fill('2021-03-15')
    await expectNoAxeViolations(page, 'social organisations with the registration form')
    await page.getByTestId('social-org-submit').click()
    await page.getByTestId('social-org-page').waitFor()
    await page.getByTestId('social-org-record').waitFor()
    assert.match(await page.getByTestId('social-org-status-label').innerText(), /备案/)
    orgId = Number(new URL(page.url()).pathname.split('/').pop())
    assert.ok(orgId > 0, page.url())
    await page.getByTestId('activities-empty').waitFor()
    await expectNoAxeViolations(page, 'a social organisation')
  })(t)
})

test('the organisation records an activity on a phone', options, async (t) => {
  assert.ok(orgId, 'the organisation was registered by the previous test')
  const token = await adminToken()
  const account = await api('POST', '/api/v1/accounts', {
    token, body: { username: ORG_ACCOUNT, display_name: NAME, password: PASSWORD, grants: [{ role: 'social_org', scope_code: community, organisation_id: orgId }] },
  })
  assert.equal(account.status, 201, account.text)
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  try {
    await loginThroughForm(page, ORG_ACCOUNT, PASSWORD)
    await page.goto('/my/social-org')
    await page.getByTestId('my-org-page').waitFor()
    await page.getByTestId('social-org-record').waitFor()
    await page.getByTestId('activity-title').fill('独居老人探访')
    await page.getByTestId('activity-served').fill('12')
    await page.getByTestId('activity-submit').click()
    await page.locator('[data-testid^="activity-row-"]', { hasText: '独居老人探访' }).waitFor()
    assert.match(await page.getByTestId('social-org-active-months').innerText(), /1 个月/)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width + 1, `the page is ${width}px wide on a ${PHONE.width}px phone`)
    await expectNoAxeViolations(page, 'my organisation on a phone')
  } finally {
    await context.close()
  }
})
