// Mandatory reports (强制报告; decision 0034) in the browser. A school's account (role 强制报告责任单位
// at a town of 江都区) signs in on a phone (390×844) and lands on 填报强制报告: the form — its name
// filled in, the child's community chosen by name within its county — is refused empty, then
// filed as urgent; the receipt shows its number and the acknowledge deadline, and 我的报告回执
// lists it (axe clean on the form, the receipt and the list). The community's 儿童主任 (a
// community worker with the duty children_director) opens 强制报告 on a desktop, sees the report
// flagged 紧急 and acknowledges it; the county's official follows the bell (消息) to the report and
// closes it with an outcome and the referral 移送公安机关; the school then sees 已办结 in its receipts (and, in elder mode, the receipts and the
// form still fit the phone, axe clean).
//
// Set up through the API: the school's account, the 儿童主任 (its duty set with PUT
// /accounts/{u}/grants) and the county official. Every test is skipped when the server has no
// mandatory reports module.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  BASE_URL, launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, loginThroughForm,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/mandatory-reports', 'the mandatory reports module is not wired into this server yet')
if (SKIP) console.log(`SKIP all mandatory reports browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COUNTY = '321012' // 江都区
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Mandatory-report-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const SCHOOL = `mrschool${RUN}`.slice(0, 32)
const SCHOOL_NAME = `江都实验小学${TAG}`
const DIRECTOR = `mrdirector${RUN}`.slice(0, 32)
const OFFICIAL = `mrcounty${RUN}`.slice(0, 32)
const DESCRIPTION = `连续多日无人接送，手臂有淤青，孩子说不敢回家${TAG}`
const OUTCOME = `入户核查，已联系监护人，情况已移送公安机关${TAG}`

let browser
let town
let community
let receiptCode
let reportId
let directorState
let officialState

async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  const county = await api('GET', `/api/v1/divisions/${COUNTY}`, { token })
  assert.equal(county.status, 200, county.text)
  town = county.json.children[0]
  const towns = await api('GET', `/api/v1/divisions/${town.code}`, { token })
  community = towns.json.children[0]
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: SCHOOL, display_name: SCHOOL_NAME, password: PASSWORD, grants: [{ role: 'institution', scope_code: town.code }] },
  }))
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: DIRECTOR, display_name: `儿童主任${TAG}`, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: community.code }] },
  }))
  const duty = await api('PUT', `/api/v1/accounts/${DIRECTOR}/grants`, {
    token, body: { grants: [{ role: 'community_worker', scope_code: community.code, duty: 'children_director' }] },
  })
  assert.equal(duty.status, 200, duty.text)
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: OFFICIAL, display_name: `区民政干部${TAG}`, password: PASSWORD, grants: [{ role: 'county_official', scope_code: COUNTY }] },
  }))
  browser = await launchBrowser()
  directorState = await loggedInState(browser, DIRECTOR, PASSWORD)
  officialState = await loggedInState(browser, OFFICIAL, PASSWORD)
})
after(async () => { await browser?.close() })

/** A phone's page (390×844), with a screenshot on failure. */
function onPhone(body) {
  return async (t) => {
    const context = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport: PHONE, isMobile: true, hasTouch: true })
    context.setDefaultTimeout(15000)
    const page = await context.newPage()
    try {
      await body(page)
    } catch (error) {
      const dir = fileURLToPath(new URL('../test-results/', import.meta.url))
      fs.mkdirSync(dir, { recursive: true })
      const file = path.join(dir, `${t.name.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}.png`)
      await page.screenshot({ path: file, fullPage: true }).catch(() => {})
      console.error(`screenshot: ${file}`)
      throw error
    } finally {
      await context.close()
    }
  }
}
/** Waits until the toasts (ElMessage) have gone: axe reads a fading one's colours half blended. */
async function toastsGone(page) {
  await page.locator('.el-message').first().waitFor({ state: 'detached', timeout: 10000 }).catch(() => {})
}
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}

test('a school files an urgent report on a phone and gets its receipt', options, onPhone(async (page) => {
  // 填报强制报告 is the first screen of a mandated reporter; it has no workbench.
  await loginThroughForm(page, SCHOOL, PASSWORD, 'mandatory-report-page')
  assert.equal(new URL(page.url()).pathname, '/mandatory-report')
  await page.getByTestId('tab-mandatory-report').waitFor()
  await page.getByTestId('tab-mandatory-report-mine').waitFor()
  assert.equal(await page.getByTestId('tab-workbench').count(), 0, 'no workbench for a mandated reporter')
  assert.equal(await page.getByTestId('mr-institution').inputValue(), SCHOOL_NAME)
  assert.match(await page.getByTestId('mr-note').innerText(), /儿童主任[\s\S]*民政/)
  // The picker starts at the school's county: its towns by name.
  assert.match(await page.getByTestId('mr-place-picker').innerText(), /江都区/)
  await noSidewaysScroll(page, '/mandatory-report')
  await expectNoAxeViolations(page, 'mandatory report form on a phone')

  // Nothing filled: refused beside the fields, nothing sent.
  await page.getByTestId('mr-submit').click()
  await page.getByTestId('mr-contact-phone-error').getByText('请填写联系电话').waitFor()
  await page.getByTestId('mr-place-error').getByText('请选择儿童所在的社区（村）').waitFor()
  await page.getByTestId('mr-kind-error').getByText('请选择情形').waitFor()
  await page.getByTestId('mr-description-error').getByText('请描述您发现的情况').waitFor()
  await expectNoAxeViolations(page, 'mandatory report form with refusals')

  await page.getByTestId('mr-contact-phone').fill('0514-86881234')
  await page.getByTestId('mr-place-level-0').selectOption(town.code)
  const communities = page.getByTestId('mr-place-level-1')
  await communities.locator(`option[value="${community.code}"]`).waitFor({ state: 'attached' })
  await communities.selectOption(community.code)
  await page.getByTestId('mr-kind').selectOption('neglect')
  await page.getByTestId('mr-urgent').check()
  await page.getByTestId('mr-child-name').fill('小明')
  await page.getByTestId('mr-child-age').selectOption('9')
  await page.getByTestId('mr-description').fill(DESCRIPTION)
  assert.equal(await page.getByTestId('mr-place-error').count(), 0, 'the place error goes once a community is chosen')
  await page.getByTestId('mr-submit').click()

  const code = page.getByTestId('mr-receipt-code')
  await code.waitFor()
  receiptCode = (await code.innerText()).trim()
  assert.match(receiptCode, /^QZBG-\d{8}-\d{6}$/)
  assert.match(await page.getByTestId('mr-receipt-due').innerText(), /将在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前受理/)
  assert.equal((await page.getByTestId('mr-receipt-place').innerText()).trim(), community.name)
  assert.equal(await page.getByTestId('mr-receipt-status').innerText(), '已接报')
  await noSidewaysScroll(page, 'the receipt')
  await expectNoAxeViolations(page, 'the receipt on a phone')

  // 我的报告回执 lists it, where it stands and nothing of the child.
  await page.getByTestId('mr-receipt-mine').click()
  const card = page.getByTestId(`mr-mine-${receiptCode}`)
  await card.waitFor()
  const text = await card.innerText()
  for (const part of [receiptCode, '已接报', '紧急', community.name, '监护缺失或疏于照料']) assert.ok(text.includes(part), `${part} in ${text}`)
  assert.ok(!text.includes('小明') && !text.includes(DESCRIPTION), 'the receipt shows nothing of the child')
  assert.equal(await page.getByTestId(`mr-mine-acknowledged-${receiptCode}`).innerText(), '尚未')
  await noSidewaysScroll(page, '/mandatory-report/mine')
  await expectNoAxeViolations(page, 'report receipts on a phone')

  // The handlers' pages are not the reporter's.
  await page.goto('/care/mandatory-reports')
  await page.getByText('没有权限').first().waitFor()
}))

test('the community\'s 儿童主任 sees the report flagged 紧急 and acknowledges it', options, async (t) => {
  assert.ok(receiptCode, 'the report was filed')
  await withPage(() => browser, () => directorState, async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-care-mandatory-reports').click()
    await page.getByTestId('mandatory-reports-page').waitFor()
    const link = page.getByRole('link', { name: receiptCode, exact: true })
    await link.waitFor()
    reportId = Number((await link.getAttribute('href')).split('/').pop())
    assert.ok(reportId > 0)
    const row = page.getByTestId(`mr-row-${reportId}`)
    assert.equal(await page.getByTestId(`mr-urgent-${reportId}`).innerText(), '紧急')
    assert.equal(await page.getByTestId(`mr-overdue-${reportId}`).count(), 0, 'not overdue yet')
    const rowText = await row.innerText()
    for (const part of [community.name, '监护缺失或疏于照料', SCHOOL_NAME, '已接报', '受理期限']) assert.ok(rowText.includes(part), `${part} in ${rowText}`)
    await expectNoAxeViolations(page, 'mandatory reports list')

    // Only the received ones: it is among them.
    await page.getByTestId('mr-filter-status').selectOption('received')
    await page.getByTestId('filter-submit').click()
    await page.waitForURL(/status=received/)
    await page.getByTestId(`mr-row-${reportId}`).waitFor()

    await link.click()
    await page.getByTestId('mr-title').filter({ hasText: receiptCode }).waitFor()
    await page.getByTestId('mr-detail-urgent').waitFor()
    assert.equal(await page.getByTestId('mr-description').innerText(), DESCRIPTION)
    assert.match(await page.getByTestId('mr-child').innerText(), /小明[\s\S]*9 岁/)
    assert.equal(await page.getByTestId('mr-institution').innerText(), SCHOOL_NAME)
    assert.equal(await page.getByTestId('mr-close').count(), 0, 'not closed before it is acknowledged')
    await expectNoAxeViolations(page, 'a received mandatory report')

    await page.getByTestId('mr-acknowledge').click()
    await page.getByTestId('mr-detail-status').filter({ hasText: '已受理' }).waitFor()
    assert.match(await page.getByTestId('mr-acknowledged').innerText(), new RegExp(`儿童主任${TAG}`))
    assert.equal(await page.getByTestId('mr-acknowledge').count(), 0, 'acknowledged once')
    await page.getByTestId('mr-close').waitFor()
  })(t)
})

test('the county official follows the bell to the report and closes it with the referral to the police', options, async (t) => {
  assert.ok(reportId, 'the report was acknowledged')
  await withPage(() => browser, () => officialState, async (page) => {
    await page.goto('/')
    await page.getByTestId('notification-bell').click()
    const item = page.getByTestId('notification-item').filter({ hasText: receiptCode }).first()
    await item.waitFor()
    assert.equal(await item.getAttribute('data-kind'), 'mandatory_report')
    await item.getByTestId('notification-link').click()
    await page.waitForURL(`**/care/mandatory-reports/${reportId}`)
    await page.getByTestId('mr-detail-status').filter({ hasText: '已受理' }).waitFor()
    await page.getByTestId('mr-close').click()
    const dialog = page.getByTestId('mr-close-dialog')
    await page.getByTestId('mr-outcome').waitFor()
    // No outcome: refused.
    await page.getByTestId('mr-close-confirm').click()
    await dialog.getByText('请填写办理结果').waitFor()
    await page.getByTestId('mr-outcome').fill(OUTCOME)
    await page.getByTestId('mr-referral').selectOption('police')
    await expectNoAxeViolations(page, 'close dialog')
    await page.getByTestId('mr-close-confirm').click()
    await dialog.waitFor({ state: 'hidden' })
    await page.getByTestId('mr-detail-status').filter({ hasText: '已办结' }).waitFor()
    assert.equal(await page.getByTestId('mr-referral-label').innerText(), '移送公安机关')
    assert.equal(await page.getByTestId('mr-outcome-text').innerText(), OUTCOME)
    assert.match(await page.getByTestId('mr-closed').innerText(), new RegExp(`区民政干部${TAG}`))
    assert.equal(await page.getByTestId('mr-close').count(), 0)
    await toastsGone(page)
    await expectNoAxeViolations(page, 'a closed mandatory report')
  })(t)
})

test('the school sees 已办结 in its receipts', options, onPhone(async (page) => {
  assert.ok(reportId, 'the report was closed')
  await loginThroughForm(page, SCHOOL, PASSWORD, 'mandatory-report-page')
  await page.getByTestId('tab-mandatory-report-mine').click()
  const status = page.getByTestId(`mr-mine-status-${receiptCode}`)
  await status.waitFor()
  assert.equal(await status.innerText(), '已办结')
  assert.match(await page.getByTestId(`mr-mine-closed-${receiptCode}`).innerText(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  assert.ok(!(await page.getByTestId(`mr-mine-${receiptCode}`).innerText()).includes(OUTCOME), 'nothing of the handling')
  await expectNoAxeViolations(page, 'closed receipt on a phone')

  // Elder mode: the receipts and the form stay within the phone, with no violations.
  await page.getByTestId('elder-mode-toggle').click()
  await page.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  await noSidewaysScroll(page, 'receipts in elder mode')
  await expectNoAxeViolations(page, 'receipts in elder mode on a phone')
  await page.getByTestId('tab-mandatory-report').click()
  await page.getByTestId('mr-form').waitFor()
  await noSidewaysScroll(page, 'the form in elder mode')
  await expectNoAxeViolations(page, 'the form in elder mode on a phone')
}))
