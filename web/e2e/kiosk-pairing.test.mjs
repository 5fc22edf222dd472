// A resident signs in at a kiosk by scanning the code it shows with their phone (issue 17 item 5;
// decision 0028), in two browser contexts: the kiosk (portrait 1080×1920, paired with its device
// token) shows a QR code on 我的办件 with its URL written beneath it (无法扫码？); the resident's
// phone (390×844, not yet signed in) opens that URL, signs in, is told which community's kiosk
// asks and confirms; the kiosk then shows 我的办件 as the resident's. A used code is refused on
// the phone. Both screens are checked with axe. What the pages need is made through the API.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, expectNoAxeViolations, api, adminToken, createAccount, idCheckCharacter, BASE_URL } from './helpers.mjs'

const RUN = Date.now().toString(36)
const COMMUNITY = '321002001002' // 个园社区居委会
const PASSWORD = 'Resident-scan-2026'
const USERNAME = `scan${RUN}`.slice(0, 32)
let browser
let kioskToken

before(async () => {
  browser = await launchBrowser()
  const token = await adminToken()
  const kiosk = await api('POST', '/api/v1/kiosks', { token, body: { community_code: COMMUNITY, name: `扫码自助机${RUN}`, location: '一楼大厅', kind: 'kiosk' } })
  assert.equal(kiosk.status, 201, kiosk.text)
  kioskToken = kiosk.json.device_token
  const grid = await api('POST', '/api/v1/grids', { token, body: { community_code: COMMUNITY, name: `扫码网格${RUN}`, kind: 'ordinary', planned_households: 100, valid_from: '2000-01-01' } })
  assert.equal(grid.status, 201, grid.text)
  const first17 = `32100219520707${String(Date.now() % 1000).padStart(3, '0')}`
  const person = await api('POST', '/api/v1/residents', {
    token,
    body: { name: '周桂兰', id_number: first17 + idCheckCharacter(first17), phone: '13922223333', ethnicity: '汉族', status: 'registered_resident', status_since: '2010-01-01', grid_code: grid.json.code },
  })
  assert.equal(person.status, 201, person.text)
  await createAccount(token, { username: USERNAME, display_name: '周桂兰', password: PASSWORD, grants: [{ role: 'resident', scope_code: COMMUNITY }], resident_id: person.json.id })
})
after(async () => browser?.close())

async function context(viewport) {
  const made = await browser.newContext({ baseURL: BASE_URL, locale: 'zh-CN', viewport })
  made.setDefaultTimeout(15000)
  return made
}

test('a resident scans the kiosk\'s code with their phone, confirms, and the kiosk shows 我的办件', async () => {
  const kioskContext = await context({ width: 1080, height: 1920 })
  const phoneContext = await context({ width: 390, height: 844 })
  try {
    // The kiosk: paired once, 我的办件 shows the code to scan above the SMS sign-in.
    const kiosk = await kioskContext.newPage()
    await kiosk.goto('/kiosk')
    await kiosk.getByTestId('pair-token').fill(kioskToken)
    await kiosk.getByTestId('pair-submit').click()
    await kiosk.getByTestId('kiosk-mine').click()
    await kiosk.getByTestId('kiosk-scan-qr').waitFor()
    await kiosk.getByTestId('kiosk-sign-in-title').waitFor()
    const url = await kiosk.getByTestId('kiosk-scan-qr').getAttribute('data-url')
    assert.match(url, new RegExp(`^${BASE_URL.replace(/[.]/g, '\\.')}/kiosk-pair\\?c=[A-Za-z0-9_-]{43}$`))
    assert.equal((await kiosk.getByTestId('kiosk-scan-url').innerText()).trim(), url, 'the URL is written beneath the code')
    assert.match(await kiosk.getByTestId('kiosk-scan').innerText(), /无法扫码/)
    const box = await kiosk.getByTestId('kiosk-scan-qr').boundingBox()
    assert.ok(box.width >= 300 && box.height >= 300, `the code is large enough to scan: ${box.width}×${box.height}`)
    await expectNoAxeViolations(kiosk, 'kiosk: sign in by scanning')

    // The phone: not signed in yet — the login page, then back to the code's page.
    const phone = await phoneContext.newPage()
    await phone.goto(url)
    await phone.getByTestId('login-username').fill(USERNAME)
    await phone.getByTestId('login-password').fill(PASSWORD)
    await phone.getByTestId('login-submit').click()
    await phone.getByTestId('kiosk-pair-asking').waitFor()
    const asking = await phone.getByTestId('kiosk-pair-kiosk').innerText()
    assert.match(asking, /个园社区居委会/)
    assert.match(asking, new RegExp(`扫码自助机${RUN}`))
    await expectNoAxeViolations(phone, 'phone: confirm the kiosk sign-in')
    assert.equal(await kiosk.getByTestId('kiosk-signed-in').count(), 0, 'nobody is signed in before the phone confirms')
    await phone.getByTestId('kiosk-pair-approve').click()
    await phone.getByTestId('kiosk-pair-done').waitFor()

    // The kiosk's next poll signs the resident in: 我的办件 of theirs, their name.
    await kiosk.getByTestId('kiosk-signed-in').waitFor()
    assert.match(await kiosk.getByTestId('kiosk-signed-in').innerText(), /周桂兰/)
    assert.equal(await kiosk.getByTestId('kiosk-scan').count(), 0)
    assert.ok(kiosk.url().endsWith('/kiosk/mine'), kiosk.url())
    await kiosk.getByTestId('mine-heading').waitFor()
    await kiosk.getByTestId('mine-empty').waitFor()
    const session = await kiosk.evaluate(async () => (await fetch('/api/v1/session')).json())
    assert.equal(session.account.username, USERNAME)
    assert.ok(session.expires_at <= Date.now() + 15 * 60e3 + 5e3, 'a 15-minute session')

    // The code is used: opening it again on the phone is refused with one clear error.
    await phone.goto(url)
    assert.match(await phone.getByTestId('kiosk-pair-error').innerText(), /二维码已失效/)

    // 退出登录 on the kiosk: a new code is shown for the next resident.
    await kiosk.getByTestId('kiosk-sign-out').click()
    await kiosk.getByTestId('kiosk-take').waitFor()
    await kiosk.getByTestId('kiosk-mine').click()
    await kiosk.getByTestId('kiosk-scan-qr').waitFor()
    assert.notEqual(await kiosk.getByTestId('kiosk-scan-qr').getAttribute('data-url'), url)
  } finally {
    await kioskContext.close()
    await phoneContext.close()
  }
})
