// Care (issue 19) in the browser. A community worker opens a 特殊困难老年人 archive for a resident
// of its community (the person found by name, the category's required field refused empty, a
// responsible grid worker chosen by name) and finds it in 关爱档案. A grid worker on a phone
// (390×844) sees this month's visit of another archive among its own in 走访任务 as a card,
// records it (checklist, a note, a need) and sees the need created; 走访考核 then shows the visit
// done on time — for the grid on the phone, and drilled down from the community on a desktop.
// The community worker assigns a need to the grid worker by name and closes it with its
// outcome; the admin gives a community worker the duty 儿童主任 in 修改角色.
//
// Set up through the API: a grid of 个园社区 with a building, households and residents, the two
// workers, an archive, and this month's visits planned by running the job care.visit_plan (as
// `linli care plan-visits` does by hand). Every test is skipped when the server has no care module.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, expectNoAxeViolations, missingApi, api, adminToken, idCheckCharacter,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/care/categories', 'the care module is not wired into this server yet')
if (SKIP) console.log(`SKIP all care browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区 东关街道)
const RUN = Date.now().toString(36) + Math.floor(Math.random() * 1e4).toString(36)
const PASSWORD = 'Care-visits-2026!'
const PHONE = { width: 390, height: 844 }
const CHINESE_DIGITS = '〇一二三四五六七八九'
const TAG = [...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')
const OPENED_NAME = `建档老人${TAG}`
const VISITED_NAME = `走访老人${TAG}`
const NEED_NAME = `需求老人${TAG}`
const CW = `carecw${RUN}`.slice(0, 32)
const GW = `caregw${RUN}`.slice(0, 32)
const GW_NAME = `关爱网格员${TAG}`
const CW_NAME = `关爱社工${TAG}`

let browser
let grid
let gridWorkerId
let visitedArchive
let openedResident
let cwState
let gwState
let adminState

function idNumber() {
  const body = `3210021945${String(1 + Math.floor(Math.random() * 12)).padStart(2, '0')}${String(1 + Math.floor(Math.random() * 28)).padStart(2, '0')}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
async function created(res) {
  assert.equal(res.status, 201, res.text)
  return res.json
}
async function resident(token, building, room, name) {
  const household = await created(await api('POST', '/api/v1/households', { token, body: { building_id: building, room, type: 'actual', since: '2000-01-01' } }))
  return created(await api('POST', '/api/v1/residents', {
    token, body: { name, id_number: idNumber(), household_id: household.id, relation: 'head', status_since: '2000-01-01' },
  }))
}
async function login(username) {
  const res = await api('POST', '/api/v1/session', { body: { username, password: PASSWORD } })
  assert.equal(res.status, 200, res.text)
  return res.json.token
}
/** Plans this month's visits (and settles last month's) as the scheduled job does; 409 while it runs elsewhere. */
async function planThisMonth(token) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const run = await api('POST', '/api/v1/jobs/care.visit_plan/run', { token })
    if (run.status === 409) {
      await new Promise((resolve) => setTimeout(resolve, 500))
      continue
    }
    assert.equal(run.status, 200, run.text)
    assert.equal(run.json.ok, true, run.text)
    return
  }
  assert.fail('care.visit_plan stayed busy')
}

before(async () => {
  if (SKIP) return
  const token = await adminToken()
  grid = await created(await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `关爱网格${RUN}`, kind: 'ordinary', planned_households: 80, valid_from: '2000-01-01' },
  }))
  const building = await created(await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: grid.code, address: `关爱路${RUN}号`, kind: 'residential', floors: 6 },
  }))
  openedResident = await resident(token, building.id, '101', OPENED_NAME)
  const visited = await resident(token, building.id, '102', VISITED_NAME)
  await resident(token, building.id, '103', NEED_NAME)
  const gw = await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: GW, display_name: GW_NAME, password: PASSWORD, grants: [{ role: 'grid_worker', scope_code: grid.code }] },
  }))
  gridWorkerId = gw.id
  await created(await api('POST', '/api/v1/accounts', {
    token, body: { username: CW, display_name: CW_NAME, password: PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }] },
  }))
  // The archive whose visit the grid worker records: opened this month, visited every month.
  visitedArchive = await created(await api('POST', '/api/v1/care/archives', {
    token, body: { resident_id: visited.id, category: 'elderly_special_difficulty', fields: { reason: '失能' } },
  }))
  await planThisMonth(token)
  browser = await launchBrowser()
  adminState = await loggedInState(browser)
  cwState = await loggedInState(browser, CW, PASSWORD)
  gwState = await loggedInState(browser, GW, PASSWORD)
})
after(async () => { await browser?.close() })

/** A page of `state` on a phone (with withPage's screenshot on failure). */
const onPhone = (state, body) => withPage(() => browser, () => state, async (page) => {
  await page.setViewportSize(PHONE)
  await body(page)
})
async function noSidewaysScroll(page, where) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth)
  assert.ok(width <= PHONE.width + 1, `${where}: the page is ${width}px wide on a ${PHONE.width}px phone`)
}

test('a community worker opens an archive for a resident and finds it in 关爱档案', options, async (t) => {
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/care/archives')
    await page.getByTestId('archive-create').click()
    await page.getByTestId('archive-form').waitFor()
    // The person, found by name and chosen.
    await page.getByTestId('archive-resident-q').fill(OPENED_NAME)
    await page.getByTestId('archive-resident-search').click()
    await page.getByTestId(`archive-resident-pick-${openedResident.id}`).click()
    assert.match(await page.getByTestId('archive-resident-chosen').innerText(), new RegExp(OPENED_NAME))
    // The categories offered are the readable ones only: no minors' archive for a plain worker.
    const offered = await page.getByTestId('archive-category').locator('option').evaluateAll((o) => o.map((x) => x.value))
    assert.ok(offered.includes('elderly_special_difficulty'), offered.join())
    assert.ok(!offered.includes('left_behind_child'), 'a restricted category is not offered')
    await page.getByTestId('archive-category').selectOption('elderly_special_difficulty')
    await page.getByTestId('archive-field-fields').waitFor()
    // The category's required field is refused empty, beside the field.
    await page.getByTestId('archive-submit').click()
    assert.equal(await page.getByTestId('archive-field-reason-error').innerText(), '此项必填')
    await page.getByTestId('archive-field-reason').selectOption('高龄独居')
    await page.getByTestId('archive-field-emergency_contact').fill('女儿 王芳')
    await page.getByTestId('archive-field-call_device').selectOption('true')
    // The responsible worker, chosen by name among those who cover the person's grid.
    const responsible = page.getByTestId('archive-responsible-select')
    await responsible.locator(`option[value="${gridWorkerId}"]`).waitFor({ state: 'attached' })
    assert.match(await responsible.locator(`option[value="${gridWorkerId}"]`).textContent(), new RegExp(`${GW_NAME} · 网格员`))
    await responsible.selectOption(String(gridWorkerId))
    await expectNoAxeViolations(page, 'new care archive')
    await page.getByTestId('archive-submit').click()

    await page.getByTestId('archive-title').waitFor()
    assert.match(await page.getByTestId('archive-title').innerText(), new RegExp(`${OPENED_NAME} · 特殊困难老年人`))
    assert.equal(await page.getByTestId('archive-responsible').innerText(), GW_NAME)
    assert.match(await page.getByTestId('archive-value-reason').innerText(), /高龄独居/)
    assert.match(await page.getByTestId('archive-value-call_device').innerText(), /是/)
    assert.match(await page.getByTestId('archive-place').innerText(), /个园社区/)
    await expectNoAxeViolations(page, 'care archive')

    // The list finds it by name, with its category and place by name.
    await page.getByTestId('archive-back').click()
    await page.getByTestId('archive-filter-q').fill(OPENED_NAME)
    await page.getByTestId('filter-submit').click()
    const row = page.locator('[data-testid^="archive-row-"]', { hasText: OPENED_NAME })
    await row.waitFor()
    assert.equal(await page.locator('[data-testid^="archive-row-"]').count(), 1)
    const text = await row.innerText()
    assert.match(text, /特殊困难老年人/)
    assert.match(text, /个园社区/)
    assert.match(text, /在档/)
    await expectNoAxeViolations(page, 'care archives')
  })(t)
})

test('a grid worker on a phone records this month\'s visit with a need; compliance shows it done', options, async (t) => {
  let visitId
  await onPhone(gwState, async (page) => {
    await page.goto('/care/visits')
    const row = page.locator('[data-testid^="visit-row-"]', { hasText: VISITED_NAME })
    await row.waitFor()
    visitId = (await row.getAttribute('data-testid')).replace('visit-row-', '')
    // A card: the header row hidden, each cell labelled, the card within the screen.
    const head = await page.getByTestId('visit-table').locator('thead').boundingBox()
    assert.ok(!head || head.height <= 1, 'the header row is hidden on a phone')
    const labels = await row.locator('td, th').evaluateAll((cells) => cells.map((c) => c.getAttribute('data-label')))
    for (const label of ['关爱对象', '住址', '类别', '状态']) assert.ok(labels.includes(label), `no cell labelled ${label} (${labels})`)
    const text = await row.innerText()
    assert.match(text, new RegExp(`关爱路${RUN}号`))
    assert.match(text, /特殊困难老年人/)
    assert.match(text, /待走访/)
    await noSidewaysScroll(page, '/care/visits')
    await expectNoAxeViolations(page, 'visits on a phone')

    await page.getByTestId(`visit-record-${visitId}`).click()
    const dialog = page.getByTestId('visit-record-dialog')
    await page.getByTestId('visit-record-checklist').waitFor()
    await page.getByTestId('visit-check-0-fine').check()
    await page.getByTestId('visit-check-1-problem').check()
    await page.getByTestId('visit-record-mode-in_person').check()
    await page.getByTestId('visit-record-note').fill('老人行动不便，家中扶手松动')
    await page.getByTestId('visit-need-add').click()
    await page.getByTestId('visit-need-0-what').fill('上门助浴')
    await page.getByTestId('visit-need-0-urgency').selectOption('urgent')
    await expectNoAxeViolations(page, 'recording a visit on a phone')
    await dialog.getByTestId('visit-record-submit').click()

    const recorded = page.getByTestId('visit-recorded')
    await recorded.waitFor()
    assert.match(await recorded.innerText(), /同时登记了 1 项需求/)
    assert.match(await page.getByTestId('visit-recorded-needs').innerText(), /上门助浴 · 紧急/)
    await page.getByTestId(`visit-status-${visitId}`).filter({ hasText: '已走访' }).waitFor()
    assert.match(await page.getByTestId(`visit-row-${visitId}`).innerText(), /有问题：居住安全/)
    await noSidewaysScroll(page, '/care/visits after recording')

    // The need created is one tap away.
    await page.getByTestId('visit-recorded-needs').getByRole('link').first().click()
    await page.getByTestId('care-needs-page').waitFor()
    const need = page.locator('[data-testid^="need-row-"]', { hasText: '上门助浴' })
    await need.waitFor()
    assert.match(await need.innerText(), /紧急/)

    // 走访考核 of the grid worker's grid: the one planned visit done on time.
    await page.goto('/care/compliance')
    await page.getByTestId('compliance-totals').waitFor()
    assert.match(await page.getByTestId('compliance-place').innerText(), new RegExp(`关爱网格${RUN}`))
    assert.equal((await page.getByTestId('compliance-total-planned').locator('dd').innerText()).trim(), '1')
    assert.equal((await page.getByTestId('compliance-total-on_time').locator('dd').innerText()).trim(), '1')
    assert.equal((await page.getByTestId('compliance-total-due').locator('dd').innerText()).trim(), '0')
    assert.equal((await page.getByTestId('compliance-total-rate').locator('dd').innerText()).trim(), '100%')
    assert.match(await page.getByTestId(`compliance-worker-${gridWorkerId}`).innerText(), new RegExp(GW_NAME))
    await noSidewaysScroll(page, '/care/compliance')
    await expectNoAxeViolations(page, 'compliance on a phone')
  })(t)

  // The community's worker drills from the community down to the grid.
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto('/care/compliance')
    const gridRow = page.getByTestId(`compliance-place-${grid.code}`)
    await gridRow.waitFor()
    const text = await gridRow.innerText()
    assert.match(text, new RegExp(`关爱网格${RUN}`))
    assert.match(text, /100%/)
    assert.ok(Number((await page.getByTestId('compliance-total-on_time').locator('dd').innerText()).trim()) >= 1)
    await expectNoAxeViolations(page, 'compliance of a community')
    await page.getByTestId(`compliance-drill-${grid.code}`).click()
    await page.getByTestId(`compliance-worker-${gridWorkerId}`).waitFor()
    assert.match(page.url(), new RegExp(`place=${grid.code}`))
    await page.getByTestId('compliance-up').click()
    await page.getByTestId(`compliance-place-${grid.code}`).waitFor()
    // The archive's history shows the visit and what it found.
    await page.goto(`/care/archives/${visitedArchive.id}`)
    const visit = page.getByTestId(`archive-visit-${visitId}`)
    await visit.waitFor()
    assert.match(await visit.innerText(), /已走访/)
    assert.match(await visit.innerText(), /有问题：居住安全/)
  })(t)
})

test('a community worker assigns a need to the grid worker by name and closes it', options, async (t) => {
  const gwToken = await login(GW)
  const list = await api('GET', `/api/v1/residents?q=${encodeURIComponent(NEED_NAME)}&limit=5`, { token: gwToken })
  assert.equal(list.status, 200, list.text)
  const need = await created(await api('POST', '/api/v1/care/needs', {
    token: gwToken, body: { resident_id: list.json.items[0].id, what: `代购药品${TAG}`, urgency: 'normal', due_on: '2099-01-31' },
  }))
  await withPage(() => browser, () => cwState, async (page) => {
    await page.goto(`/care/needs?id=${need.id}`)
    const row = page.getByTestId(`need-row-${need.id}`)
    await row.waitFor()
    assert.match(await row.innerText(), /待分派/)
    await page.getByTestId(`need-assign-${need.id}`).click()
    const select = page.getByTestId('need-assign-select')
    await select.locator(`option[value="${gridWorkerId}"]`).waitFor({ state: 'attached' })
    // Empty is refused in the form before anything is sent.
    await page.getByTestId('need-assign-save').click()
    await page.getByTestId('need-assign-error').waitFor()
    await select.selectOption(String(gridWorkerId))
    await page.getByTestId('need-assign-save').click()
    await page.getByTestId(`need-status-${need.id}`).filter({ hasText: '处理中' }).waitFor()
    assert.match(await page.getByTestId(`need-row-${need.id}`).innerText(), new RegExp(GW_NAME))

    await page.getByTestId(`need-close-${need.id}`).click()
    await page.getByTestId('need-close-confirm').click()
    await page.getByText('请填写办理结果').waitFor()
    await page.getByTestId('need-outcome').fill('已联系社区药房送药上门')
    await page.getByTestId('need-close-confirm').click()
    await page.getByTestId(`need-status-${need.id}`).filter({ hasText: '已办结' }).waitFor()
    assert.match(await page.getByTestId(`need-row-${need.id}`).innerText(), /办理结果：已联系社区药房送药上门/)
    await expectNoAxeViolations(page, 'care needs')
  })(t)
})

test('the admin gives a community worker the duty 儿童主任; it then reads minors\' archives', options, async (t) => {
  await withPage(() => browser, () => adminState, async (page) => {
    await page.goto('/accounts')
    await page.getByTestId('account-search').fill(CW)
    await page.getByTestId('account-search-submit').click()
    await page.getByTestId(`account-grants-${CW}`).click()
    const duty = page.getByTestId('edit-grant-duty-0')
    await duty.waitFor()
    assert.deepEqual(await duty.locator('option').allTextContents(), ['无（一般社区工作者）', '儿童主任', '健康联络员', '社会工作者'])
    await duty.selectOption('children_director')
    await page.getByTestId('grants-save').click()
    await page.getByTestId(`account-row-${CW}`).filter({ hasText: '儿童主任' }).waitFor()
  })(t)
  const categories = await api('GET', '/api/v1/care/categories', { token: await login(CW) })
  assert.equal(categories.status, 200, categories.text)
  const readable = Object.fromEntries(categories.json.items.map((c) => [c.code, c.readable]))
  assert.equal(readable.left_behind_child, true)
  assert.equal(readable.severe_mental_disorder, false)
})

test('a grid\'s month of more than 50 visits comes a page at a time; a card\'s visit on page 2 is found', options, async (t) => {
  // A grid of its own with 51 elders visited every month (the first grid's figures stay as asserted above).
  const token = await adminToken()
  const many = await created(await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `分页网格${RUN}`, kind: 'ordinary', planned_households: 80, valid_from: '2000-01-01' },
  }))
  const building = await created(await api('POST', '/api/v1/buildings', {
    token, body: { community_code: COMMUNITY, grid_code: many.code, address: `分页路${RUN}号`, kind: 'residential', floors: 6 },
  }))
  for (let i = 0; i < 51; i++) {
    const elder = await resident(token, building.id, String(201 + i), `分页老人${TAG}`)
    await created(await api('POST', '/api/v1/care/archives', {
      token, body: { resident_id: elder.id, category: 'elderly_special_difficulty', fields: { reason: '高龄独居' } },
    }))
  }
  await planThisMonth(token)
  const all = await api('GET', `/api/v1/care/visits?place=${many.code}&limit=200`, { token })
  assert.equal(all.status, 200, all.text)
  assert.equal(all.json.items.length, 51)
  const last = all.json.items[50]

  // As the admin (who assigns visits, so sees the place's list): the community worker was signed
  // out when its grants changed above.
  await withPage(() => browser, () => adminState, async (page) => {
    await page.goto(`/care/visits?place=${many.code}`)
    await page.getByTestId('visits-pager').waitFor()
    assert.equal(await page.locator('[data-testid^="visit-row-"]').count(), 50)
    assert.equal((await page.getByTestId('page-number').innerText()).trim(), '第 1 页')
    assert.match(await page.getByTestId('visit-summary-page').innerText(), /本页（第 1 页）/)
    await page.getByTestId('page-next').click()
    await page.getByTestId('page-number').filter({ hasText: '第 2 页' }).waitFor()
    await page.getByTestId(`visit-row-${last.id}`).waitFor()
    assert.equal(await page.locator('[data-testid^="visit-row-"]').count(), 1)
    assert.equal(await page.getByTestId('page-next').isDisabled(), true)
    await expectNoAxeViolations(page, 'visits, page 2')
    await page.getByTestId('page-prev').click()
    await page.getByTestId('page-number').filter({ hasText: '第 1 页' }).waitFor()
    await page.locator('[data-testid^="visit-row-"]').nth(49).waitFor()

    // A workbench card's visit (?visit=ID) on the second page: the pages are turned to it, and it opens for recording.
    await page.goto(`/care/visits?place=${many.code}&visit=${last.id}`)
    await page.getByTestId('visit-record-dialog').waitFor()
    assert.equal((await page.getByTestId('page-number').innerText()).trim(), '第 2 页')
    assert.match(await page.getByTestId(`visit-row-${last.id}`).getAttribute('class'), /highlighted/)
  })(t)
})
