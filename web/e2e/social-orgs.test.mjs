// Community social organisations (社会组织; decision 0045) in the browser, one test per role's
// main task:
// (a) a community worker of 东关街道's first urban community opens 社会组织 from the menu, registers
//     an organisation (备案, its filing number, contact and founding date), lands on its page,
//     records an activity there and sees its month counted, changes its contact, finds it by name
//     in the list, and deregisters another organisation with a reason (axe clean on the list with
//     the form and on the page);
// (b) a town official — the officer of the town's 社会组织孵化基地 — opens 孵化培育 on a phone in
//     elder mode and takes an organisation through incubation: applies it to the base, takes it in
//     (a date before the application is refused in the dialog before anything is sent) and
//     graduates it; the page fits the phone and axe finds nothing;
// (c) a town official makes the organisation's account on the accounts page (role 社会组织, bound
//     to the organisation, whose community becomes the scope); the account signs in on a phone, opens
//     本组织 from the menu, records an activity and sees it listed with the worker's — and nothing
//     of another organisation; the registry is not in its menu and its address is refused.
// Set up through the API as the admin: the officials' accounts, the incubation base (a facility), and the
// second organisation. Every test is skipped when the server has no social organisations module.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  BASE_URL, launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/social-orgs', 'the social organisations module is not wired into this server yet')
if (SKIP) console.log(`SKIP all social organisation browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const TOWN = '321002001' // 东关街道
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const PASSWORD = 'Social-org-2026!'
const PHONE = { width: 390, height: 844 }
const WORKER = `soworker${RUN}`.slice(0, 32)
const OFFICIAL = `sotown${RUN}`.slice(0, 32)
const ORG_ACCOUNT = `soorg${RUN}`.slice(0, 32)
const NAME = `银龄互助社${TAG}`
const OTHER = `邻里书社${TAG}`
const GONE = `旧组织${TAG}`
const BASE = `社会组织孵化基地${TAG}`
const today = new Date(Date.now() + 8 * 3600 * 1000).toISOString().slice(0, 10)
const daysBack = (n) => new Date(Date.now() + 8 * 3600 * 1000 - n * 86400000).toISOString().slice(0, 10)

let browser
let token
let community
let workerState
let officialState
let orgId
let base

const orgBody = (name) => ({
  name, category: 'culture_sports', status: 'filed', filing_number: `BA-${RUN}`.slice(0, 30), place: community,
  contact_name: '李明', contact_phone: '13812345678', founded_on: '2020-05-01',
})

async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}

/** A signed-in page on a phone (390×844, touch). */
async function phonePage(username) {
  const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  await page.goto('/login')
  await page.getByTestId('login-username').fill(username)
  await page.getByTestId('login-password').fill(PASSWORD)
  await page.getByTestId('login-submit').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
  return { context, page }
}

async function fitsThePhone(page, what) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${what} is ${width}px wide on a ${PHONE.width}px phone`)
}

/** Opens a menu entry on a phone (the menu folds behind its toggle). */
async function openMenu(page, key) {
  if (await page.getByTestId('menu-toggle').isVisible()) await page.getByTestId('menu-toggle').click()
  await page.getByTestId(`menu-${key}`).click()
}

before(async () => {
  if (SKIP) return
  token = await adminToken()
  const town = await api('GET', `/api/v1/divisions/${TOWN}`, { token })
  assert.equal(town.status, 200, town.text)
  community = (town.json.children.find((c) => c.kind === 'urban') ?? town.json.children[0]).code
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: WORKER, display_name: `社区工作者${TAG}`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: community }] },
  }))
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: OFFICIAL, display_name: `街道干部${TAG}`, password: PASSWORD, grants: [{ role: 'town_official', scope_code: TOWN }] },
  }))
  base = await created(await api('POST', '/api/v1/facilities', {
    token, body: { community_code: community, type: 'incubation_base', name: BASE, lat: 32.39, lon: 119.43, floor_area: 300, service_area: 200 },
  }))
  browser = await launchBrowser()
  workerState = await loggedInState(browser, WORKER, PASSWORD)
  officialState = await loggedInState(browser, OFFICIAL, PASSWORD)
})
after(async () => { await browser?.close() })

test('(a) a community worker registers an organisation, records its activity, changes and deregisters', options, async (t) => {
  const gone = await created(await api('POST', '/api/v1/social-orgs', { token, body: orgBody(GONE) }))
  await withPage(() => browser, () => workerState, async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-social-orgs').click()
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

    // An activity recorded by the community: listed, and its month counted.
    await page.getByTestId('activity-title').fill(`重阳敬老${TAG}`)
    await page.getByTestId('activity-date').fill(daysBack(1))
    await page.getByTestId('activity-served').fill('30')
    await page.getByTestId('activity-submit').click()
    await page.locator('[data-testid^="activity-row-"]', { hasText: `重阳敬老${TAG}` }).waitFor()
    await page.waitForFunction(() => /1 个月/.test(document.querySelector('[data-testid="social-org-active-months"]')?.textContent ?? ''))
    await expectNoAxeViolations(page, 'a social organisation with its activity')

    // Its contact changes (the phone is shown unmasked to the community worker, so kept).
    await page.getByTestId('social-org-edit').click()
    await page.getByTestId('social-org-contact-name').fill('王芳')
    await page.getByTestId('social-org-submit').click()
    await page.getByTestId('social-org-record').getByText('王芳').waitFor()

    // The list finds it by name.
    await page.goto('/social-orgs')
    await page.getByTestId('social-org-filter-q').fill(NAME)
    await page.getByTestId('social-org-filter-q').press('Enter')
    // (The unfiltered list shows first: wait for the filtered one.)
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="social-org-row-"]').length === 1)
    await page.getByTestId(`social-org-row-${orgId}`).waitFor()

    // Another one is deregistered with a reason; it can no longer be changed.
    await page.goto(`/social-orgs/${gone.id}`)
    await page.getByTestId('social-org-deregister').click()
    await page.locator('.el-message-box input').fill('成员解散')
    await page.locator('.el-message-box .social-org-deregister-confirm').click()
    await page.locator('.el-message-box').waitFor({ state: 'hidden' })
    await page.getByTestId('social-org-status-label').getByText('已注销').waitFor()
    assert.match(await page.getByTestId('social-org-status-label').innerText(), /成员解散/)
    assert.equal(await page.getByTestId('social-org-edit').count(), 0)
    assert.equal(await page.getByTestId('activity-form').count(), 0)
  })(t)
})

test('(b) the town’s officer takes an organisation through incubation, on a phone in elder mode', options, async (t) => {
  const org = await created(await api('POST', '/api/v1/social-orgs', { token, body: orgBody(OTHER) }))
  await withPage(() => browser, () => officialState, async (page) => {
    await page.setViewportSize(PHONE)
    await page.goto('/social-orgs')
    await page.getByTestId('social-orgs-page').waitFor()
    await page.getByTestId('social-org-incubations-link').click()
    await page.getByTestId('incubations-page').waitFor()
    await page.getByTestId('incubation-base').locator(`option[value="${base.id}"]`).waitFor({ state: 'attached' })
    await page.getByTestId('incubation-organisation').locator(`option[value="${org.id}"]`).waitFor({ state: 'attached' })

    // Nothing chosen: refused here.
    await page.getByTestId('incubation-submit').click()
    await page.getByTestId('incubation-form-error').waitFor()
    await page.getByTestId('incubation-organisation').selectOption(String(org.id))
    await page.getByTestId('incubation-base').selectOption(String(base.id))
    await page.getByTestId('incubation-applied-on').fill(daysBack(20))
    await page.getByTestId('incubation-note').fill('申请入驻')
    await page.getByTestId('incubation-submit').click()
    await page.getByTestId('incubations-saved').waitFor()
    const row = page.locator('[data-testid^="incubation-row-"]', { hasText: OTHER })
    await row.waitFor()
    const id = (await row.getAttribute('data-testid')).split('-').pop()
    assert.match(await page.getByTestId(`incubation-status-${id}`).innerText(), /已申请/)

    // Taken in: a date before the application is refused in the dialog.
    await page.getByTestId(`incubation-start-${id}`).click()
    await page.getByTestId('incubation-step-dialog').waitFor()
    await page.getByTestId('incubation-step-date').fill(daysBack(30))
    await page.getByTestId('incubation-step-confirm').click()
    await page.getByTestId('incubation-step-error').waitFor()
    await page.getByTestId('incubation-step-date').fill(daysBack(10))
    await page.getByTestId('incubation-step-confirm').click()
    await page.getByTestId('incubation-step-dialog').waitFor({ state: 'hidden' })
    await page.getByTestId(`incubation-status-${id}`).getByText('孵化中').waitFor()

    // Elder mode on the phone: still fits, nothing for axe.
    await page.getByTestId('elder-mode-toggle').click()
    await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
    await fitsThePhone(page, 'the incubation page in elder mode')
    await expectNoAxeViolations(page, 'the incubation page in elder mode on a phone')

    // Graduated today: the programme is over, no step is left.
    await page.getByTestId(`incubation-graduate-${id}`).click()
    await page.getByTestId('incubation-step-dialog').waitFor()
    assert.equal(await page.getByTestId('incubation-step-date').inputValue(), today)
    await page.getByTestId('incubation-step-confirm').click()
    await page.getByTestId('incubation-step-dialog').waitFor({ state: 'hidden' })
    await page.getByTestId(`incubation-status-${id}`).getByText('已出壳').waitFor()
    assert.equal(await page.locator(`[data-testid="incubation-row-${id}"] button`).count(), 0)

    await page.getByTestId('incubation-filter-status').selectOption('graduated')
    await row.waitFor()
    await fitsThePhone(page, 'the incubation page')
  })(t)
  const read = await api('GET', '/api/v1/incubations?status=graduated', { token })
  assert.ok(read.json.items.some((i) => i.organisation_id === org.id && i.ended_on === today), read.text)
})

test('(c) the organisation records its activity on its own page, on a phone, and sees only its own', options, async (t) => {
  assert.ok(orgId, 'the organisation was registered by test (a)')
  // The town official makes the organisation's account on the accounts page: role 社会组织, the
  // organisation chosen — whose community becomes the grant's scope.
  await withPage(() => browser, () => officialState, async (page) => {
    await page.goto('/accounts')
    await page.getByTestId('account-create').click()
    const dialog = page.getByTestId('account-dialog')
    await dialog.getByTestId('account-username').fill(ORG_ACCOUNT)
    await dialog.getByTestId('account-display-name').fill(NAME)
    await dialog.getByTestId('account-password').fill(PASSWORD)
    await dialog.getByTestId('account-grant-role-0').selectOption('social_org')
    const organisation = dialog.getByTestId('account-grant-0-organisation')
    await organisation.locator(`option[value="${orgId}"]`).waitFor({ state: 'attached' })
    await organisation.selectOption(String(orgId))
    await expectNoAxeViolations(page, 'account dialog with a social organisation grant')
    await page.getByTestId('account-save').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId(`account-row-${ORG_ACCOUNT}`).getByText(NAME).first().waitFor()
  })(t)
  const accounts = await api('GET', `/api/v1/accounts?q=${ORG_ACCOUNT}`, { token })
  const grant = accounts.json.items.find((a) => a.username === ORG_ACCOUNT).grants[0]
  assert.deepEqual([grant.role, grant.scope_code, grant.organisation_id], ['social_org', community, orgId])
  // Another organisation of the same community, with an activity of its own.
  const other = await created(await api('POST', '/api/v1/social-orgs', { token, body: orgBody(`另一组织${TAG}`) }))
  await created(await api('POST', `/api/v1/social-orgs/${other.id}/activities`, { token, body: { title: `别家活动${TAG}`, held_on: today, served: 5 } }))

  const { context, page } = await phonePage(ORG_ACCOUNT)
  try {
    await openMenu(page, 'my-social-org')
    await page.getByTestId('my-org-page').waitFor()
    await page.getByTestId('social-org-record').waitFor()
    assert.equal(await page.getByTestId('menu-social-orgs').count(), 0, 'the registry is not in its menu')
    await page.locator('[data-testid^="activity-row-"]', { hasText: `重阳敬老${TAG}` }).waitFor()
    await page.getByTestId('activity-title').fill(`独居老人探访${TAG}`)
    await page.getByTestId('activity-served').fill('12')
    await page.getByTestId('activity-submit').click()
    await page.locator('[data-testid^="activity-row-"]', { hasText: `独居老人探访${TAG}` }).waitFor()
    assert.equal(await page.locator('[data-testid^="activity-row-"]').count(), 2)
    assert.equal(await page.getByText(`别家活动${TAG}`).count(), 0)
    await fitsThePhone(page, 'my organisation')
    await expectNoAxeViolations(page, 'my organisation on a phone')

    // The registry is refused.
    await page.goto('/social-orgs')
    await page.waitForURL((url) => !url.pathname.startsWith('/social-orgs'))
    assert.equal(await page.getByTestId('social-orgs-page').count(), 0)
  } finally {
    await context.close()
  }
  const own = await api('GET', `/api/v1/social-orgs/${orgId}/activities`, { token })
  assert.ok(own.json.items.some((a) => a.title === `独居老人探访${TAG}` && a.served === 12), own.text)
})
