// 政策找人 (decision 0032) in the browser. A community worker opens 政策找人 from the menu, reads
// the benefits' rules, finds an 85-year-old of its grid under 高龄津贴 (chosen by name, the grid
// chosen by name), records 已协助申请 with a note and sees the row change; an outcome someone
// else recorded first is refused above the form; the person's name opens the resident record.
// On a phone (390×844) the findings are cards. Through 部门信号 it imports a signals CSV: a file
// with one bad row is refused with the row and column named, then the good file is imported
// and its signal listed.
//
// Set up through the API as the admin: a grid of 个园社区, two residents aged 85 and 90 in it,
// a community worker of the community, and the rules run by the job care.eligibility (as the
// nightly run does). Every test is skipped when the server has no 政策找人.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, idCheckCharacter,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/care/benefits', 'the server has no 政策找人 (care eligibility) yet')
if (SKIP) console.log(`SKIP all 政策找人 browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Care-findings-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const ELDER_NAME = `高龄老人${TAG}`
const OTHER_NAME = `九旬老人${TAG}`
const CW = `findcw${RUN}`.slice(0, 32)
const CW_NAME = `政策社工${TAG}`
// Today in China (the server's day), YYYY-MM-DD.
const TODAY = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)
const THIS_YEAR = Number(TODAY.slice(0, 4))

let browser
let grid
let elder
let elderNumber
let other
let cwToken
let cwState

function idNumber(born) {
  const body = `321002${born}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}
async function residentAged(token, age, name) {
  const number = idNumber(`${THIS_YEAR - age}0315`)
  const made = await created(await api('POST', '/api/v1/residents', {
    token, body: { name, id_number: number, ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid.code },
  }))
  return { ...made, number }
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
    assert.equal(run.json.ok, true, run.text)
    return
  }
  assert.fail('care.eligibility stayed busy')
}
/** The open 高龄津贴 finding of a resident, through the API. */
async function findingOf(residentId) {
  const found = await api('GET', `/api/v1/care/findings?place=${grid.code}&benefit=advanced_age_allowance&limit=200`, { token: cwToken })
  assert.equal(found.status, 200, found.text)
  const finding = found.json.items.find((f) => f.resident_id === residentId)
  assert.ok(finding, `no finding of resident ${residentId}: ${found.text}`)
  return finding
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  grid = await created(await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `政策网格${RUN}`, kind: 'ordinary', planned_households: 80, valid_from: '2000-01-01' },
  }))
  elder = await residentAged(token, 85, ELDER_NAME)
  elderNumber = elder.number
  other = await residentAged(token, 90, OTHER_NAME)
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: CW, display_name: CW_NAME, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }] },
  }))
  await runEligibility(token)
  const login = await api('POST', '/api/v1/session', { body: { username: CW, password: PASSWORD } })
  assert.equal(login.status, 200, login.text)
  cwToken = login.json.token
  browser = await launchBrowser()
  cwState = await loggedInState(browser, CW, PASSWORD)
})
after(async () => { await browser?.close() })

/** Chooses 高龄津贴 and the test's grid (by name) and searches. */
async function showAllowanceOfGrid(page) {
  await page.getByTestId('finding-filter-benefit').locator('option[value="advanced_age_allowance"]').waitFor({ state: 'attached' })
  await page.getByTestId('finding-filter-benefit').selectOption({ label: '高龄津贴' })
  const gridSelect = page.getByTestId('finding-place-level-0')
  await gridSelect.locator(`option[value="${grid.code}"]`).waitFor({ state: 'attached' })
  await gridSelect.selectOption({ label: `政策网格${RUN}` })
  await page.getByTestId('filter-submit').click()
  await page.waitForURL(/benefit=advanced_age_allowance/)
}

test('a community worker finds an 85-year-old under 高龄津贴 and records 已协助申请', options, async (t) => {
  const finding = await findingOf(elder.id)
  const second = await findingOf(other.id)
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/')
    await page.getByTestId('menu-care-findings').click()
    await page.getByTestId('care-findings-page').waitFor()
    // 待联系 by default.
    assert.equal(await page.getByTestId('finding-filter-status').inputValue(), 'open')
    assert.deepEqual(await page.getByTestId('finding-filter-kind').locator('option').allTextContents(), ['全部类型', '可能符合条件', '可能不再符合'])

    // The benefits' rules in words, with their policy basis.
    await page.getByTestId('benefit-rules-toggle').click()
    const rule = page.getByTestId('benefit-rule-advanced_age_allowance')
    await rule.waitFor()
    const ruleText = await rule.innerText()
    assert.match(ruleText, /高龄津贴/)
    assert.match(ruleText, /年龄不小于80/)
    assert.match(ruleText, /江苏省高龄津贴制度/)
    assert.match(ruleText, /市民政局/)
    await expectNoAxeViolations(page, 'findings with the rules')

    await showAllowanceOfGrid(page)
    const row = page.getByTestId(`finding-row-${finding.id}`)
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, new RegExp(ELDER_NAME))
    assert.match(text, /高龄津贴/)
    assert.match(text, /可能符合条件/)
    assert.match(text, /待联系/)
    assert.match(text, new RegExp(finding.found_on))
    assert.match(text, new RegExp(`政策网格${RUN}`))
    assert.equal(await page.locator('[data-testid^="finding-row-"]').count(), 2)
    await expectNoAxeViolations(page, 'findings of a grid')

    // 登记结果: the outcomes of a finding of someone who may qualify; none chosen is refused.
    await page.getByTestId(`finding-record-${finding.id}`).click()
    const dialog = page.getByTestId('finding-outcome-dialog')
    await page.getByTestId('finding-outcome-status').waitFor()
    assert.deepEqual(await page.getByTestId('finding-outcome-status').locator('.choice-name').allTextContents(),
      ['已协助申请', '本人放弃', '核实不符合', '已纳入享受'])
    await dialog.getByTestId('finding-outcome-submit').click()
    assert.equal(await page.getByTestId('finding-outcome-status-error').innerText(), '请选择结果')
    await page.getByTestId('finding-outcome-applied').check()
    await page.getByTestId('finding-outcome-note').fill('已协助家属递交高龄津贴申请')
    await expectNoAxeViolations(page, 'recording an outcome')
    await dialog.getByTestId('finding-outcome-submit').click()
    await page.getByTestId(`finding-status-${finding.id}`).filter({ hasText: '已协助申请' }).waitFor()
    const decided = await row.innerText()
    assert.match(decided, /说明：已协助家属递交高龄津贴申请/)
    assert.match(decided, new RegExp(`${CW_NAME} 登记`))
    assert.equal(await page.getByTestId(`finding-record-${finding.id}`).count(), 0)
    // The server has it.
    const saved = await api('GET', `/api/v1/care/findings?place=${grid.code}&benefit=advanced_age_allowance&status=applied`, { token: cwToken })
    assert.ok(saved.json.items.some((f) => f.id === finding.id && f.outcome_note === '已协助家属递交高龄津贴申请'), saved.text)

    // Someone else decides the other finding while the dialog is open: refused above the form.
    await page.getByTestId(`finding-record-${second.id}`).click()
    await page.getByTestId('finding-outcome-status').waitFor()
    const first = await api('POST', `/api/v1/care/findings/${second.id}/outcome`, { token: cwToken, body: { status: 'declined' } })
    assert.equal(first.status, 200, first.text)
    await page.getByTestId('finding-outcome-enrolled').check()
    await dialog.getByTestId('finding-outcome-submit').click()
    await page.getByTestId('finding-outcome-error').waitFor()
    assert.match(await page.getByTestId('finding-outcome-error').innerText(), /线索已处理/)
    assert.ok(await dialog.isVisible(), 'the dialog stays open on a refusal')
    await page.getByTestId('finding-outcome-cancel').click()
    await dialog.waitFor({ state: 'hidden' })

    // 待联系 no longer lists the decided ones; 已协助申请 does; the name opens the person.
    await page.getByTestId('filter-submit').click()
    await page.getByTestId('findings-empty').waitFor()
    await page.getByTestId('finding-filter-status').selectOption('applied')
    await page.getByTestId('filter-submit').click()
    await page.waitForURL(/status=applied/)
    await row.waitFor()
    assert.match(await page.getByTestId(`finding-status-${finding.id}`).innerText(), /已协助申请/)
    await page.getByTestId(`finding-person-${finding.id}`).click()
    await page.getByTestId('resident-title').filter({ hasText: ELDER_NAME }).waitFor()
    assert.match(page.url(), new RegExp(`/people/residents/${elder.id}$`))
  })(t)
})

test('on a phone the findings are cards within the screen', options, async (t) => {
  await withPage(() => browser, () => cwState, async (page) => {
    await page.setViewportSize(PHONE)
    await page.goto(`/care/findings?status=all&benefit=advanced_age_allowance&place=${grid.code}`)
    const row = page.locator('[data-testid^="finding-row-"]', { hasText: ELDER_NAME })
    await row.waitFor()
    const head = await page.getByTestId('finding-table').locator('thead').boundingBox()
    assert.ok(!head || head.height <= 1, 'the header row is hidden on a phone')
    const labels = await row.locator('td, th').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')))
    for (const label of ['姓名', '所在地', '待遇', '线索类型', '发现日期', '状态']) assert.ok(labels.includes(label), `no cell labelled ${label} (${labels})`)
    const width = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(width <= PHONE.width + 1, `the page is ${width}px wide on a ${PHONE.width}px phone`)
    await expectNoAxeViolations(page, 'findings on a phone')

    await page.goto(`/care/signals?place=${grid.code}`)
    await page.getByTestId('signal-table').or(page.getByTestId('signals-empty')).first().waitFor()
    const signalsWidth = await page.evaluate(() => document.documentElement.scrollWidth)
    assert.ok(signalsWidth <= PHONE.width + 1, `signals: the page is ${signalsWidth}px wide on a ${PHONE.width}px phone`)
    await expectNoAxeViolations(page, 'signals on a phone')
  })(t)
})

test('signals from another department are imported through the page: a row report first, then the good file', options, async (t) => {
  const header = '身份证号,信号,日期,来源部门,说明'
  const good = `${elderNumber},出院,${TODAY},苏北人民医院,脑卒中出院${TAG}`
  const bad = `${elderNumber},中奖,${TODAY},体彩中心,`
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/care/findings')
    await page.getByTestId('findings-signals').click()
    await page.getByTestId('care-signals-page').waitFor()
    await page.getByTestId('signal-import').click()
    await page.getByTestId('import-page').waitFor()
    assert.match(await page.getByTestId('import-template').getAttribute('href'), /\/api\/v1\/care\/signals\/import-template\.xlsx$/)
    await expectNoAxeViolations(page, 'signal import')

    await page.getByTestId('import-file').setInputFiles({ name: '部门信号.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\n${bad}\n`) })
    await page.getByTestId('import-submit').click()
    const report = page.getByTestId('import-report')
    await report.waitFor()
    const rows = await report.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent.trim())))
    assert.equal(rows.length, 1, JSON.stringify(rows))
    assert.equal(rows[0][0], '3')
    assert.equal(rows[0][1], '信号')
    assert.match(rows[0][2], /出院/)
    assert.match(await page.getByTestId('import-error').textContent(), /没有写入任何数据/)
    await page.getByTestId('import-error-copy').waitFor()
    await expectNoAxeViolations(page, 'signal import report')
    const none = await api('GET', `/api/v1/care/signals?place=${grid.code}`, { token: cwToken })
    assert.equal(none.json.items.length, 0, 'a refused file writes nothing')

    await page.getByTestId('import-file').setInputFiles({ name: '部门信号.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\n${good}\n`) })
    await page.getByTestId('import-check').click()
    await page.getByTestId('import-success').filter({ hasText: '检查通过：1 行' }).waitFor()
    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-success').filter({ hasText: '导入完成：1 条信号' }).waitFor()
    assert.equal(await page.getByTestId('import-report').count(), 0)

    await page.getByTestId('import-success').getByRole('link').click()
    await page.getByTestId('care-signals-page').waitFor()
    const signal = page.locator('[data-testid^="signal-row-"]', { hasText: ELDER_NAME })
    await signal.waitFor()
    const text = await signal.innerText()
    assert.match(text, /出院/)
    assert.match(text, new RegExp(TODAY))
    assert.match(text, /苏北人民医院/)
    assert.match(text, new RegExp(`脑卒中出院${TAG}`))
    assert.match(text, new RegExp(CW_NAME))
    await expectNoAxeViolations(page, 'signals')
  })(t)
})
