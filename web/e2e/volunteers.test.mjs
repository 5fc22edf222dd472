// Volunteer service in the browser (志愿服务; issue 20, decision 0047), each role's main task. Set
// up through the API as the admin: a community worker of 个园社区, a town official of 东关街道
// (who verifies hours) and a volunteer account of 个园社区. The volunteer signs in on a phone and
// finds its account number on 我的志愿服务; the worker registers it as a volunteer by that number
// (skill 助老陪伴) and publishes an activity with two slots (通用服务 ×2, 助老陪伴 ×1); the volunteer
// signs up for 助老陪伴 on its own page; the worker checks it in and out on a phone; the town
// official verifies 150 minutes and corrects them to 140 with a reason; the volunteer sees 2 小时
// 20 分钟 verified; the city administrator proves the ledger; the public guide shows the city's
// figures. Each page is axe-clean; the volunteer's page stays within the phone, in elder mode too.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, withPage, expectNoAxeViolations, api, adminToken, loginThroughForm, loggedInState } from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const TOWN = '321002001'
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Volunteers-web-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const WORKER = `vw${RUN}`.slice(0, 32)
const VERIFIER = `vv${RUN}`.slice(0, 32)
const VOLUNTEER = `vo${RUN}`.slice(0, 32)
const NAME = `志愿者${TAG}`
const TITLE = `重阳敬老${TAG}`

let browser
let token
let volunteerAccount

async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}
const account = (username, role, scope) => api('POST', '/api/v1/accounts', {
  token, body: { username, display_name: `${role}${TAG}`, password: PASSWORD, grants: [{ role, scope_code: scope }] },
})
async function activityByTitle() {
  const res = await api('GET', '/api/v1/volunteer-activities', { token })
  assert.equal(res.status, 200, res.text)
  const found = res.json.items.find((a) => a.title === TITLE)
  assert.ok(found, `activity ${TITLE} exists`)
  return found
}

before(async () => {
  token = await adminToken()
  await created(await account(WORKER, 'community_worker', COMMUNITY))
  await created(await account(VERIFIER, 'town_official', TOWN))
  volunteerAccount = await created(await account(VOLUNTEER, 'volunteer', COMMUNITY))
  browser = await launchBrowser()
})
after(async () => { await browser?.close() })

/** A phone's page, signed in as the volunteer. */
function volunteerOnPhone(body) {
  return withPage(() => browser, null, async (page, t) => {
    await page.setViewportSize(PHONE)
    await loginThroughForm(page, VOLUNTEER, PASSWORD)
    await page.getByTestId('menu-toggle').click()
    await page.getByTestId('menu-my-volunteer').click()
    await page.getByTestId('my-volunteer-heading').filter({ hasText: '我的志愿服务' }).waitFor()
    await body(page, t)
  })
}
let workerState
let verifierState
const asWorker = (body) => withPage(() => browser, () => workerState, body)
const asVerifier = (body) => withPage(() => browser, () => verifierState, body)

test('the volunteer, not registered yet, finds its account number on its own page', volunteerOnPhone(async (page) => {
  const text = await page.getByTestId('my-volunteer-unregistered').innerText()
  assert.match(text, new RegExp(`账号编号 ${volunteerAccount.id}`))
  await noSidewaysScroll(page, '我的志愿服务 (not registered)')
  await expectNoAxeViolations(page, '我的志愿服务, not registered')
}))

test('the community worker registers the volunteer and publishes an activity with slots', async (t) => {
  workerState = await loggedInState(browser, WORKER, PASSWORD)
  verifierState = await loggedInState(browser, VERIFIER, PASSWORD)
  await asWorker(async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-volunteers').click()
    await page.getByTestId('volunteers-title').filter({ hasText: '志愿者' }).waitFor()
    // Nothing filled: the page says what is missing.
    await page.getByTestId('volunteer-bind-account').check()
    await page.getByTestId('volunteer-submit').click()
    await page.getByTestId('volunteer-form').getByRole('alert').first().waitFor()
    await page.getByTestId('volunteer-account').fill(String(volunteerAccount.id))
    await page.getByTestId('volunteer-name').fill(NAME)
    await page.getByTestId('volunteer-skill-elder_care').check()
    await page.getByTestId('volunteer-window-add').click()
    await page.getByTestId('volunteer-submit').click()
    await page.getByTestId('volunteers-saved').filter({ hasText: NAME }).waitFor()
    const row = page.locator('tr[data-testid^="volunteer-row-"]').filter({ hasText: NAME })
    await row.waitFor()
    assert.match(await row.innerText(), /助老陪伴/)
    assert.match(await row.innerText(), /周六 09:00–12:00/)
    await expectNoAxeViolations(page, '志愿者 (registered)')

    const listed = await api('GET', '/api/v1/volunteers', { token })
    const volunteer = listed.json.items.find((v) => v.name === NAME)
    assert.equal(volunteer.account_id, volunteerAccount.id)
    assert.equal(volunteer.community_code, COMMUNITY)
    assert.deepEqual(volunteer.skills, ['elder_care'])

    // 志愿活动: two slots, 通用服务 ×2 and 助老陪伴 ×1.
    await page.getByTestId('menu-volunteer-activities').click()
    await page.getByTestId('volunteer-activities-title').waitFor()
    await page.getByTestId('volunteer-activity-title').fill(TITLE)
    await page.getByTestId('volunteer-slot-wanted-0').fill('2')
    await page.getByTestId('volunteer-slot-add').click()
    await page.getByTestId('volunteer-slot-skill-1').selectOption('elder_care')
    await page.getByTestId('volunteer-slot-wanted-1').fill('1')
    await page.getByTestId('volunteer-activity-submit').click()
    await page.getByTestId('volunteer-activities-saved').filter({ hasText: TITLE }).waitFor()
    await page.locator('tr[data-testid^="volunteer-activity-row-"]').filter({ hasText: TITLE }).waitFor()
    await expectNoAxeViolations(page, '志愿活动 (published)')
  })(t)
  const activity = await activityByTitle()
  assert.equal(activity.community_code, COMMUNITY)
  assert.deepEqual(activity.slots.map((s) => [s.skill, s.wanted]), [['general', 2], ['elder_care', 1]])
  assert.equal(activity.ends_at - activity.starts_at, 3 * 3_600_000)
})

test('the volunteer signs up for 助老陪伴 on its own page, on a phone', volunteerOnPhone(async (page) => {
  const activity = await activityByTitle()
  await page.getByTestId(`my-volunteer-activity-${activity.id}`).waitFor()
  await noSidewaysScroll(page, '我的志愿服务')
  await expectNoAxeViolations(page, '我的志愿服务, on a phone')
  await page.getByTestId(`my-volunteer-slot-${activity.id}-elder_care`).check()
  await page.getByTestId(`my-volunteer-signup-${activity.id}`).click()
  await page.getByTestId('my-volunteer-notice').filter({ hasText: TITLE }).waitFor()
  const signup = page.locator('li[data-testid^="my-volunteer-signup-row-"]').filter({ hasText: TITLE })
  assert.equal(await signup.getAttribute('data-status'), 'signed_up')
  assert.match(await signup.innerText(), /已报名/)
  const after = await api('GET', `/api/v1/volunteer-activities/${activity.id}`, { token })
  assert.deepEqual(after.json.slots.map((s) => [s.skill, s.taken]), [['general', 0], ['elder_care', 1]])
}))

test('the worker checks the volunteer in and out, on a phone', asWorker(async (page) => {
  const activity = await activityByTitle()
  await page.setViewportSize(PHONE)
  await page.goto('/volunteers/activities')
  await page.getByTestId(`volunteer-activity-open-${activity.id}`).click()
  await page.getByTestId('volunteer-activity-heading').filter({ hasText: TITLE }).waitFor()
  const row = page.locator('tr[data-testid^="volunteer-signup-"]').filter({ hasText: NAME })
  await row.waitFor()
  const signupId = (await row.getAttribute('data-testid')).replace('volunteer-signup-', '')
  await page.getByTestId(`volunteer-checkin-${signupId}`).click()
  await page.locator(`tr[data-testid="volunteer-signup-${signupId}"][data-status="checked_in"]`).waitFor()
  await page.getByTestId(`volunteer-checkout-${signupId}`).click()
  await page.locator(`tr[data-testid="volunteer-signup-${signupId}"][data-status="checked_out"]`).waitFor()
  await noSidewaysScroll(page, 'an activity, checked out')
  await expectNoAxeViolations(page, 'an activity, checked out, on a phone')
}))

test('the town official verifies 150 minutes, then corrects them to 140', asVerifier(async (page) => {
  const activity = await activityByTitle()
  await page.goto(`/volunteers/activities/${activity.id}`)
  const row = page.locator('tr[data-testid^="volunteer-signup-"]').filter({ hasText: NAME })
  await row.waitFor()
  const signupId = (await row.getAttribute('data-testid')).replace('volunteer-signup-', '')
  await page.getByTestId(`volunteer-verify-${signupId}`).click()
  // More than the activity lasts (180 minutes): the server's refusal is shown, nothing posted.
  await page.getByTestId('volunteer-hours-minutes').fill('181')
  await page.getByTestId('volunteer-hours-submit').click()
  await page.getByTestId('volunteer-hours-error').filter({ hasText: '180' }).waitFor()
  await page.getByTestId('volunteer-hours-minutes').fill('150')
  await expectNoAxeViolations(page, 'verifying hours')
  await page.getByTestId('volunteer-hours-submit').click()
  await page.locator(`tr[data-testid="volunteer-signup-${signupId}"][data-status="verified"]`).waitFor()
  assert.match(await page.getByTestId(`volunteer-signup-${signupId}`).innerText(), /2 小时 30 分钟/)
  const signup = (await api('GET', `/api/v1/volunteer-activities/${activity.id}`, { token })).json.signups.find((s) => String(s.id) === signupId)
  assert.equal(signup.status, 'verified')
  assert.equal(signup.verified_minutes, 150)

  // A correction needs a reason; it reverses the 150 minutes and posts 140 (entries never edited).
  await page.getByTestId(`volunteer-correct-${signupId}`).click()
  await page.getByTestId('volunteer-hours-minutes').fill('140')
  await page.getByTestId('volunteer-hours-submit').click()
  await page.getByTestId('volunteer-hours-error').filter({ hasText: '事由' }).waitFor()
  await page.getByTestId('volunteer-hours-reason').fill('签退时间登记有误')
  await page.getByTestId('volunteer-hours-submit').click()
  await page.getByTestId('volunteer-activity-saved').filter({ hasText: '已更正' }).waitFor()
  // The saved line shows before the sign-ups are read again: wait for the row to turn.
  await page.getByTestId(`volunteer-signup-${signupId}`).filter({ hasText: '2 小时 20 分钟' }).waitFor()
  const volunteer = (await api('GET', '/api/v1/volunteers', { token })).json.items.find((v) => v.name === NAME)
  const hours = await api('GET', `/api/v1/volunteers/${volunteer.id}/hours`, { token })
  assert.equal(hours.json.balance_minutes, 140, hours.text)
  assert.deepEqual(hours.json.items.map((e) => e.minutes), [140, -150, 150])
}))

test('the volunteer sees its verified hours, in elder mode too', volunteerOnPhone(async (page) => {
  const balance = page.getByTestId('my-volunteer-balance')
  await balance.waitFor()
  assert.equal(await balance.getAttribute('data-minutes'), '140')
  assert.match(await balance.innerText(), /2 小时 20 分钟/)
  assert.match(await page.getByTestId('my-volunteer-hours').innerText(), /服务时长核定/)
  const signup = page.locator('li[data-testid^="my-volunteer-signup-row-"]').filter({ hasText: TITLE })
  assert.equal(await signup.getAttribute('data-status'), 'verified')
  await page.getByTestId('elder-mode-toggle').click()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  await noSidewaysScroll(page, '我的志愿服务 in elder mode')
  await expectNoAxeViolations(page, '我的志愿服务 in elder mode, on a phone')
}))

test('the city administrator proves the hours ledger', withPage(() => browser, null, async (page) => {
  await loginThroughForm(page)
  await page.goto('/volunteers')
  await page.getByTestId('volunteer-ledger-prove').click()
  const result = page.getByTestId('volunteer-ledger-result')
  await result.waitFor()
  assert.equal(await result.getAttribute('data-intact'), 'true', await result.innerText())
  assert.match(await result.innerText(), /台账完整/)
  await expectNoAxeViolations(page, 'the ledger proven')
}))

test('the public service guide shows the city’s volunteer figures, nothing personal', withPage(() => browser, null, async (page) => {
  await page.goto('/guide')
  const card = page.getByTestId('volunteer-stats-card')
  await card.waitFor()
  const text = await card.innerText()
  assert.match(text, /\d+ 名志愿者，\d+ 场活动，已核定服务 \d+ 小时/)
  assert.ok(!text.includes(NAME))
  const stats = await api('GET', '/api/v1/volunteer-stats?place=3210')
  const row = stats.json.items.find((r) => r.community_code === COMMUNITY)
  assert.ok(row.volunteers >= 1 && row.verified_minutes >= 140, stats.text)
  await expectNoAxeViolations(page, 'the public guide with the volunteer figures')
}))
