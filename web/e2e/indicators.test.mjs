// Plan indicators (issue 18): a community worker opens 规划指标 on its community, sees every
// indicator with a status, enters the month's B2b figure (a share above 100 % is refused in the
// form); the town official sees it under 待我审核 and returns it with a reason; the worker enters
// it again; the town approves it; the town's table then shows B2b as reported. The plan's final
// month is one click away, and the page works at phone width.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { launchBrowser, withPage, api, adminToken, createAccount, loggedInState } from './helpers.mjs'

const RUN = Date.now().toString(36)
const PASSWORD = 'Linli-indicators-2026!'
let browser
let town
let community
let workerState
let townState

before(async () => {
  browser = await launchBrowser()
  const token = await adminToken()
  const county = await api('GET', '/api/v1/divisions/321084', { token })
  assert.equal(county.status, 200, county.text)
  town = county.json.children[0].code
  const read = await api('GET', `/api/v1/divisions/${town}`, { token })
  community = read.json.children[0].code
  const worker = `indworker${RUN}`.slice(0, 32)
  await createAccount(token, { username: worker, display_name: '指标社工', password: PASSWORD, grants: [{ role: 'community_worker', scope_code: community }] })
  workerState = await loggedInState(browser, worker, PASSWORD)
  const official = `indtown${RUN}`.slice(0, 32)
  await createAccount(token, { username: official, display_name: '街道审核员', password: PASSWORD, grants: [{ role: 'town_official', scope_code: town }] })
  townState = await loggedInState(browser, official, PASSWORD)
})
after(async () => browser?.close())

test('a community worker reports B2b; the town returns it, then approves it', async (t) => {
  await withPage(() => browser, () => workerState, async (page) => {
    await page.goto('/indicators')
    await page.getByTestId('indicator-table').waitFor()
    assert.equal(await page.locator('[data-testid^="indicator-status-"]').count() > 20, true, 'statuses shown')
    assert.match(await page.getByTestId('indicator-summary').innerText(), /滞后|无数据/)
    // 下载月度报告 offers the PDF beside the .xlsx; the browser downloads a PDF.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('indicator-report-download-pdf').click()])
    assert.equal(download.suggestedFilename(), '规划指标月度报告.pdf')
    assert.equal(readFileSync(await download.path()).subarray(0, 5).toString('latin1'), '%PDF-')
    // A computed figure links to the records behind it (here the designations of the place).
    await page.getByTestId('indicator-records-C4a').click()
    await page.getByTestId('designation-kind-filter').waitFor()
    await page.goBack()
    await page.getByTestId('indicator-table').waitFor()
    // A coverage figure opens the facilities of the type that counts for it, at the place.
    const incubation = page.getByTestId('indicator-records-A4b')
    await incubation.waitFor()
    assert.match(await incubation.getAttribute('href'), /\/facilities\?.*type=incubation_base/)
    await page.getByTestId('indicator-report-B2b').click()
    await page.getByTestId('indicator-numerator').fill('3')
    await page.getByTestId('indicator-denominator').fill('2')
    await page.getByTestId('indicator-submit').click()
    assert.match(await page.locator('[data-testid="indicator-form"] [role="alert"]').innerText(), /分子不能大于分母/)
    await page.getByTestId('indicator-numerator').fill('1')
    await page.getByTestId('indicator-denominator').fill('1')
    await page.getByTestId('indicator-note').fill('每月走访台账')
    await page.getByTestId('indicator-submit').click()
    await page.locator('[data-testid^="indicator-report-row-"]').first().waitFor()
    assert.match(await page.getByTestId('indicator-reports').innerText(), /待审核/)
  })(t)

  await withPage(() => browser, () => townState, async (page) => {
    await page.goto('/indicators')
    const awaiting = page.locator('[data-testid^="indicator-return-"]').first()
    await awaiting.waitFor()
    await awaiting.click()
    await page.locator('.el-message-box input').fill('与走访台账不符，请核对')
    await page.locator('.el-message-box .el-button--primary').click()
    await page.getByText('没有等待本级审核的填报。').waitFor()
  })(t)

  await withPage(() => browser, () => workerState, async (page) => {
    await page.goto('/indicators')
    await page.getByText('退回原因：与走访台账不符，请核对').waitFor()
    await page.locator('[data-testid^="indicator-again-"]').first().click()
    await page.getByTestId('indicator-numerator').fill('1')
    await page.getByTestId('indicator-submit').click()
    await page.getByText(/等待乡镇（街道）审核/).waitFor()
  })(t)

  await withPage(() => browser, () => townState, async (page) => {
    await page.goto('/indicators')
    await page.locator('[data-testid^="indicator-approve-"]').first().click()
    await page.getByText('没有等待本级审核的填报。').waitFor()
    const row = page.getByTestId('indicator-row-B2b')
    await row.waitFor()
    const text = await row.innerText()
    assert.match(text, /100 %/, text)
    assert.match(text, /含待审核的填报/, text)  // approved by the town, awaiting the county
  })(t)
})

test('a community worker imports figures from the template of its community and month', async (t) => {
  await withPage(() => browser, () => workerState, async (page) => {
    await page.goto(`/indicators?place=${community}&period=2024-08`)
    await page.getByTestId('indicator-table').waitFor()
    await page.getByTestId('indicator-import').click()
    await page.getByTestId('import-page').waitFor()
    const href = await page.getByTestId('import-template').getAttribute('href')
    assert.match(href, new RegExp(`place=${community}.*period=2024-08|period=2024-08.*place=${community}`))
    const header = '指标编号,分项,地区代码,月份,分子（或数量）,分母,说明'
    await page.getByTestId('import-file').setInputFiles({ name: '指标.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nB2b,,${community},2024-08,3,2,\n`) })
    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-report').waitFor()
    assert.match(await page.getByTestId('import-error').textContent(), /没有写入任何数据/)
    await page.getByTestId('import-file').setInputFiles({ name: '指标.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nB2b,,${community},2024-08,1,1,全科社工台账\nC11c,,${community},2024-08,,,\n`) })
    await page.getByTestId('import-submit').click()
    await page.getByTestId('import-success').waitFor()
    assert.match(await page.getByTestId('import-success').textContent(), /新增 1 条填报/)
  })(t)
})

test('a department officer sees its tasks and indicators, and one indicator by county', async (t) => {
  const token = await adminToken()
  const officer = `inddept${RUN}`.slice(0, 32)
  await createAccount(token, { username: officer, display_name: '民政局科员', password: PASSWORD, grants: [{ role: 'department_officer', scope_code: '3210', department: '市民政局' }] })
  const state = await loggedInState(browser, officer, PASSWORD)
  await withPage(() => browser, () => state, async (page) => {
    await page.goto('/indicators/department')
    assert.equal(await page.getByTestId('department-name').textContent(), '市民政局')
    await page.locator('[data-testid="department-tasks"] li').first().waitFor()
    assert.match(await page.getByTestId('department-tasks').innerText(), /A4 培育发展社区社会组织/)
    await page.getByTestId('department-indicator-C1').waitFor()
    assert.equal(await page.getByTestId('department-indicator-C13').count(), 0, 'another department’s indicator is not listed')
    await page.getByTestId('department-open-C1').click()
    await page.getByTestId('department-place-C1-321084').waitFor()
    assert.match(await page.getByTestId('department-place-C1-321084').innerText(), /高邮市/)
    // Funding per project: recorded here, totalled.
    await page.getByTestId('project-name').fill(`社区社会组织孵化${RUN}`)
    await page.getByTestId('project-task').selectOption('A4')
    await page.getByTestId('project-amount').fill('150000')
    await page.getByTestId('project-source').selectOption('venture_philanthropy')
    await page.getByTestId('project-submit').click()
    await page.locator('[data-testid^="department-project-"]', { hasText: `社区社会组织孵化${RUN}` }).waitFor()
    assert.match(await page.getByTestId('department-funding-total').innerText(), /150,000/)
  })(t)
})

test('the dashboard: one indicator by place, drill down and back, the wall display', async (t) => {
  const adminState = await loggedInState(browser)
  await withPage(() => browser, () => adminState, async (page) => {
    await page.goto('/indicators/dashboard')
    await page.getByTestId('dashboard-table').waitFor()
    await page.getByTestId('dashboard-indicator').selectOption('C1')
    // The map draws on a canvas; the table beside it lists the same places by name.
    await page.getByTestId('dashboard-place-321084').waitFor()
    // The city's counties on their outlines (stored by the divisions import); the functional
    // zone without one is named under the map and stays in the table.
    await page.locator('[data-testid="dashboard-map"][data-mode="outlines"]').waitFor()
    assert.ok(await page.locator('[data-testid="dashboard-map"] canvas').count() >= 1, 'the map is drawn')
    assert.match(await page.getByTestId('dashboard-map-note').innerText(), /扬州经济技术开发区/)
    assert.ok(await page.locator('[data-testid="dashboard-trend"] canvas').count() >= 1, 'the trend is drawn')
    await page.getByTestId('dashboard-drill-321084').click()
    await page.getByTestId(`dashboard-place-${town}`).waitFor()
    assert.match(await page.getByTestId('dashboard-place').innerText(), /高邮市/)
    // Towns have no outlines: their tiles stand in.
    await page.locator('[data-testid="dashboard-map"][data-mode="tiles"]').waitFor()
    assert.equal(await page.getByTestId('dashboard-map-note').count(), 0)
    await page.getByTestId('dashboard-up').click()
    await page.getByTestId('dashboard-place-321084').waitFor()
    await page.getByTestId('dashboard-wall').click()
    assert.equal(await page.getByTestId('dashboard-wall').getAttribute('aria-pressed'), 'true')
    assert.ok(await page.evaluate(() => document.querySelector('[data-testid="dashboard"]').classList.contains('wall')))
  })(t)
})

test('a town official records a designation with its evidence, and revokes another', async (t) => {
  await withPage(() => browser, () => townState, async (page) => {
    await page.goto('/indicators/designations')
    await page.getByTestId('designation-form').waitFor()
    await page.getByTestId('designation-kind').selectOption('child_friendly_community')
    await page.getByTestId('new-designation-place-level-0').selectOption(community)
    await page.getByTestId('designation-title').fill(`儿童友好示范社区${RUN}`)
    await page.getByTestId('designation-date').fill('2024-06-01')
    await page.getByTestId('designation-approved-by').fill('市妇联')
    await page.getByTestId('designation-submit').click()
    const row = page.locator('[data-testid^="designation-row-"]', { hasText: `儿童友好示范社区${RUN}` })
    await row.waitFor()
    await row.locator('input[type="file"]').setInputFiles({ name: '命名文件.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n') })
    await row.getByText('命名文件.pdf').waitFor()
    await row.getByRole('button', { name: '撤销' }).click()
    await page.locator('.el-message-box input').fill('复核未通过')
    await page.locator('.el-message-box .el-button--primary').click()
    await page.getByText('这里还没有命名或试点记录').waitFor()
    await page.getByTestId('designation-state').selectOption('revoked')
    await page.getByText(/撤销：复核未通过/).waitFor()
  })(t)
})

test('phone: the indicators of a community read at 390 px', async (t) => {
  await withPage(() => browser, () => workerState, async (page) => {
    await page.setViewportSize({ width: 390, height: 844 })
    await page.goto('/indicators')
    await page.getByTestId('indicator-table').waitFor()
    await page.getByTestId('indicator-plan-end').click()
    await page.waitForFunction(() => document.querySelector('[data-testid="indicator-summary"]')?.innerText.includes('2025-12'))
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
    assert.ok(overflow <= 1, `no sideways scrolling of the page: ${overflow}px`)
  })(t)
})
