import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, withPage, expectNoAxeViolations, loginThroughForm, BASE_URL } from './helpers.mjs'

let browser
before(async () => { browser = await launchBrowser() })
after(async () => { await browser?.close() })
const page = (body) => withPage(() => browser, null, body)

test('the login page has no axe violations and a Chinese lang attribute', page(async (p) => {
  await p.goto('/login')
  await p.getByTestId('login-form').waitFor()
  assert.equal(await p.getAttribute('html', 'lang'), 'zh-CN')
  // The title names the city of the server's data (issue 16 item 6), in the page and the tab.
  await p.getByTestId('login-title').filter({ hasText: '扬州市社区服务系统' }).waitFor()
  assert.match(await p.title(), /扬州市社区服务系统/)
  await expectNoAxeViolations(p, `${BASE_URL}/login`)
}))

test('a wrong password shows the server\'s Chinese message', page(async (p) => {
  await p.goto('/login')
  // An unknown user gets the same answer as a wrong password and does not lock the admin.
  await p.getByTestId('login-username').fill(`nobody-${Date.now()}`)
  await p.getByTestId('login-password').fill('wrong-password')
  await p.getByTestId('login-submit').click()
  const error = p.getByTestId('login-error')
  await error.waitFor()
  const text = (await error.textContent()).trim()
  assert.match(text, /[\u4e00-\u9fff]/, `expected a Chinese message, got "${text}"`)
  assert.equal(new URL(p.url()).pathname, '/login')
}))

test('the empty form shows Chinese validation messages', page(async (p) => {
  await p.goto('/login')
  await p.getByTestId('login-submit').click()
  await p.getByText('请输入用户名').waitFor()
  await p.getByText('请输入密码').waitFor()
}))

test('logging in lands on the workbench of the jurisdiction; logging out returns to the login page', page(async (p) => {
  await p.goto('/divisions')
  await p.waitForURL(/\/login/)
  // The sign-in page lands on the workbench, the first screen of every role.
  await loginThroughForm(p)
  assert.match(await p.getByTestId('jurisdiction').textContent(), /扬州市/)
  assert.match(await p.getByTestId('workbench-title').textContent(), /工作台/)
  await p.getByTestId('logout').click()
  await p.getByTestId('login-form').waitFor()
  await p.goto('/divisions')
  await p.waitForURL(/\/login/)
}))
