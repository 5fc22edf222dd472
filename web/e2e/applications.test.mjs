// Applications for assistance (救助申请; decision 0035) in the browser. A community worker of a
// community of 江都区 opens 救助申请 from the menu and files, through the form, an application for
// 高龄津贴 for a resident born in 1936 (the person found by name, the benefit chosen by name);
// filing it again is refused beside the benefit (one is pending), and its own 审核 is refused
// with the server's message. The town official reviews it (审核 → 同意), and is refused the
// county's 审批; the county official approves it: 已批准, the steps showing both decisions. On a
// phone (390×844) the community worker files an emergency (急难救助) of 2000 yuan, the list being
// cards; the town official approves it and records a payment of 1800 yuan → 已发放 (and in elder
// mode the application and the list still fit the phone). From 政策找人,
// 提交申请 on a finding opens the form with the finding's person and benefit, and the application
// carries the finding. An emergency left undecided past its working day is told to the county by
// the job care.application_deadlines: the county official follows the bell (消息) to the
// application's page.
//
// Set up through the API as the admin (as tests/api/applications.test.mjs does): the resident
// born in 1936 in the first community of the first town of 江都区 (321012), a second elder for the
// finding, a community worker there, a town official of the town and a county official of
// 江都区. Every test is skipped when the server has no applications for assistance.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, idCheckCharacter,
} from './helpers.mjs'
import { databaseSql } from '../../tests/api/own-server.mjs'

const SKIP = await missingApi('/api/v1/care/applications', 'the server has no applications for assistance yet')
if (SKIP) console.log(`SKIP all applications browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COUNTY = '321012' // 江都区
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Applications-e2e-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const ELDER_NAME = `申请老人${TAG}`
const FOUND_NAME = `线索老人${TAG}`
const CW = `appcw${RUN}`.slice(0, 32)
const CW_NAME = `救助社工${TAG}`
const TOWN = `apptown${RUN}`.slice(0, 32)
const TOWN_NAME = `镇民政${TAG}`
const OFFICIAL = `appcounty${RUN}`.slice(0, 32)
const OFFICIAL_NAME = `区民政${TAG}`
const REASON = `年满八十周岁，尚未享受高龄津贴${TAG}`
const EMERGENCY_REASON = `突发火灾，家中财物损毁${TAG}`

let browser
let town
let community
let elder
let found
let cwToken
let cwState
let townState
let countyState
let benefitId
let emergencyId

function idNumber(born) {
  const body = `${COUNTY}${born}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}
async function account(token, username, displayName, role, scope) {
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username, display_name: displayName, password: PASSWORD, grants: [{ role, scope_code: scope }] },
  }))
}
/** Runs the rules over the registry as the nightly job does; 409 while it runs elsewhere. */
async function runEligibility(token) {
  for (let attempt = 0; attempt < 60; attempt++) {
    const run = await api('POST', '/api/v1/jobs/care.eligibility/run', { token })
    if (run.status === 409) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    assert.equal(run.status, 200, run.text)
    return
  }
  assert.fail('care.eligibility stayed busy')
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  const county = await api('GET', `/api/v1/divisions/${COUNTY}`, { token })
  assert.equal(county.status, 200, county.text)
  town = county.json.children[0]
  community = (await api('GET', `/api/v1/divisions/${town.code}`, { token })).json.children[0]
  const resident = (name, born) => api('POST', '/api/v1/residents', {
    token, body: { name, id_number: idNumber(born), ethnicity: '汉族', status: 'registered_resident', status_since: '2000-01-01', community_code: community.code },
  })
  elder = await created(await resident(ELDER_NAME, '19360708'))
  found = await created(await resident(FOUND_NAME, '19380315'))
  await account(token, CW, CW_NAME, 'community_worker', community.code)
  await account(token, TOWN, TOWN_NAME, 'town_official', town.code)
  await account(token, OFFICIAL, OFFICIAL_NAME, 'county_official', COUNTY)
  await runEligibility(token)
  const login = await api('POST', '/api/v1/session', { body: { username: CW, password: PASSWORD } })
  assert.equal(login.status, 200, login.text)
  cwToken = login.json.token
  browser = await launchBrowser()
  cwState = await loggedInState(browser, CW, PASSWORD)
  townState = await loggedInState(browser, TOWN, PASSWORD)
  countyState = await loggedInState(browser, OFFICIAL, PASSWORD)
})
after(async () => { await browser?.close() })

/** Waits until the toasts (ElMessage) have gone: axe reads a fading one's colours half blended. */
async function toastsGone(page) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
}
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}
/** Finds the person by name in the form's resident picker and chooses them. */
async function choosePerson(dialog, person) {
  await dialog.getByTestId('app-resident-q').fill(person.name)
  await dialog.getByTestId('app-resident-search').click()
  await dialog.getByTestId(`app-resident-pick-${person.id}`).click()
  await dialog.getByTestId('app-resident-chosen').filter({ hasText: person.name }).waitFor()
}
/** The form's field error (Element Plus form item) of `testId`, with `text`. */
const fieldError = (dialog, testId, text) => dialog.getByTestId(testId).locator('.el-form-item__error').filter({ hasText: text })
/** Opens 审核 / 审批 and takes the decision; `expectRefusal` waits for the server's message instead. */
async function decide(page, { button, decision, note, refusal }) {
  const open = page.getByTestId('app-decide')
  await open.filter({ hasText: button }).waitFor()
  await open.click()
  const dialog = page.getByTestId('app-decide-dialog')
  await dialog.getByTestId('app-decision').waitFor()
  await dialog.getByTestId(`app-decision-${decision}`).check()
  if (note) await dialog.getByTestId('app-decide-note').fill(note)
  await dialog.getByTestId('app-decide-submit').click()
  if (refusal) {
    await dialog.getByTestId('app-decide-error').filter({ hasText: refusal }).waitFor()
    await dialog.getByTestId('app-decide-cancel').click()
  }
  await dialog.waitFor({ state: 'hidden' })
}

test('(a) a community worker files an application for 高龄津贴 through the form', options, async (t) => {
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-care-applications').click()
    await page.getByTestId('applications-page').waitFor()
    await page.getByTestId('app-list-empty').or(page.getByTestId('app-table')).first().waitFor()
    await expectNoAxeViolations(page, 'applications list')

    await page.getByTestId('app-create').click()
    const dialog = page.getByTestId('app-dialog')
    await dialog.getByTestId('app-kind').waitFor()
    // Nothing filled: refused beside the fields, nothing sent.
    await dialog.getByTestId('app-submit').click()
    await dialog.getByTestId('app-resident-error').filter({ hasText: '请先查找并选择申请对象' }).waitFor()
    await dialog.getByTestId('app-kind-error').filter({ hasText: '请选择申请类型' }).waitFor()
    await fieldError(dialog, 'app-field-reason', '请填写申请理由').waitFor()

    await choosePerson(dialog, elder)
    await dialog.getByTestId('app-kind-benefit').check()
    const benefit = dialog.getByTestId('app-benefit')
    await benefit.locator('option[value="advanced_age_allowance"]').waitFor({ state: 'attached' })
    await benefit.selectOption({ label: '高龄津贴' })
    await dialog.getByTestId('app-reason').fill(REASON)
    await expectNoAxeViolations(page, 'the application form')
    await dialog.getByTestId('app-submit').click()

    // Filed: the application's page, with the town to review it within 5 working days.
    await page.waitForURL(/\/care\/applications\/\d+$/)
    benefitId = Number(page.url().split('/').pop())
    await page.getByTestId('app-title').filter({ hasText: `${ELDER_NAME} · 高龄津贴` }).waitFor()
    assert.equal(await page.getByTestId('app-detail-status').innerText(), '待乡镇（街道）审核')
    assert.equal(await page.getByTestId('app-kind').innerText(), '待遇申请')
    assert.equal(await page.getByTestId('app-benefit').innerText(), '高龄津贴')
    assert.equal(await page.getByTestId('app-reason').innerText(), REASON)
    assert.match(await page.getByTestId('app-stage-due').innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    assert.match(await page.getByTestId('app-facts').innerText(), new RegExp(CW_NAME))
    await page.getByTestId('app-no-steps').waitFor()
    const saved = await api('GET', `/api/v1/care/applications/${benefitId}`, { token: cwToken })
    assert.equal(saved.status, 200, saved.text)
    assert.equal(saved.json.benefit, 'advanced_age_allowance')
    assert.equal(saved.json.resident_id, elder.id)

    // The worker files but does not review: the server's refusal in the dialog.
    await decide(page, { button: '审核', decision: 'approve', refusal: '需由乡镇（街道）或上级审核' })
    assert.equal(await page.getByTestId('app-detail-status').innerText(), '待乡镇（街道）审核')
    await toastsGone(page)
    await expectNoAxeViolations(page, 'a filed application')

    // The list shows it; filing it again is refused beside the benefit (one is pending).
    await page.getByTestId('app-back').click()
    const row = page.getByTestId(`app-row-${benefitId}`)
    await row.waitFor()
    const text = await row.innerText()
    for (const part of [ELDER_NAME, community.name, '待遇申请', '高龄津贴', '待乡镇（街道）审核']) assert.ok(text.includes(part), `${part} in ${text}`)
    assert.match(await page.getByTestId(`app-due-${benefitId}`).innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    assert.equal(await page.getByTestId(`app-overdue-${benefitId}`).count(), 0, 'not overdue yet')
    await page.getByTestId('app-create').click()
    await dialog.getByTestId('app-kind').waitFor()
    await choosePerson(dialog, elder)
    await dialog.getByTestId('app-kind-benefit').check()
    await dialog.getByTestId('app-benefit').selectOption('advanced_age_allowance')
    await dialog.getByTestId('app-reason').fill(REASON)
    await dialog.getByTestId('app-submit').click()
    await fieldError(dialog, 'app-field-benefit', '此人已有该待遇的申请在审批中').waitFor()
    assert.ok(await dialog.isVisible(), 'the dialog stays open on a refusal')
    assert.equal(await dialog.getByTestId('app-form-error').count(), 0)
    await dialog.getByTestId('app-cancel').click()
    await dialog.waitFor({ state: 'hidden' })
  })(t)
})

test('(b) the town official reviews it (审核 → 同意), and may not take the county\'s 审批', options, async (t) => {
  assert.ok(benefitId, 'the application was filed')
  await withPage(() => browser, () => townState, async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-care-applications').click()
    await page.getByTestId('app-filter-status').selectOption('town')
    await page.getByTestId('filter-submit').click()
    await page.waitForURL(/status=town/)
    await page.getByTestId(`app-link-${benefitId}`).click()
    await page.getByTestId('app-title').filter({ hasText: ELDER_NAME }).waitFor()
    await expectNoAxeViolations(page, 'an application to review')

    // A rejection needs its reason.
    await page.getByTestId('app-decide').click()
    const dialog = page.getByTestId('app-decide-dialog')
    await dialog.getByTestId('app-decision-reject').check()
    await dialog.getByTestId('app-decide-submit').click()
    await fieldError(dialog, 'app-field-decide-note', '不同意时请写明理由').waitFor()
    await dialog.getByTestId('app-decision-approve').check()
    await dialog.getByTestId('app-decide-note').fill('材料齐全')
    await expectNoAxeViolations(page, 'the review dialog')
    await dialog.getByTestId('app-decide-submit').click()
    await dialog.waitFor({ state: 'hidden' })

    await page.getByTestId('app-detail-status').filter({ hasText: '待县级民政审批' }).waitFor()
    const step = page.getByTestId('app-step-town')
    assert.match(await step.innerText(), new RegExp(`乡镇审核[\\s\\S]*同意[\\s\\S]*${TOWN_NAME}[\\s\\S]*材料齐全`))
    // The county's stage now: 审批, which the town may not take.
    await decide(page, { button: '审批', decision: 'approve', refusal: '需由县级民政审批' })
    assert.equal(await page.getByTestId('app-detail-status').innerText(), '待县级民政审批')
  })(t)
})

test('(c) the county official approves it: 已批准, the steps showing both', options, async (t) => {
  assert.ok(benefitId, 'the application was reviewed')
  await withPage(() => browser, () => countyState, async (page) => {
    await page.goto(`/care/applications?kind=benefit&status=county&place=${community.code}`)
    await page.getByTestId(`app-row-${benefitId}`).waitFor()
    await page.getByTestId(`app-link-${benefitId}`).click()
    await page.getByTestId('app-detail-status').filter({ hasText: '待县级民政审批' }).waitFor()
    await decide(page, { button: '审批', decision: 'approve', note: '同意享受高龄津贴' })
    await page.getByTestId('app-detail-status').filter({ hasText: '已批准' }).waitFor()
    assert.equal(await page.getByTestId('app-decide').count(), 0, 'decided once')
    assert.equal(await page.getByTestId('app-pay').count(), 0, 'a benefit is not paid here')
    assert.equal(await page.getByTestId('app-stage-due').innerText(), '—')
    const steps = page.getByTestId('app-steps').locator('li')
    assert.equal(await steps.count(), 2)
    assert.match(await steps.nth(0).innerText(), new RegExp(`乡镇审核[\\s\\S]*同意[\\s\\S]*${TOWN_NAME}[\\s\\S]*材料齐全`))
    assert.match(await steps.nth(1).innerText(), new RegExp(`县级审批[\\s\\S]*同意[\\s\\S]*${OFFICIAL_NAME}[\\s\\S]*同意享受高龄津贴`))
    await toastsGone(page)
    await expectNoAxeViolations(page, 'an approved application')
  })(t)
})

test('(d) on a phone an emergency of 2000 yuan is filed, approved by the town and paid 1800', options, async (t) => {
  await withPage(() => browser, () => cwState, async (page) => {
    await page.setViewportSize(PHONE)
    await page.goto('/care/applications')
    await page.getByTestId('applications-page').waitFor()
    await page.getByTestId('app-create').click()
    const dialog = page.getByTestId('app-dialog')
    await dialog.getByTestId('app-kind').waitFor()
    await choosePerson(dialog, elder)
    await dialog.getByTestId('app-kind-emergency').check()
    assert.equal(await dialog.getByTestId('app-benefit').count(), 0, 'no benefit for an emergency')
    await dialog.getByTestId('app-amount').fill('60000')
    await dialog.getByTestId('app-reason').fill(EMERGENCY_REASON)
    await dialog.getByTestId('app-submit').click()
    await fieldError(dialog, 'app-field-amount', '急难救助金额不能超过 50000 元').waitFor()
    await dialog.getByTestId('app-amount').fill('2000')
    await noSidewaysScroll(page, 'the application form')
    await expectNoAxeViolations(page, 'the emergency form on a phone')
    await dialog.getByTestId('app-submit').click()
    await page.waitForURL(/\/care\/applications\/\d+$/)
    emergencyId = Number(page.url().split('/').pop())
    await page.getByTestId('app-title').filter({ hasText: `${ELDER_NAME} · 急难救助` }).waitFor()
    assert.equal(await page.getByTestId('app-amount').innerText(), '¥2,000.00')
    assert.equal(await page.getByTestId('app-detail-status').innerText(), '待乡镇（街道）审核')
    await noSidewaysScroll(page, 'an emergency')

    // The list is cards on a phone.
    await page.getByTestId('app-back').click()
    const row = page.getByTestId(`app-row-${emergencyId}`)
    await row.waitFor()
    const head = await page.getByTestId('app-table').locator('thead').boundingBox()
    assert.ok(!head || head.height <= 1, 'the header row is hidden on a phone')
    const labels = await row.locator('td, th').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')))
    for (const label of ['申请对象', '所在地', '申请类型', '申请事项', '办理状态', '本环节期限']) assert.ok(labels.includes(label), `no cell labelled ${label} (${labels})`)
    assert.equal(await page.getByTestId(`app-subject-${emergencyId}`).innerText(), '¥2,000.00')
    assert.equal(await page.getByTestId(`app-kind-${emergencyId}`).innerText(), '急难救助')
    await noSidewaysScroll(page, 'the applications list')
    await toastsGone(page)
    await expectNoAxeViolations(page, 'applications on a phone')
  })(t)

  await withPage(() => browser, () => townState, async (page) => {
    await page.setViewportSize(PHONE)
    await page.goto(`/care/applications/${emergencyId}`)
    await page.getByTestId('app-detail-status').filter({ hasText: '待乡镇（街道）审核' }).waitFor()
    await decide(page, { button: '审核', decision: 'approve', note: '情况属实' })
    await page.getByTestId('app-detail-status').filter({ hasText: '已批准' }).waitFor()
    assert.equal(await page.getByTestId('app-decide').count(), 0)

    // 登记发放: not above the amount approved.
    await page.getByTestId('app-pay').click()
    const dialog = page.getByTestId('app-pay-dialog')
    await dialog.getByTestId('app-pay-amount').waitFor()
    assert.equal(await dialog.getByTestId('app-pay-amount').inputValue(), '2000')
    await dialog.getByTestId('app-pay-amount').fill('2500')
    await dialog.getByTestId('app-pay-submit').click()
    await fieldError(dialog, 'app-field-pay-amount', '发放金额不能超过批准金额').waitFor()
    await dialog.getByTestId('app-pay-amount').fill('1800')
    await dialog.getByTestId('app-pay-note').fill('已打卡发放')
    await noSidewaysScroll(page, 'the payment dialog')
    await expectNoAxeViolations(page, 'the payment dialog on a phone')
    await dialog.getByTestId('app-pay-submit').click()
    await dialog.waitFor({ state: 'hidden' })

    await page.getByTestId('app-detail-status').filter({ hasText: '已发放' }).waitFor()
    assert.equal(await page.getByTestId('app-paid').innerText(), '¥1,800.00')
    assert.equal(await page.getByTestId('app-pay').count(), 0, 'paid once')
    const steps = page.getByTestId('app-steps').locator('li')
    assert.equal(await steps.count(), 2)
    assert.match(await steps.nth(0).innerText(), new RegExp(`乡镇审核[\\s\\S]*同意[\\s\\S]*${TOWN_NAME}[\\s\\S]*情况属实`))
    assert.match(await steps.nth(1).innerText(), new RegExp(`发放[\\s\\S]*¥1,800\\.00[\\s\\S]*${TOWN_NAME}[\\s\\S]*已打卡发放`))
    await noSidewaysScroll(page, 'a paid emergency')
    await toastsGone(page)
    await expectNoAxeViolations(page, 'a paid emergency on a phone')

    // Elder mode: the application and the list stay within the phone, with no violations.
    await page.getByTestId('elder-mode-toggle').click()
    await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
    await noSidewaysScroll(page, 'a paid emergency in elder mode')
    await expectNoAxeViolations(page, 'a paid emergency in elder mode on a phone')
    await page.getByTestId('app-back').click()
    await page.getByTestId(`app-row-${emergencyId}`).waitFor()
    await noSidewaysScroll(page, 'the applications list in elder mode')
    await expectNoAxeViolations(page, 'applications in elder mode on a phone')
  })(t)

  const paid = await api('GET', `/api/v1/care/applications/${emergencyId}`, { token: cwToken })
  assert.equal(paid.json.status, 'paid', paid.text)
  assert.equal(paid.json.paid, 1800)
})

test('(e) 提交申请 on a 政策找人 finding opens the form with its person and benefit', options, async (t) => {
  const findings = await api('GET', `/api/v1/care/findings?place=${community.code}&benefit=advanced_age_allowance&limit=200`, { token: cwToken })
  assert.equal(findings.status, 200, findings.text)
  const finding = findings.json.items.find((f) => f.resident_id === found.id && f.kind === 'eligible')
  assert.ok(finding, `no finding of ${FOUND_NAME}: ${findings.text}`)
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto(`/care/findings?benefit=advanced_age_allowance&place=${community.code}`)
    await page.getByTestId(`finding-row-${finding.id}`).waitFor()
    await page.getByTestId(`finding-apply-${finding.id}`).click()
    const dialog = page.getByTestId('app-dialog')
    await dialog.getByTestId('app-from-finding').filter({ hasText: '高龄津贴' }).waitFor()
    await dialog.getByTestId('app-resident-chosen').filter({ hasText: FOUND_NAME }).waitFor()
    assert.ok(await dialog.getByTestId('app-kind-benefit').isChecked())
    assert.equal(await dialog.getByTestId('app-benefit').inputValue(), 'advanced_age_allowance')
    await dialog.getByTestId('app-reason').fill(`政策找人发现，年满八十周岁${TAG}`)
    await expectNoAxeViolations(page, 'the form from a finding')
    await dialog.getByTestId('app-submit').click()
    await dialog.waitFor({ state: 'hidden' })
    const filed = page.getByTestId(`finding-application-${finding.id}`)
    await filed.filter({ hasText: '已提交申请：待乡镇（街道）审核' }).waitFor()
    await filed.getByRole('link').click()
    await page.getByTestId('app-title').filter({ hasText: `${FOUND_NAME} · 高龄津贴` }).waitFor()
    assert.equal(await page.getByTestId('app-finding').innerText(), `线索 #${finding.id}`)
  })(t)
  const listed = await api('GET', `/api/v1/care/applications?place=${community.code}&kind=benefit`, { token: cwToken })
  const application = listed.json.items.find((a) => a.resident_id === found.id)
  assert.ok(application, listed.text)
  assert.equal(application.finding_id, finding.id)
})

test('(f) an emergency past its working day: the county official follows the bell to the application', options, async (t) => {
  const token = await adminToken()
  const filed = await created(await api('POST', '/api/v1/care/applications', {
    token: cwToken, body: { resident_id: elder.id, kind: 'emergency', amount: 800, reason: `突发疾病，无力就医${TAG}` },
  }))
  // The clock cannot be moved: the deadline is, to before the filing.
  databaseSql(process.env.LINLI_DB_URL, `UPDATE care_applications SET stage_due_at = filed_at - 1 WHERE id = ${filed.id}`)
  for (let attempt = 0; ; attempt++) {
    const run = await api('POST', '/api/v1/jobs/care.application_deadlines/run', { token })
    if (run.status !== 409) { assert.equal(run.status, 200, run.text); break }
    assert.ok(attempt < 60, 'care.application_deadlines stayed busy')
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  await withPage(() => browser, () => countyState, async (page) => {
    await page.goto('/')
    await page.getByTestId('notification-count').waitFor()
    await page.getByTestId('notification-bell').click()
    const item = page.getByTestId('notification-item').filter({ hasText: `急难救助申请 #${filed.id}（` }).first()
    await item.waitFor()
    assert.equal(await item.getAttribute('data-kind'), 'application_overdue')
    await item.getByTestId('notification-link').click()
    await page.waitForURL(`**/care/applications/${filed.id}`)
    await page.getByTestId('app-title').filter({ hasText: ELDER_NAME }).waitFor()
  })(t)
})
