// Residents serve themselves (issue 17 item 4; decision 0026), in the browser on a phone
// (390×844): a registered person signs up with their ID number and the SMS code sent to the
// phone the community registered, signs in, finds an item in the public guide, applies online,
// uploads a material on the request's page, follows it, rates it once the desk has completed
// it, and sees their household; a forgotten password is replaced with an SMS code. The pages
// are axe-clean. This file starts a server of its own (tests/api/own-server.mjs: a fresh
// database and an SMS gateway in this process), serving the built web app; it needs LINLI_BIN
// and LINLI_DB_URL (scripts/test.sh sets them for the browser suite) and is skipped without.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { launchBrowser, expectNoAxeViolations } from './helpers.mjs'
import { ownServer, smsGateway, waitFor } from '../../tests/api/own-server.mjs'

const WEB = process.env.LINLI_WEB_ROOT || path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'dist')
const SKIP = process.env.LINLI_BIN && process.env.LINLI_DB_URL ? null : 'LINLI_BIN and LINLI_DB_URL are not set (scripts/test.sh sets them)'
if (SKIP) console.log(`SKIP self-service browser tests: ${SKIP}`)
const options = SKIP ? { skip: SKIP } : {}

const COMMUNITY = '321002001002'
const ADMIN_PASSWORD = 'Linli-e2e-self-2026!'
const PASSWORD = 'Resident-web-2026'
const PHONE = '13911112222'
const RUN = Date.now().toString(36)
const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const first17 = `32100219580312${String(Date.now() % 1000).padStart(3, '0')}`
const ID = first17 + '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0) % 11]
const USERNAME = `ls${RUN}`.slice(0, 32)

// Screenshots of the residents' and the kiosk's pages (README, "Tests").
const SHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results', 'self-service')
async function shot(page, name) {
  fs.mkdirSync(SHOTS, { recursive: true })
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true })
}

const gateway = smsGateway()
const server = ownServer('e2eself', { adminPassword: ADMIN_PASSWORD, env: () => ({ LINLI_SMS_GATEWAY_URL: gateway.url }), args: ['--web', WEB] })
let browser

async function phonePage() {
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', viewport: { width: 390, height: 844 } })
  context.setDefaultTimeout(15000)
  return { context, page: await context.newPage() }
}

async function codeSince(since) {
  const request = await waitFor('the SMS code', () => gateway.requests.slice(since).find((r) => r.body.includes(PHONE)), 15_000)
  return request.body.match(/验证码\s*(\d{6})/)[1]
}

before(async () => {
  if (SKIP) return
  await gateway.start()
  await server.start()
  const grid = await server.asAdmin('POST', '/api/v1/grids', { community_code: COMMUNITY, name: `居民自助${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' })
  const building = await server.asAdmin('POST', '/api/v1/buildings', { community_code: COMMUNITY, grid_code: grid.json.code, address: `东关街${RUN}号`, lat: 32.4, lon: 119.44, kind: 'residential', floors: 5 })
  const household = await server.asAdmin('POST', '/api/v1/households', { building_id: building.json.id, room: '201', type: 'actual', since: '2000-01-01' })
  const person = await server.asAdmin('POST', '/api/v1/residents', {
    name: '刘玉珍', id_number: ID, phone: PHONE, ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', household_id: household.json.id, relation: 'head',
  })
  assert.equal(person.status, 201, person.text)
  browser = await launchBrowser()
})

after(async () => {
  await browser?.close()
  if (!SKIP) await server.stop()
  gateway.close()
})

test('a resident signs up by SMS code, applies online, uploads, follows, rates and sees the household (phone)', options, async () => {
  const { context, page } = await phonePage()
  try {
    await page.goto('/login')
    await page.getByTestId('login-sign-up').click()
    await page.getByTestId('code-heading').waitFor()
    await expectNoAxeViolations(page, 'sign-up')
    await page.getByTestId('code-id-number').fill(ID)
    await page.getByTestId('code-phone').fill(PHONE)
    const since = gateway.requests.length
    await page.getByTestId('code-send').click()
    await page.getByTestId('code-notice').waitFor()
    assert.match(await page.getByTestId('code-send').innerText(), /秒后/)
    const code = await codeSince(since)
    // A wrong code first: the error sits by the field.
    await page.getByTestId('code-code').fill(code === '000000' ? '111111' : '000000')
    await page.getByTestId('code-new-username').fill(USERNAME)
    await page.getByTestId('code-password').fill(PASSWORD)
    await page.getByTestId('code-confirm').fill(PASSWORD)
    await page.getByTestId('code-submit').click()
    assert.match(await page.getByTestId('error-code').innerText(), /验证码不正确或已过期/)
    await page.getByTestId('code-code').fill(code)
    await page.getByTestId('code-submit').click()
    await page.getByTestId('code-done').waitFor()
    await page.getByTestId('code-to-login').click()
    assert.equal(await page.getByTestId('login-username').inputValue(), USERNAME)
    await page.getByTestId('login-password').fill(PASSWORD)
    await page.getByTestId('login-submit').click()
    await page.getByTestId('workbench').waitFor()

    // The first screen: the report button, the guide and 我的办事.
    await page.getByTestId('workbench').getByText('办事指南 · 在线申请').waitFor()
    await page.getByTestId('workbench').getByRole('heading', { name: '我的办事' }).waitFor()
    await expectNoAxeViolations(page, 'resident workbench')
    await shot(page, 'phone-workbench')
    // 我的办事 from the tab bar: empty, with the way to apply.
    await page.getByTestId('tab-my-requests').click()
    await page.getByTestId('mine-empty').waitFor()
    await expectNoAxeViolations(page, 'my requests, empty')
    // The guide's 在线申请 opens the application form.
    await page.goto('/guide/YZ-YL-004')
    await page.getByTestId('guide-entry-apply').click()
    await page.getByTestId('apply-item').waitFor()
    await expectNoAxeViolations(page, 'apply online')
    await shot(page, 'phone-apply')
    await page.getByTestId('apply-submit').click()
    await page.getByTestId('error-handling_mode').waitFor()
    await page.getByTestId('apply-mode-self_service').check()
    await page.getByTestId('apply-note').fill('网上申请测试')
    await page.getByTestId('apply-submit').click()
    await page.waitForURL(/\/my\/requests\/\d+/)
    const id = Number(page.url().match(/\/my\/requests\/(\d+)/)[1])
    const filed = await server.asAdmin('GET', `/api/v1/service-requests/${id}`)
    assert.equal(filed.json.channel, 'mobile', 'filed from a phone')
    assert.equal(filed.json.applicant_name, '刘玉珍')
    await expectNoAxeViolations(page, 'my request')
    // A material, uploaded on the request's page.
    await page.getByTestId('material-name').fill('户口簿')
    await page.getByTestId('material-file').setInputFiles({ name: 'hukou.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex') })
    await page.getByTestId('material-submit').click()
    await waitFor('the material', async () => (await server.asAdmin('GET', `/api/v1/service-requests/${id}`)).json.materials.length === 1, 10_000)

    // The desk completes it; the resident rates it.
    for (const action of ['accept', 'start', 'complete']) {
      const res = await server.asAdmin('POST', `/api/v1/service-requests/${id}/transitions`, { action })
      assert.equal(res.status, 200, res.text)
    }
    await page.reload()
    await page.getByTestId('action-rate').click()
    await page.getByTestId('action-rating-5').check()
    await page.getByTestId('action-confirm').click()
    await waitFor('the rating', async () => (await server.asAdmin('GET', `/api/v1/service-requests/${id}`)).json.rating === 5, 10_000)

    // 我的办事 lists it; 我的家庭 shows the household, masked.
    await page.goto('/my')
    await page.getByTestId('mine-item').first().waitFor()
    assert.equal(await page.getByTestId('mine-item').count(), 1)
    await page.getByTestId('mine-household').click()
    await page.getByTestId('hh-member').first().waitFor()
    const table = await page.getByTestId('hh-members').innerText()
    assert.match(table, /刘玉珍/)
    assert.ok(!table.includes(ID) && !table.includes(PHONE), 'unmasked personal data')
    await expectNoAxeViolations(page, 'my household')
    await shot(page, 'phone-my-household')
  } finally {
    await context.close()
  }
})

test('a forgotten password is replaced with an SMS code', options, async () => {
  const { context, page } = await phonePage()
  try {
    await page.goto('/login')
    await page.getByTestId('login-forgot').click()
    await page.getByTestId('code-heading').waitFor()
    await expectNoAxeViolations(page, 'forgotten password')
    await page.getByTestId('code-username').fill(USERNAME)
    await page.getByTestId('code-phone').fill(PHONE)
    const since = gateway.requests.length
    await page.getByTestId('code-send').click()
    const code = await codeSince(since)
    await page.getByTestId('code-code').fill(code)
    await page.getByTestId('code-password').fill('Another-web-2026')
    await page.getByTestId('code-confirm').fill('Another-web-2026')
    await page.getByTestId('code-submit').click()
    await page.getByTestId('code-done').waitFor()
    const login = await server.call('POST', '/api/v1/session', { body: { username: USERNAME, password: 'Another-web-2026' } })
    assert.equal(login.status, 200, login.text)
  } finally {
    await context.close()
  }
})

test('at a community hall\'s kiosk the resident signs in by SMS code, follows and applies, and is signed out when idle (kiosk)', options, async () => {
  const kiosk = await server.asAdmin('POST', '/api/v1/kiosks', { community_code: COMMUNITY, name: `大厅终端${RUN}`, kind: 'kiosk' })
  assert.equal(kiosk.status, 201, kiosk.text)
  const context = await browser.newContext({ baseURL: server.base, locale: 'zh-CN', viewport: { width: 1080, height: 1920 } })
  context.setDefaultTimeout(15000)
  const page = await context.newPage()
  try {
    await page.clock.install()
    await page.goto('/kiosk')
    await page.getByTestId('pair-token').fill(kiosk.json.device_token)
    await page.getByTestId('pair-submit').click()
    // 我的办件 asks for the phone and a code first.
    await page.getByTestId('kiosk-mine').click()
    await page.getByTestId('kiosk-sign-in-title').waitFor()
    await expectNoAxeViolations(page, 'kiosk sign-in')
    await shot(page, 'kiosk-sign-in')
    await page.getByTestId('kiosk-sign-in-submit').click()
    await page.getByTestId('kiosk-error-phone').waitFor()
    await page.getByTestId('kiosk-phone').fill(PHONE)
    const since = gateway.requests.length
    await page.getByTestId('kiosk-send-code').click()
    await page.getByTestId('kiosk-code-notice').waitFor()
    const code = await codeSince(since)
    await page.getByTestId('kiosk-code').fill(code === '000000' ? '111111' : '000000')
    await page.getByTestId('kiosk-sign-in-submit').click()
    assert.match(await page.getByTestId('kiosk-error-code').innerText(), /验证码不正确或已过期/)
    await page.getByTestId('kiosk-code').fill(code)
    await page.getByTestId('kiosk-sign-in-submit').click()

    // Their own applications (the one made on the phone), then one made here.
    await page.getByTestId('mine-item').first().waitFor()
    assert.match(await page.getByTestId('kiosk-signed-in').innerText(), /刘玉珍/)
    assert.equal(await page.getByTestId('mine-household').count(), 0, 'no household page on a public screen')
    await expectNoAxeViolations(page, 'kiosk: my applications')
    await shot(page, 'kiosk-my-applications')
    await page.getByTestId('kiosk-home').click()
    await page.getByTestId('kiosk-guide').click()
    await page.getByTestId('category-elderly_care').click()
    await page.getByTestId('item-link-YZ-YL-004').click()
    await page.getByTestId('guide-entry-apply').click()
    await page.getByTestId('apply-item').waitFor()
    assert.ok(page.url().includes('/kiosk/apply'), page.url())
    await page.getByTestId('apply-mode-self_service').check()
    await page.getByTestId('apply-submit').click()
    await page.waitForURL(/\/kiosk\/mine\/\d+/)
    const id = Number(page.url().match(/\/kiosk\/mine\/(\d+)/)[1])
    const filed = await server.asAdmin('GET', `/api/v1/service-requests/${id}`)
    assert.equal(filed.json.channel, 'kiosk', 'filed at the kiosk')
    assert.equal(filed.json.applicant_name, '刘玉珍')
    await page.getByTestId('back-to-mine').waitFor()
    await expectNoAxeViolations(page, 'kiosk: my request')
    await shot(page, 'kiosk-my-request')

    // A minute without a touch: signed out, the start screen, nothing of theirs left.
    await page.clock.fastForward(61_000)
    await page.getByTestId('kiosk-take').waitFor()
    assert.equal(await page.getByTestId('kiosk-signed-in').count(), 0)
    const session = await page.evaluate(async () => (await fetch('/api/v1/session')).status)
    assert.equal(session, 401, 'the session ended')
    assert.ok(!(await page.content()).includes('刘玉珍'), 'nothing of the resident stays on screen')
    await page.getByTestId('kiosk-mine').click()
    await page.getByTestId('kiosk-sign-in-title').waitFor()
  } finally {
    await context.close()
  }
})
