// Population registry pages: resident list, create form, detail, tags, filters (several tags:
// all of them or any of them), import and export links, accessibility. Every test is skipped (with the reason printed) when the
// server does not have the registry yet: GET /api/v1/tag-definitions answers 404.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, walkToCommunity, expectNoAxeViolations, missingApi, idCheckCharacter, BASE_URL,
  api, adminToken,
} from './helpers.mjs'

const SKIP = await missingApi('/api/v1/tag-definitions', 'the population registry is not wired into this server yet')
if (SKIP) console.log(`SKIP all population registry browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

let browser
let state
before(async () => {
  if (SKIP) return
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const page = (body) => withPage(() => browser, () => state, body)

// ---- synthetic identity numbers ----
const randomInt = (lo, hi) => lo + Math.floor(Math.random() * (hi - lo + 1))
function randomIdNumber() {
  const birth = `${randomInt(1935, 1995)}${String(randomInt(1, 12)).padStart(2, '0')}${String(randomInt(1, 28)).padStart(2, '0')}`
  const body = `321002${birth}${String(randomInt(0, 999)).padStart(3, '0')}`
  return body + idCheckCharacter(body)
}
const maskId = (id) => '*'.repeat(id.length - 1) + id.slice(-1)
/** The same number with one digit of the sequence code changed: a wrong check character. */
const withWrongCheck = (id) => id.slice(0, 15) + String((Number(id[15]) + 1) % 10) + id.slice(16)
const CHINESE_DIGITS = '〇一二三四五六七八九'
const uniqueName = () => `测试居民${[...String(Date.now()).slice(-6)].map((d) => CHINESE_DIGITS[d]).join('')}`

/** An ID number nobody in the registry has yet (asked through the exact search). */
async function freshIdNumber(p) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const id = randomIdNumber()
    const answer = await p.request.get(`/api/v1/residents?id_number=${id}&limit=1`)
    assert.ok(answer.ok(), `exact ID search answered ${answer.status()}`)
    if (!(await answer.json()).items.length) return id
  }
  throw new Error('no free synthetic ID number found')
}

// The resident form's place by name: county, town, community (the account here is the city's).
async function choosePlace(p, community) {
  await p.getByTestId('r-place-level-0').selectOption(community.slice(0, 6))
  await p.getByTestId('r-place-level-1').selectOption(community.slice(0, 9))
  await p.getByTestId('r-place-level-2').selectOption(community)
}

async function openPeople(p) {
  await p.getByTestId('menu-people').click()
  await p.getByTestId('people-page').waitFor()
  await p.getByTestId('resident-table').or(p.getByTestId('people-empty')).first().waitFor()
}

async function searchByName(p, name, tagCode) {
  await p.getByTestId('filter-q').fill(name)
  if (tagCode) await p.getByTestId(`filter-tag-${tagCode}`).click()
  await p.getByTestId('filter-submit').click()
  await p.waitForURL((url) => url.searchParams.get('q') === name && (!tagCode || url.searchParams.get('tag') === tagCode))
  await p.getByTestId('resident-table').or(p.getByTestId('people-empty')).first().waitFor()
}

const idShownAs = (text, id) => text.trim() === id || text.trim() === maskId(id)

let created = null // {id, name, idNumber, tag}

test('creates a resident, lists them, opens the detail, adds a tag and filters by it', options, page(async (p) => {
  const { communityCode } = await walkToCommunity(p)
  await openPeople(p)
  await p.getByTestId('resident-create').click()
  await p.getByTestId('resident-form').waitFor()
  const name = uniqueName()
  const idNumber = await freshIdNumber(p)
  await p.getByTestId('resident-name').fill(name)
  await p.getByTestId('resident-id-number').fill(idNumber)
  await p.getByTestId('resident-phone').fill(`139${String(randomInt(0, 99999999)).padStart(8, '0')}`)
  await p.getByTestId('resident-ethnicity').selectOption('01')
  await choosePlace(p, communityCode)
  // Birth date and sex are read from the number as it is typed.
  const birth = `${idNumber.slice(6, 10)}-${idNumber.slice(10, 12)}-${idNumber.slice(12, 14)}`
  assert.ok((await p.getByTestId('id-derived').textContent()).includes(birth))
  await p.getByTestId('resident-save').click()
  await p.getByTestId('resident-title').filter({ hasText: name }).waitFor()
  const residentId = decodeURIComponent(new URL(p.url()).pathname.split('/').pop())
  created = { id: residentId, name, idNumber }
  // Masked for every role; 查看 reveals the one field (audited on the server), in place.
  assert.equal((await p.getByTestId('detail-id-number').textContent()).trim(), maskId(idNumber))
  await p.getByTestId('reveal-id_number').click()
  await p.getByTestId('detail-id-number').filter({ hasText: idNumber }).waitFor()
  assert.equal(await p.getByTestId('reveal-id_number').count(), 0)
  await p.getByTestId('reveal-birth_date').click()
  await p.getByTestId('detail-birth-date').filter({ hasText: birth }).waitFor()
  await expectNoAxeViolations(p, 'resident detail after a reveal')

  // In the list, found by name, with the ID number as the contract shows it (masked unless permitted).
  await p.getByTestId('back-to-list').click()
  await searchByName(p, name)
  const row = p.getByTestId(`resident-row-${residentId}`)
  await row.waitFor()
  const shown = await row.getByTestId('resident-id-number').textContent()
  assert.ok(idShownAs(shown, idNumber), `ID shown as "${shown}"`)
  assert.equal(await row.getAttribute('data-synthetic'), 'false')
  assert.equal(await row.getByTestId('synthetic-badge').count(), 0)
  // Its place by name (the grid's, with its community), never a code.
  const place = (await row.getByTestId('resident-place').textContent()).trim()
  assert.doesNotMatch(place, /^\d+$/, `place shown as "${place}"`)

  // The detail page; add a tag (one without grades, 志愿者 when the dictionary has it).
  await row.getByTestId(`resident-link-${residentId}`).click()
  await p.getByTestId('resident-title').filter({ hasText: name }).waitFor()
  await p.getByTestId('tags-empty').waitFor()
  await p.getByTestId('tag-add').click()
  const dialog = p.getByTestId('tag-dialog')
  const select = dialog.getByTestId('tag-code')
  await select.waitFor()
  const codes = await select.locator('option:not([disabled])').evaluateAll((options) => options.map((o) => o.value))
  assert.ok(codes.length, 'the tag dictionary is not empty')
  const tag = codes.includes('volunteer') ? 'volunteer' : codes[0]
  await select.selectOption(tag)
  if (await dialog.getByTestId('tag-field-grade').count()) await dialog.getByTestId('tag-grade-2').click()
  await dialog.getByTestId('tag-source').fill('社区走访')
  await dialog.getByTestId('tag-save').click()
  const tagRow = p.getByTestId(`tag-row-${tag}`)
  await tagRow.waitFor()
  assert.equal(await tagRow.getAttribute('data-ended'), 'false')
  assert.match(await tagRow.textContent(), /社区走访/)
  created.tag = tag

  // Filtering by name and that tag finds them.
  await p.getByTestId('back-to-list').click()
  await p.getByTestId('people-page').waitFor()
  await searchByName(p, name, tag)
  await p.getByTestId(`resident-row-${residentId}`).waitFor()
  assert.equal(await p.locator('tr.resident-row').count(), 1)
}))

test('edits the resident, ends their tag and changes their status', options, page(async (p) => {
  assert.ok(created?.tag, 'the resident created by the first test')
  await p.goto(`/people/residents/${encodeURIComponent(created.id)}`)
  await p.getByTestId('resident-title').filter({ hasText: created.name }).waitFor()

  // Edit: a new name; the (possibly masked) ID number is left as it is.
  await p.getByTestId('resident-edit').click()
  await p.getByTestId('resident-form').waitFor()
  assert.ok(idShownAs(await p.getByTestId('resident-id-number').inputValue(), created.idNumber))
  const renamed = `${created.name}改`
  await p.getByTestId('resident-name').fill(renamed)
  await p.getByTestId('resident-save').click()
  await p.getByTestId('resident-title').filter({ hasText: renamed }).waitFor()
  created.name = renamed

  // End the tag today: it stays listed with an end date.
  const tagRow = p.getByTestId(`tag-row-${created.tag}`)
  await tagRow.locator('button').click()
  const endDialog = p.getByTestId('tag-end-dialog')
  await endDialog.getByTestId('tag-end-date').waitFor()
  const endDate = await endDialog.getByTestId('tag-end-date').inputValue()
  await endDialog.getByTestId('tag-end-confirm').click()
  await p.locator(`[data-testid="tag-row-${created.tag}"][data-ended="true"]`).waitFor()
  assert.ok((await tagRow.textContent()).includes(endDate))

  // Status 户籍常住 → 外出, from today.
  await p.getByTestId('resident-status').click()
  const statusDialog = p.getByTestId('status-dialog')
  await statusDialog.getByTestId('status-new').selectOption('away')
  await statusDialog.getByTestId('status-save').click()
  await p.getByTestId('detail-status').filter({ hasText: '外出' }).waitFor()
}))

/** Waits until the list shows exactly the residents `ids` (in any order), else says what it shows. */
async function expectRows(p, ids, label) {
  const want = [...ids].sort()
  const shown = () => p.locator('tr.resident-row').evaluateAll((rows) => rows.map((r) => r.dataset.testid.slice('resident-row-'.length)).sort())
  try {
    await p.waitForFunction((expected) => {
      if (document.querySelector('[data-testid="resident-table"][aria-busy="true"]')) return false
      const rows = [...document.querySelectorAll('tr.resident-row')].map((r) => r.dataset.testid.slice('resident-row-'.length)).sort()
      return JSON.stringify(rows) === expected
    }, JSON.stringify(want), { timeout: 10000 })
  } catch {
    // Fall through to a readable failure.
  }
  assert.deepEqual(await shown(), want, label)
}

test('several tags: all of them, then any of them', options, page(async (p) => {
  // Four residents of one community with a name no one else has: 甲 holds both tags, 乙 and 丙
  // one each, 丁 none. Registered and tagged through the API.
  const token = await adminToken()
  const definitions = await api('GET', '/api/v1/tag-definitions', { token })
  assert.equal(definitions.status, 200, definitions.text)
  const plain = definitions.json.items.filter((d) => !d.has_grade).map((d) => d.code)
  assert.ok(plain.length >= 2, 'two tags without grades in the dictionary')
  const [first, second] = plain
  const base = `标签组合${[...String(Date.now()).slice(-8)].map((d) => CHINESE_DIGITS[d]).join('')}`
  const residents = {}
  for (const [suffix, tags] of [['甲', [first, second]], ['乙', [first]], ['丙', [second]], ['丁', []]]) {
    const created = await api('POST', '/api/v1/residents', {
      token,
      body: {
        name: `${base}${suffix}`, id_number: await freshIdNumber(p), ethnicity: '01',
        status: 'registered_resident', status_since: '2020-01-01', community_code: '321002001001',
      },
    })
    assert.equal(created.status, 201, created.text)
    for (const code of tags) {
      const tagged = await api('POST', `/api/v1/residents/${encodeURIComponent(created.json.id)}/tags`, { token, body: { code, valid_from: '2024-01-01' } })
      assert.equal(tagged.status, 201, tagged.text)
    }
    residents[suffix] = String(created.json.id)
  }

  await p.goto(`/people?q=${encodeURIComponent(base)}`)
  await p.getByTestId('people-page').waitFor()
  await expectRows(p, Object.values(residents), 'the four residents by name')

  // One tag ticked: no choice yet. Two: 全部满足 / 满足任一, 全部满足 chosen.
  await p.getByTestId(`filter-tag-${first}`).click()
  assert.equal(await p.getByTestId('filter-tag-match').count(), 0)
  await p.getByTestId(`filter-tag-${second}`).click()
  const match = p.getByTestId('filter-tag-match')
  await match.waitFor()
  assert.match(await match.textContent(), /全部满足[\s\S]*满足任一/)
  assert.equal(await match.getByRole('radio', { name: '全部满足' }).isChecked(), true)

  await p.getByTestId('filter-submit').click()
  await p.waitForURL((url) => (url.searchParams.get('tag') || '').split(',').sort().join(',') === [first, second].sort().join(','))
  await expectRows(p, [residents.甲], 'all of them: only the resident holding both tags')

  await p.getByTestId('filter-tag-match-any').click()
  await p.getByTestId('filter-submit').click()
  await p.waitForURL((url) => url.searchParams.get('tag_match') === 'any')
  await expectRows(p, [residents.甲, residents.乙, residents.丙], 'any of them: the residents holding either tag')
  assert.equal(await p.getByTestId('filter-tag-match').getByRole('radio', { name: '满足任一' }).isChecked(), true)
  await expectNoAxeViolations(p, 'resident list filtered by two tags')
}))

test('the form takes the household by building address and room, never by number', options, page(async (p) => {
  // A grid, a building and a household whose head is registered, made through the API.
  const token = await adminToken()
  const community = '321002001001'
  const tag = Date.now().toString(36)
  const grid = await api('POST', '/api/v1/grids', { token, body: { community_code: community, name: `选户网格${tag}`, kind: 'ordinary', planned_households: 50, valid_from: '2000-01-01' } })
  assert.equal(grid.status, 201, grid.text)
  const building = await api('POST', '/api/v1/buildings', { token, body: { community_code: community, grid_code: grid.json.code, address: `选户路${tag}号`, lat: 32.39, lon: 119.43, kind: 'residential', floors: 6 } })
  assert.equal(building.status, 201, building.text)
  const household = await api('POST', '/api/v1/households', { token, body: { building_id: building.json.id, room: '502', type: 'actual', since: '2000-01-01' } })
  assert.equal(household.status, 201, household.text)
  const head = await api('POST', '/api/v1/residents', { token, body: { name: `户主${tag}`, id_number: randomIdNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', household_id: household.json.id, relation: 'head' } })
  assert.equal(head.status, 201, head.text)

  await p.goto('/people/residents/new')
  await p.getByTestId('resident-form').waitFor()
  await p.getByTestId('resident-name').fill(uniqueName())
  await p.getByTestId('resident-id-number').fill(randomIdNumber())
  await p.getByTestId('resident-ethnicity').selectOption('01')
  await choosePlace(p, community)
  await p.getByTestId('r-place-level-3').selectOption(grid.json.code)
  await p.getByTestId('r-hh-building').selectOption(String(building.json.id))
  const room = p.getByTestId('r-hh-household')
  await room.locator(`option[value="${household.json.id}"]`).waitFor({ state: 'attached' })
  assert.match(await room.locator(`option[value="${household.json.id}"]`).textContent(), new RegExp(`502 · 户主：户主${tag}`))
  await room.selectOption(String(household.json.id))
  await p.getByTestId('resident-relation').selectOption('child')
  await p.getByTestId('resident-save').click()
  await p.waitForURL(/\/people\/residents\/\d+$/)
  const id = new URL(p.url()).pathname.split('/').pop()
  const saved = await api('GET', `/api/v1/residents/${id}`, { token })
  assert.equal(saved.json.household_id, household.json.id)
  assert.equal(saved.json.grid_code, grid.json.code)

  // 迁户: the next room of the same building, chosen the same way.
  const next = await api('POST', '/api/v1/households', { token, body: { building_id: building.json.id, room: '503', type: 'actual', since: '2000-01-01' } })
  assert.equal(next.status, 201, next.text)
  await p.getByTestId('resident-move').click()
  await p.getByTestId('move-dialog').waitFor()
  await p.getByTestId('move-hh-building').selectOption(String(building.json.id))
  await p.getByTestId('move-hh-household').locator(`option[value="${next.json.id}"]`).waitFor({ state: 'attached' })
  await p.getByTestId('move-hh-household').selectOption(String(next.json.id))
  await p.getByTestId('move-relation').selectOption('head')
  await p.getByTestId('move-save').click()
  await p.getByTestId('move-dialog').waitFor({ state: 'hidden' })
  const moved = await api('GET', `/api/v1/residents/${id}`, { token })
  assert.equal(moved.json.household_id, next.json.id)
}))

test('an ID number with a wrong check digit shows 校验码错误 and nothing is saved', options, page(async (p) => {
  await p.goto('/people/residents/new')
  await p.getByTestId('resident-form').waitFor()
  const good = randomIdNumber()
  const bad = withWrongCheck(good)
  await p.getByTestId('resident-name').fill(uniqueName())
  await p.getByTestId('resident-id-number').fill(bad)
  await choosePlace(p, '321002001001')
  await p.getByTestId('resident-save').click()
  const field = p.getByTestId('field-id-number').locator('.el-form-item__error')
  await field.waitFor()
  const text = (await field.textContent()).trim()
  assert.ok(text.includes('校验码错误') || /[\u4e00-\u9fff]/.test(text), `expected 校验码错误 or the server's message, got "${text}"`)
  assert.match(new URL(p.url()).pathname, /\/people\/residents\/new$/)
  // Fixing the number clears the message.
  await p.getByTestId('resident-id-number').fill(good)
  await p.getByTestId('resident-id-number').blur()
  await field.waitFor({ state: 'detached' })
}))

test('the resident list and the resident detail have no axe violations', options, page(async (p) => {
  await p.goto(created ? `/people?q=${encodeURIComponent(created.name)}` : '/people')
  await p.getByTestId('people-page').waitFor()
  await p.getByTestId('resident-table').or(p.getByTestId('people-empty')).first().waitFor()
  await expectNoAxeViolations(p, 'resident list')
  const link = p.locator('a.resident-link').first()
  assert.ok(await link.count(), 'a resident to open')
  await link.click()
  await p.getByTestId('resident-title').waitFor()
  await p.getByTestId('resident-history').waitFor()
  await expectNoAxeViolations(p, 'resident detail')
}))

test('pages forward and back with the cursor, keeping the filters', options, page(async (p) => {
  await p.goto('/people?sort=-age')
  await p.getByTestId('people-page').waitFor()
  await p.getByTestId('resident-table').or(p.getByTestId('people-empty')).first().waitFor()
  if (!(await p.getByTestId('page-next').count()) || await p.getByTestId('page-next').isDisabled()) {
    console.log('# only one page of residents in scope; paging not exercised')
    return
  }
  const firstPage = await p.locator('tr.resident-row').evaluateAll((rows) => rows.map((r) => r.dataset.testid))
  await p.getByTestId('page-next').click()
  await p.getByTestId('page-number').filter({ hasText: '2' }).waitFor()
  // The page number turns before the rows arrive: wait for the rows to change (10 s at most).
  let secondPage = []
  for (let i = 0; i < 50; i++) {
    secondPage = await p.locator('tr.resident-row').evaluateAll((rows) => rows.map((r) => r.dataset.testid))
    if (secondPage.length && secondPage[0] !== firstPage[0]) break
    await p.waitForTimeout(200)
  }
  assert.ok(secondPage.length && secondPage.every((id) => !firstPage.includes(id)), 'page 2 shows other residents')
  await p.getByTestId('page-prev').click()
  await p.getByTestId('page-number').filter({ hasText: '1' }).waitFor()
  assert.deepEqual(await p.locator('tr.resident-row').evaluateAll((rows) => rows.map((r) => r.dataset.testid)), firstPage)
  assert.equal(await p.getByTestId('filter-sort').inputValue(), '-age')
}))

test('the export link carries the filters; a broken .xlsx import is reported', options, page(async (p) => {
  await p.goto('/people?q=%E7%8E%8B&status=registered_resident')
  await p.getByTestId('people-page').waitFor()
  const href = await p.getByTestId('resident-export').getAttribute('href')
  const url = new URL(href, BASE_URL)
  assert.equal(url.pathname, '/api/v1/residents/export.xlsx')
  assert.equal(url.searchParams.get('q'), '王')
  assert.equal(url.searchParams.get('status'), 'registered_resident')

  await p.getByTestId('resident-import').click()
  await p.getByTestId('import-page').waitFor()
  assert.equal(new URL(await p.getByTestId('import-template').getAttribute('href'), BASE_URL).pathname, '/api/v1/residents/import-template.xlsx')
  // A text file renamed to .xlsx: the server must refuse it with a message, and nothing is written.
  await p.getByTestId('import-file').setInputFiles({ name: '居民.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from('姓名,身份证号码\n这不是xlsx,1\n') })
  await p.getByTestId('import-submit').click()
  const error = p.getByTestId('import-error')
  await error.waitFor()
  assert.match(await error.textContent(), /[\u4e00-\u9fff]/)
  await expectNoAxeViolations(p, 'import page with an error')
}))

/** A valid ID number (GB 11643 check character) unique to this run. */
function e2eIdNumber(sequence) {
  const first17 = `321002198${Math.floor(Math.random() * 10)}0${1 + Math.floor(Math.random() * 8)}1${Math.floor(Math.random() * 9)}${String(sequence).padStart(3, '0')}`
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
  const sum = [...first17].reduce((s, c, i) => s + Number(c) * weights[i], 0)
  return first17 + '10X98765432'[sum % 11]
}

test('importing a CSV: the report names row and column, the error copy downloads, the fixed file imports', options, page(async (p) => {
  const header = '姓名,公民身份号码,联系电话,民族,居住状态,状态起始日期,社区代码,网格代码,楼栋地址,房号,户类型,与户主关系,标签'
  const run = Date.now().toString(36)
  const head = e2eIdNumber(101)
  const child = e2eIdNumber(102)
  const row = (name, id, relation) => `${name},${id},,汉族,户籍常住,2020-01-01,321002001001,,浏览器路${run}号,101,实住户,${relation},`
  const bad = [header, row('导入甲', head, '配偶'), row('导入乙', child, '子女')].join('\n')
  await p.goto('/people/import')
  await p.getByTestId('import-page').waitFor()
  await p.getByTestId('import-file').setInputFiles({ name: '居民.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) })
  await p.getByTestId('import-submit').click()
  const report = p.getByTestId('import-report')
  await report.waitFor()
  const text = await report.textContent()
  assert.match(text, /与户主关系/)
  assert.match(text, /没有户主/)
  // The annotated copy of the file downloads as .xlsx.
  const [download] = await Promise.all([p.waitForEvent('download'), p.getByTestId('import-error-copy').click()])
  assert.match(download.suggestedFilename(), /\.xlsx$/)
  await expectNoAxeViolations(p, 'import page with a report')

  const good = [header, row('导入甲', head, '户主'), row('导入乙', child, '子女')].join('\n')
  await p.getByTestId('import-file').setInputFiles({ name: '居民.csv', mimeType: 'text/csv', buffer: Buffer.from(good) })
  await p.getByTestId('import-check').click()
  const checked = p.getByTestId('import-success')
  await checked.waitFor()
  assert.match(await checked.textContent(), /尚未写入/)
  await p.getByTestId('import-submit').click()
  await p.getByTestId('import-success').filter({ hasText: '导入完成' }).waitFor()
  assert.match(await p.getByTestId('import-success').textContent(), /新增 2 人/)
}))
