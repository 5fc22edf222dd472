// Service desk pages: the public catalogue and service guide (no sign-in, axe-clean, elder
// mode and a phone-sized screen), then filing a request at the desk and handling it through
// its whole lifecycle, and an appointment on a slot opened at the desk. What the pages need —
// a grid, a resident, a community worker — is created through the API first.
// Skipped (with the reason) when the server has no service desk: /api/v1/service-items 404.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, newContext, withPage, expectNoAxeViolations, api, adminToken, missingApi, createAccount, idCheckCharacter,
  USER, PASSWORD,
} from './helpers.mjs'

const COMMUNITY = '321002001002' // 个园社区居委会 (广陵区)
const WORKER_PASSWORD = 'Linli-worker-2026!'
const RUN = Date.now().toString(36)
const CHINESE_DIGITS = '〇一二三四五六七八九'
const applicantName = `办事测试${[...String(Date.now()).slice(-5)].map((d) => CHINESE_DIGITS[d]).join('')}`
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)])

// ---- synthetic identity numbers ----
function idNumber() {
  const birth = `19${40 + Math.floor(Math.random() * 20)}0${1 + Math.floor(Math.random() * 9)}1${Math.floor(Math.random() * 9)}`
  const first17 = `321002${birth}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`
  return first17 + idCheckCharacter(first17)
}

/** Grid, resident and a community worker of COMMUNITY, made through the API as the admin. */
async function world() {
  const token = await adminToken()
  const grid = await api('POST', '/api/v1/grids', {
    token, body: { community_code: COMMUNITY, name: `办事网格${RUN}`, kind: 'ordinary', planned_households: 300, valid_from: '2000-01-01' },
  })
  assert.equal(grid.status, 201, grid.text)
  let resident
  for (let attempt = 0; attempt < 10; attempt++) {
    resident = await api('POST', '/api/v1/residents', {
      token, body: { name: applicantName, id_number: idNumber(), ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid.json.code },
    })
    if (resident.status !== 409) break
  }
  assert.equal(resident.status, 201, resident.text)
  const username = `sgw${RUN}`.slice(0, 32)
  await createAccount(token, { username, display_name: '全科社工小王', password: WORKER_PASSWORD, grants: [{ role: 'community_worker', scope_code: COMMUNITY }] })
  return { adminToken: token, applicantId: resident.json.id, username }
}

const SKIP = await missingApi('/api/v1/service-items', 'the service desk is not wired into this server')
if (SKIP) console.log(`SKIP all service desk browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

let browser
let setup
before(async () => {
  if (SKIP) return
  browser = await launchBrowser()
  setup = await world()
})
after(async () => { await browser?.close() })

/** A page signed in as the community worker (session cookie set through the page's API context). */
const asWorker = (body) => withPage(() => browser, null, async (p, t) => {
  const login = await p.request.post('/api/v1/session', { data: { username: setup.username, password: WORKER_PASSWORD } })
  assert.equal(login.status(), 200, await login.text())
  await body(p, t)
})
const anonymous = (body) => withPage(() => browser, null, body)

test('the public catalogue and guide are readable without signing in and have no axe violations', options, anonymous(async (p) => {
  await p.goto('/guide')
  await p.getByTestId('service-catalogue').waitFor()
  await p.getByTestId('catalogue-list').waitFor()
  assert.ok(await p.getByTestId('public-login').isVisible(), 'the public page offers sign-in, it does not demand it')
  await expectNoAxeViolations(p, 'public service catalogue')

  // Category chip, then a search inside it.
  await p.getByTestId('category-elderly_care').click()
  await p.waitForURL(/category=elderly_care/)
  await p.getByTestId('catalogue-list').waitFor()
  const cards = p.locator('[data-testid^="catalogue-item-"]')
  assert.ok(await cards.count() >= 5)
  for (const text of await cards.allTextContents()) assert.match(text, /养老服务/)
  await p.getByTestId('catalogue-q').fill('高龄')
  await p.getByTestId('catalogue-submit').click()
  await p.waitForURL(/q=/)
  await p.getByTestId('catalogue-item-YZ-YL-001').waitFor()

  await p.getByTestId('item-link-YZ-YL-001').click()
  await p.getByTestId('guide-title').filter({ hasText: '高龄津贴' }).waitFor()
  assert.equal(new URL(p.url()).pathname, '/guide/YZ-YL-001')
  assert.match(await p.getByTestId('guide-time-limit').textContent(), /20 个工作日/)
  assert.match(await p.getByTestId('guide-fee').textContent(), /不收费/)
  assert.match(await p.getByTestId('guide-materials-list').textContent(), /居民身份证/)
  assert.match(await p.getByTestId('guide-modes').textContent(), /上门办/)
  assert.match(await p.getByTestId('guide-channels').textContent(), /窗口端/)
  assert.ok((await p.getByTestId('guide-legal-basis').textContent()).trim().length > 2)
  assert.equal(await p.getByTestId('guide-file-request').count(), 0, 'no filing button for the public')
  await expectNoAxeViolations(p, 'public service guide')

  // Elder mode on a phone-sized screen: larger type, still no violations, no sideways scrolling.
  await p.setViewportSize({ width: 390, height: 800 })
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  const size = await p.getByTestId('guide-title').evaluate((el) => parseFloat(getComputedStyle(el).fontSize))
  assert.ok(size >= 28, `elder-mode title is ${size}px`)
  await expectNoAxeViolations(p, 'public service guide, elder mode on a phone')
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `the guide scrolls sideways by ${overflow}px on a phone`)
  await p.getByTestId('back-to-catalogue').click()
  await p.getByTestId('catalogue-list').waitFor()
  await expectNoAxeViolations(p, 'public service catalogue, elder mode on a phone')
}))

let filedId
test('filing a request at the desk and handling it through its whole lifecycle', options, asWorker(async (p) => {
  await p.goto('/')
  await p.getByTestId('menu-services-desk').click()
  await p.getByTestId('service-desk').waitFor()
  await p.getByTestId('desk-summary').waitFor()
  await p.getByTestId('desk-community').filter({ hasText: '个园' }).waitFor()

  await p.getByTestId('desk-new-request').click()
  await p.getByTestId('service-request-form').waitFor()
  // Nothing chosen: Chinese messages next to the fields.
  await p.getByTestId('request-submit').click()
  assert.equal((await p.getByTestId('error-item_code').textContent()).trim(), '请选择服务事项')
  assert.equal((await p.getByTestId('error-applicant_id').textContent()).trim(), '请从居民库中选择申请人')
  await expectNoAxeViolations(p, 'service request form with its messages')

  await p.getByTestId('request-item').selectOption('YZ-YL-004')
  // Only the item's own modes are offered (社区老年人助餐服务登记 has no 上门办).
  await p.getByTestId('request-modes').waitFor()
  assert.equal(await p.getByTestId('request-mode-home_visit').count(), 0)
  assert.match(await p.getByTestId('request-channel').innerText(), /窗口/)
  await p.getByTestId('request-mode-entrusted').check()
  await p.getByTestId('request-applicant-q').fill(applicantName)
  await p.getByTestId('request-applicant-search').click()
  await p.getByTestId(`request-applicant-pick-${setup.applicantId}`).click()
  await p.getByTestId('request-applicant-chosen').filter({ hasText: applicantName }).waitFor()
  await p.getByTestId('request-material-0').setInputFiles({ name: 'id-card.pdf', mimeType: 'application/pdf', buffer: PDF })
  await p.getByTestId('request-material-extra').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: PNG })
  await p.locator('#rf-material-extra-name').fill('户口簿')
  await p.getByTestId('request-note').fill('代老人窗口申请')
  await p.getByTestId('request-submit').click()

  await p.getByTestId('service-request-page').waitFor()
  await p.getByTestId('request-title').filter({ hasText: '社区老年人助餐服务登记' }).waitFor()
  filedId = Number(new URL(p.url()).pathname.split('/').pop())
  assert.ok(filedId > 0)
  assert.equal((await p.getByTestId('request-state').textContent()).trim(), '提交待受理')
  await p.getByTestId('request-materials').filter({ hasText: '居民身份证' }).filter({ hasText: '户口簿' }).waitFor()

  // The request is in today's queue.
  await p.getByTestId('back-to-desk').click()
  await p.getByTestId(`queue-row-${filedId}`).waitFor()
  await p.getByTestId(`queue-link-${filedId}`).click()
  await p.getByTestId('request-title').waitFor()

  const act = async (action, expectedState) => {
    await p.getByTestId(`action-${action}`).click()
    if (await p.getByTestId('action-form').isVisible().catch(() => false)) return
    await p.getByTestId('request-state').filter({ hasText: expectedState }).waitFor()
  }
  await act('accept', '已受理')
  // A reason is required to return for material: the message sits beside the field.
  await p.getByTestId('action-return_for_material').click()
  await p.getByTestId('action-confirm').click()
  assert.equal((await p.getByTestId('action-reason-error').textContent()).trim(), '请填写原因')
  await p.getByTestId('action-reason').fill('请补充户口簿复印件')
  await p.getByTestId('action-confirm').click()
  await p.getByTestId('request-state').filter({ hasText: '退回补正' }).waitFor()
  await act('resubmit', '补正后重新提交')
  await act('accept', '已受理')
  await act('start', '办理中')
  await p.getByTestId('action-complete').click()
  await p.getByTestId('action-outcome').fill('已登记助餐，发放助餐卡')
  await p.getByTestId('action-confirm').click()
  await p.getByTestId('request-state').filter({ hasText: '已办结' }).waitFor()
  assert.equal((await p.getByTestId('request-outcome').textContent()).trim(), '已登记助餐，发放助餐卡')
  // The applicant's rating after completion.
  await p.getByTestId('action-rate').click()
  await p.getByTestId('action-rating-5').check()
  await p.getByTestId('action-comment').fill('很方便')
  await p.getByTestId('action-confirm').click()
  await p.getByTestId('request-rating').filter({ hasText: '5 星' }).waitFor()
  assert.equal(await p.getByTestId('action-rate').count(), 0, 'rated once only')
  // Closing a completed request takes an optional note.
  await p.getByTestId('action-close').click()
  await p.getByTestId('action-confirm').click()
  await p.getByTestId('request-state').filter({ hasText: '已归档' }).waitFor()
  assert.equal(await p.getByTestId('request-actions').count(), 0, 'nothing left to do')

  const steps = p.getByTestId('request-timeline').locator('li')
  assert.deepEqual(await steps.evaluateAll((els) => els.map((el) => el.dataset.action)),
    ['submit', 'accept', 'return_for_material', 'resubmit', 'accept', 'start', 'complete', 'rate', 'close'])
  for (const text of await steps.allTextContents()) {
    assert.ok(text.includes(setup.username) || text.includes('全科社工小王'), `actor shown in: ${text}`)
    assert.match(text, /\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
  }
  assert.match(await steps.nth(2).textContent(), /请补充户口簿复印件/)
  // Toasts fade in and out (half-transparent while they do): check the page once they are gone.
  await p.waitForFunction(() => !document.querySelector('.el-message'), null, { timeout: 15000 })
  await expectNoAxeViolations(p, 'service request detail')
}))

test('an appointment on a slot opened at the desk; a full slot is refused in Chinese', options, asWorker(async (p) => {
  await p.goto('/services/desk')
  await p.getByTestId('desk-summary').waitFor()
  await expectNoAxeViolations(p, 'service desk')
  await p.getByTestId('desk-slot-open').click()
  const day = new Date(Date.now() + 8 * 3_600_000 + 2 * 86_400_000).toISOString().slice(0, 10)
  const desk = `1 号窗口 ${RUN}`
  await p.getByTestId('slot-desk').fill(desk)
  await p.getByTestId('slot-date').fill(day)
  await p.getByTestId('slot-from').fill('09:00')
  await p.getByTestId('slot-to').fill('09:30')
  await p.getByTestId('slot-capacity').fill('1')
  await p.getByTestId('slot-save').click()
  await p.getByTestId('desk-slot-form').waitFor({ state: 'detached' })

  await p.goto(`/services/requests/new?item=YZ-HJ-004&applicant=${setup.applicantId}`)
  await p.getByTestId('request-applicant-chosen').filter({ hasText: applicantName }).waitFor()
  assert.match(await p.getByTestId('request-channel').innerText(), /窗口/)
  await p.getByTestId('request-mode-appointment').check()
  await p.getByTestId('request-slot-date').fill(day)
  // The slot just opened (earlier runs may have left others that day).
  const slot = p.getByTestId('request-slots').locator('label', { hasText: desk }).locator('input[type="radio"]')
  await slot.waitFor()
  const slotId = Number((await slot.getAttribute('data-testid')).split('-').pop())
  await slot.check()

  // Somebody else takes the only place first: the server's 409 is shown, nothing is filed.
  const taken = await api('POST', '/api/v1/service-requests', {
    token: setup.adminToken, body: { item_code: 'YZ-HJ-004', channel: 'window', handling_mode: 'appointment', applicant_id: setup.applicantId, slot_id: slotId },
  })
  assert.equal(taken.status, 201, taken.text)
  await p.getByTestId('request-submit').click()
  await p.getByTestId('request-form-error').filter({ hasText: '约满' }).waitFor()

  // Withdrawing the other booking gives the place back; now the worker's request goes through.
  const withdrawn = await api('POST', `/api/v1/service-requests/${taken.json.id}/transitions`, { token: setup.adminToken, body: { action: 'withdraw' } })
  assert.equal(withdrawn.status, 200, withdrawn.text)
  await p.getByTestId('request-slot-date').fill(day)
  await p.getByTestId(`request-slot-${slotId}`).check()
  await p.getByTestId('request-submit').click()
  await p.getByTestId('service-request-page').waitFor()
  await p.getByTestId('request-slot').filter({ hasText: desk }).waitFor()
  assert.match(await p.getByTestId('request-slot').textContent(), /09:00/)

  // The desk's list of all requests, filtered by state, shows it.
  const id = Number(new URL(p.url()).pathname.split('/').pop())
  await p.getByTestId('back-to-desk').click()
  await p.getByTestId('desk-view-all').click()
  await p.getByTestId('all-state').selectOption('submitted')
  await p.getByTestId('all-submit').click()
  await p.getByTestId(`all-row-${id}`).waitFor()
  if (filedId) assert.equal(await p.getByTestId(`all-row-${filedId}`).count(), 0, 'the closed request is filtered out')
}))

test('a catalogue manager adds an item and saves a new version; workers cannot', options, withPage(() => browser, null, async (p) => {
  const login = await p.request.post('/api/v1/session', { data: { username: USER, password: PASSWORD } })
  assert.equal(login.status(), 200, await login.text())
  await p.goto('/services/items')
  await p.getByTestId('catalogue-list').waitFor()
  await p.getByTestId('service-item-create').click()
  await p.getByTestId('service-item-editor').waitFor()
  const code = `YZ-E${RUN.toUpperCase()}`.slice(0, 32)
  await p.getByTestId('editor-code').fill('bad code')
  await p.getByTestId('editor-save').click()
  await p.getByText('事项编码应为 3 到 32 位大写字母、数字或连字符').waitFor()
  await p.getByTestId('editor-code').fill(code)
  await p.getByTestId('editor-name').fill('测试证明开具')
  await p.getByTestId('editor-category').selectOption('certificates')
  await p.getByTestId('editor-fee').fill('0')
  await p.getByTestId('editor-days').fill('2')
  await p.getByTestId('editor-mode-entrusted').check()
  await p.getByTestId('editor-channel-window').check()
  await p.getByTestId('editor-departments').fill('社区居委会')
  await p.getByTestId('editor-groups').fill('本社区居民')
  await p.getByTestId('editor-materials').fill('居民身份证\n户口簿')
  await p.getByTestId('editor-basis').fill('测试依据')
  await p.getByTestId('editor-save').click()
  await p.getByTestId('guide-title').filter({ hasText: '测试证明开具' }).waitFor()
  assert.match(await p.getByTestId('guide-materials-list').textContent(), /户口簿/)

  await p.getByTestId('guide-edit').click()
  await p.getByTestId('editor-name').fill('测试证明开具（修订）')
  await p.getByTestId('editor-days').fill('5')
  await p.getByTestId('editor-save').click()
  await p.getByTestId('guide-title').filter({ hasText: '（修订）' }).waitFor()
  assert.match(await p.getByTestId('guide-time-limit').textContent(), /5 个工作日/)
  assert.match(await p.getByTestId('guide-versions-list').textContent(), /第 1 版[\s\S]*第 2 版/)
  // Retire: the public catalogue no longer lists it; restore brings it back.
  await p.getByTestId('guide-retire').click()
  await p.getByTestId('guide-retired').waitFor()
  const hidden = await (await p.request.get(`/api/v1/service-items?q=${code}`)).json()
  assert.equal(hidden.items.length, 0)
  await p.getByTestId('guide-restore').click()
  await p.getByTestId('guide-retire').waitFor()

  // The community worker sees neither the editor's buttons nor its page.
  await p.request.delete('/api/v1/session')
  const worker = await p.request.post('/api/v1/session', { data: { username: setup.username, password: WORKER_PASSWORD } })
  assert.equal(worker.status(), 200)
  await p.goto(`/services/items/${code}`)
  await p.getByTestId('guide-title').waitFor()
  assert.equal(await p.getByTestId('guide-edit').count(), 0)
  assert.equal(await p.getByTestId('guide-file-request').count(), 1, 'workers may file a request from the guide')
  await p.goto(`/services/items/${code}/edit`)
  await p.getByTestId('error-forbidden').waitFor()
}))
