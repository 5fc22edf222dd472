// Account management and the forced password change, in the browser: the admin creates a
// community worker, resets its password and reads the temporary password from the dialog;
// the worker signs in with it, is held on the password page, is refused a weak password in
// Chinese, sets a strong one and lands in the app; the admin disables and enables the
// account on a phone-sized screen, and makes a school's account (强制报告责任单位 at a town).
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import {
  launchBrowser, loggedInState, withPage, loginThroughForm, expectNoAxeViolations, api, adminToken,
} from './helpers.mjs'

const COMMUNITY = '321002001002'
const suffix = Date.now().toString(36)
const username = `cw-${suffix}`
const school = `school-${suffix}`
const initialPassword = `Spring-Meadow-${suffix}`
const newPassword = `Quiet-River-${suffix}-7`
let temporaryPassword = ''

let browser
let state
before(async () => {
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const asAdmin = (body) => withPage(() => browser, () => state, body)
const asNobody = (body) => withPage(() => browser, null, body)

const row = (p) => p.getByTestId(`account-row-${username}`)

/** Clicks the confirm button of Element Plus' message box (its class set by the view). */
async function confirmBox(p) {
  const button = p.locator('.el-message-box .account-confirm')
  await button.waitFor()
  await button.click()
  await p.locator('.el-message-box').waitFor({ state: 'hidden' })
}

test('the admin creates a community worker and resets its password in the UI', asAdmin(async (p) => {
  await p.goto('/accounts')
  await p.getByTestId('accounts-page').waitFor()
  await p.getByTestId('account-create').click()
  const dialog = p.getByTestId('account-dialog')
  await dialog.getByTestId('account-username').waitFor()

  // Nothing filled: Chinese messages beside the fields.
  await p.getByTestId('account-save').click()
  await dialog.getByTestId('account-field-username').getByText('请输入用户名').waitFor()
  await dialog.getByTestId('account-field-password').getByText('请输入密码').waitFor()
  await dialog.getByTestId('account-grant-error').getByText('请选择角色').waitFor()
  await expectNoAxeViolations(p, 'create-account dialog with validation messages')

  await dialog.getByTestId('account-username').fill(username)
  await dialog.getByTestId('account-display-name').fill('测试社工')
  await dialog.getByTestId('account-password').fill(initialPassword)
  await dialog.getByTestId('account-grant-role-0').selectOption('community_worker')
  // The scope by name, level by level: stopping at the town is refused before sending.
  const level = (i) => dialog.getByTestId(`account-grant-scope-0-level-${i}`)
  await level(0).selectOption(COMMUNITY.slice(0, 6))
  await level(1).selectOption(COMMUNITY.slice(0, 9))
  await p.getByTestId('account-save').click()
  await dialog.getByTestId('account-grant-error').getByText('所选辖区的层级与所选角色不符').waitFor()
  await level(2).selectOption(COMMUNITY)
  assert.equal(await dialog.getByTestId('account-grant-scope-0-level-3').count(), 0, 'a community worker is not offered grids')
  await p.getByTestId('account-save').click()
  await dialog.waitFor({ state: 'hidden' })
  await row(p).waitFor()
  assert.match(await row(p).textContent(), /社区工作者/)
  assert.match(await row(p).textContent(), /测试社工/)

  // Reset: confirmed, then the temporary password is shown once.
  await p.getByTestId(`account-reset-${username}`).click()
  await confirmBox(p)
  const shown = p.getByTestId('temporary-password-dialog')
  await shown.getByTestId('temporary-password').waitFor()
  temporaryPassword = (await shown.getByTestId('temporary-password').textContent()).trim()
  assert.equal(temporaryPassword.length, 16, `temporary password "${temporaryPassword}"`)
  assert.match(await shown.getByTestId('temporary-password-warning').textContent(), /只显示这一次/)
  await expectNoAxeViolations(p, 'temporary password dialog')
  await shown.getByTestId('temporary-password-close').click()
  await shown.waitFor({ state: 'hidden' })
  const leftover = p.getByTestId('temporary-password')
  if (await leftover.count()) assert.equal((await leftover.textContent()).trim(), '', 'forgotten once the dialog has closed')
  await row(p).getByText('待设新密码').waitFor()
  // The initial password no longer works.
  const old = await api('POST', '/api/v1/session', { body: { username, password: initialPassword } })
  assert.equal(old.status, 401, old.text)
}))

test('the worker signs in with the temporary password and must set a new one first', asNobody(async (p) => {
  assert.ok(temporaryPassword, 'the previous test read the temporary password')
  await loginThroughForm(p, username, temporaryPassword, 'password-page')
  assert.equal(new URL(p.url()).pathname, '/password')
  assert.match(await p.getByTestId('password-forced').textContent(), /管理员已重置您的密码/)
  assert.equal(await p.getByTestId('main-menu').count(), 0, 'no menu while the password must change')
  await expectNoAxeViolations(p, 'forced password page')

  // Cannot go anywhere else.
  await p.goto('/divisions')
  await p.getByTestId('password-page').waitFor()
  assert.equal(new URL(p.url()).pathname, '/password')
  await p.goto('/accounts')
  await p.getByTestId('password-page').waitFor()
  assert.equal(new URL(p.url()).pathname, '/password')

  // Client checks first: too short, then a mismatch.
  await p.getByTestId('password-current').fill(temporaryPassword)
  await p.getByTestId('password-new').fill('short1!')
  await p.getByTestId('password-confirm').fill('short2!')
  await p.getByTestId('password-submit').click()
  await p.getByTestId('password-field-new').getByText('密码至少需要 12 个字符').waitFor()
  await p.getByTestId('password-field-confirm').getByText('两次输入的新密码不一致').waitFor()
  await expectNoAxeViolations(p, 'password page with validation messages')

  // A common password passes the client's checks; the server refuses it, in Chinese, beside the field.
  await p.getByTestId('password-new').fill('password1234')
  await p.getByTestId('password-confirm').fill('password1234')
  await p.getByTestId('password-submit').click()
  const refusal = p.getByTestId('password-field-new').locator('.el-form-item__error')
  await refusal.waitFor()
  assert.match(await refusal.textContent(), /[\u4e00-\u9fff]/)
  assert.equal(new URL(p.url()).pathname, '/password')

  // A wrong current password: beside the current password.
  await p.getByTestId('password-current').fill('Wrong-password-2026')
  await p.getByTestId('password-new').fill(newPassword)
  await p.getByTestId('password-confirm').fill(newPassword)
  await p.getByTestId('password-submit').click()
  const wrong = p.getByTestId('password-field-current').locator('.el-form-item__error')
  await wrong.waitFor()
  assert.match(await wrong.textContent(), /[\u4e00-\u9fff]/)

  await p.getByTestId('password-current').fill(temporaryPassword)
  await p.getByTestId('password-submit').click()
  // On to where the worker was heading (the accounts page, not theirs: 无权访问), out of the password page.
  await p.waitForURL((url) => url.pathname !== '/password')
  await p.getByTestId('main-menu').waitFor()
  assert.equal(await p.getByTestId('password-forced').count(), 0)
  // The app works again: another page opens.
  await p.goto('/divisions')
  await p.getByTestId('main-menu').waitFor()
  assert.match(new URL(p.url()).pathname, /^\/divisions/)

  // The new password is the one that signs in now, with no change demanded.
  const login = await api('POST', '/api/v1/session', { body: { username, password: newPassword } })
  assert.equal(login.status, 200, login.text)
  assert.equal(login.json.account.must_change_password, false)
  await api('DELETE', '/api/v1/session', { token: login.json.token })
}))

test('on a phone the admin disables and enables the account, with confirmation', asAdmin(async (p) => {
  await p.setViewportSize({ width: 390, height: 800 })
  await p.goto('/accounts')
  await p.getByTestId('account-search').fill(username)
  await p.getByTestId('account-search-submit').click()
  await row(p).waitFor()
  await row(p).getByText('待设新密码').waitFor({ state: 'detached' })
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `the accounts page scrolls sideways by ${overflow}px on a phone`)
  await expectNoAxeViolations(p, 'accounts page on a phone')

  // Cancelling changes nothing.
  await p.getByTestId(`account-disable-${username}`).click()
  await p.locator('.el-message-box .account-confirm-cancel').click()
  await p.locator('.el-message-box').waitFor({ state: 'hidden' })
  assert.equal(await row(p).getAttribute('data-disabled'), 'false')

  await p.getByTestId(`account-disable-${username}`).click()
  await confirmBox(p)
  await p.getByTestId(`account-enable-${username}`).waitFor()
  assert.equal(await row(p).getAttribute('data-disabled'), 'true')
  const refused = await api('POST', '/api/v1/session', { body: { username, password: newPassword } })
  assert.notEqual(refused.status, 200, 'a disabled account cannot sign in')

  await p.getByTestId(`account-enable-${username}`).click()
  await confirmBox(p)
  await p.getByTestId(`account-disable-${username}`).waitFor()
  assert.equal(await row(p).getAttribute('data-disabled'), 'false')

  // Elder mode on the phone: still no sideways scrolling, no violations; the reset dialog fits.
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  const elderOverflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(elderOverflow <= 1, `elder mode scrolls sideways by ${elderOverflow}px on a phone`)
  await expectNoAxeViolations(p, 'accounts page, elder mode on a phone')
  await p.getByTestId('account-create').click()
  const dialog = p.getByTestId('account-dialog')
  await dialog.getByTestId('account-username').waitFor()
  const box = await p.locator('.el-dialog').filter({ has: p.getByTestId('account-username') }).boundingBox()
  assert.ok(box.x >= 0 && box.x + box.width <= 390, `the create dialog fits the phone (${box.x}+${box.width})`)
}))

test('every signed-in user reaches the password page from the header', asAdmin(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('change-password-link').click()
  await p.getByTestId('password-page').waitFor()
  assert.equal(await p.getByTestId('password-forced').count(), 0)
  await expectNoAxeViolations(p, 'password page')
  // Nothing is sent while the form is incomplete.
  await p.getByTestId('password-submit').click()
  await p.getByTestId('password-field-current').getByText('请输入当前密码').waitFor()
}))

test('the admin makes a school\'s account: 强制报告责任单位 at a town', asAdmin(async (p) => {
  const token = await adminToken()
  const county = await api('GET', '/api/v1/divisions/321012', { token })
  assert.equal(county.status, 200, county.text)
  const town = county.json.children[0]
  await p.goto('/accounts')
  await p.getByTestId('account-create').click()
  const dialog = p.getByTestId('account-dialog')
  await dialog.getByTestId('account-username').fill(school)
  await dialog.getByTestId('account-display-name').fill('江都区测试小学')
  await dialog.getByTestId('account-password').fill(initialPassword)
  const role = dialog.getByTestId('account-grant-role-0')
  assert.ok((await role.locator('option').allTextContents()).includes('强制报告责任单位'))
  await role.selectOption('institution')
  await dialog.getByTestId('account-grant-institution-hint-0').getByText('只能填报强制报告').waitFor()
  await dialog.getByTestId('account-grant-scope-0-level-0').selectOption('321012')
  await dialog.getByTestId('account-grant-scope-0-level-1').selectOption(town.code)
  await expectNoAxeViolations(p, 'account dialog with an institution grant')
  await p.getByTestId('account-save').click()
  await dialog.waitFor({ state: 'hidden' })
  const made = p.getByTestId(`account-row-${school}`)
  await made.waitFor()
  assert.match(await made.innerText(), new RegExp(`强制报告责任单位 · ${town.name}`))
}))

test('the school signs in to 填报强制报告, with no workbench in its menu', asNobody(async (p) => {
  await loginThroughForm(p, school, initialPassword, 'mandatory-report-page')
  assert.equal(new URL(p.url()).pathname, '/mandatory-report')
  assert.equal(await p.getByTestId('mr-institution').inputValue(), '江都区测试小学')
  await p.getByTestId('menu-mandatory-report-mine').waitFor()
  assert.equal(await p.getByTestId('menu-workbench').count(), 0)
  assert.equal(await p.getByTestId('menu-people').count(), 0)
}))
