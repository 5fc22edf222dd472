// Shared set-up of the browser tests: Debian's Chromium through playwright-core, the
// server under test from LINLI_BASE_URL, one login per test file (its cookies are reused by
// every page of the file), screenshots on failure and axe-core checks; direct API calls for
// what a test sets up first, the skip probe, offline routing and synthetic identity numbers.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import { AxeBuilder } from '@axe-core/playwright'

export const BASE_URL = (process.env.LINLI_BASE_URL || 'http://127.0.0.1:8080').replace(/\/+$/, '')
export const USER = process.env.LINLI_E2E_USER || 'admin'
export const PASSWORD = process.env.LINLI_E2E_PASSWORD || 'Linli-test-2026!'
const CHROMIUM = process.env.LINLI_CHROMIUM || '/usr/bin/chromium'
const RESULTS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'test-results')

export async function launchBrowser() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage'],
  })
}

export async function newContext(browser, storageState) {
  const context = await browser.newContext({
    baseURL: BASE_URL,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 860 },
    ...(storageState ? { storageState } : {}),
  })
  context.setDefaultTimeout(15000)
  return context
}

/** Fills the login form and waits for the element `readyTestId` (the workbench, the first screen). */
export async function loginThroughForm(page, user = USER, password = PASSWORD, readyTestId = 'workbench') {
  await page.goto('/login')
  await page.getByTestId('login-username').fill(user)
  await page.getByTestId('login-password').fill(password)
  await page.getByTestId('login-submit').click()
  await page.getByTestId(readyTestId).waitFor()
}

/**
 * Logs in once through the form (the admin unless told otherwise) and returns the storage
 * state (session cookie) for later contexts.
 */
export async function loggedInState(browser, user = USER, password = PASSWORD, readyTestId = 'workbench') {
  const context = await newContext(browser)
  try {
    const page = await context.newPage()
    await loginThroughForm(page, user, password, readyTestId)
    return await context.storageState()
  } catch (error) {
    await saveScreenshot(context, 'login-setup')
    throw error
  } finally {
    await context.close()
  }
}

async function saveScreenshot(context, name) {
  try {
    fs.mkdirSync(RESULTS_DIR, { recursive: true })
    for (const [i, page] of context.pages().entries()) {
      const file = path.join(RESULTS_DIR, `${name.replace(/[^\w\u4e00-\u9fff-]+/g, '_')}${i ? '-' + i : ''}.png`)
      await page.screenshot({ path: file, fullPage: true })
      console.error(`screenshot: ${file}`)
    }
  } catch (error) {
    console.error('screenshot failed:', error.message)
  }
}

/**
 * Wraps a test body: gives it a fresh page (logged in when getState returns a state), takes
 * a screenshot into web/test-results/ when it fails, and always closes the context.
 */
export function withPage(browserRef, getState, body) {
  return async (t) => {
    const context = await newContext(browserRef(), getState ? getState() : undefined)
    const page = await context.newPage()
    const consoleErrors = []
    page.on('pageerror', (error) => consoleErrors.push(error.message))
    try {
      await body(page, t)
    } catch (error) {
      await saveScreenshot(context, t.name)
      if (consoleErrors.length) console.error('page errors:', consoleErrors.join('\n'))
      throw error
    } finally {
      await context.close()
    }
  }
}

/** Runs every axe-core rule on the page (once transitions have ended) and fails with a readable list of violations. */
export async function expectNoAxeViolations(page, label) {
  // Colours are checked once transitions and animations have ended (a button focused as a dialog
  // opens is mid-transition for 100 ms, with colours no one sees for longer).
  await page.evaluate(() => Promise.race([
    Promise.all(document.getAnimations().filter((a) => a.effect?.getComputedTiming?.().iterations !== Infinity).map((a) => a.finished.catch(() => {}))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]))
  const results = await new AxeBuilder({ page }).analyze()
  const text = results.violations
    .map((v) => `- ${v.id} (${v.impact}): ${v.help}\n${v.nodes.slice(0, 5)
      .map((n) => `    ${n.target.join(' ')}\n      ${n.failureSummary?.replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n')
  if (results.violations.length) console.error(`axe violations on ${label}:\n${text}`)
  assert.equal(results.violations.length, 0, `axe violations on ${label}:\n${text}`)
}

/** Walks 扬州市 → 广陵区 → its first street → that street's first community. */
export async function walkToCommunity(page) {
  await page.goto('/divisions')
  await page.getByTestId('division-children').waitFor()
  await assertTitle(page, '扬州市')
  await page.getByTestId('division-children').getByRole('link', { name: '广陵区', exact: true }).click()
  await assertTitle(page, '广陵区')
  // A street (街道) when the data says which towns are streets, else the first town.
  const streets = page.locator('tr.division-row[data-kind="street"] a.division-link')
  const street = (await streets.count()) ? streets.first() : page.locator('tr.division-row[data-level="town"] a.division-link').first()
  const streetName = (await street.textContent()).trim()
  await street.click()
  await assertTitle(page, streetName)
  const community = page.locator('tr.division-row[data-level="community"] a.division-link').first()
  const communityName = (await community.textContent()).trim()
  const communityHref = await community.getAttribute('href')
  await community.click()
  await assertTitle(page, communityName)
  await page.getByTestId('community-grids').waitFor()
  return { streetName, communityName, communityCode: communityHref.split('/').pop() }
}

export async function assertTitle(page, name) {
  await page.getByTestId('division-title').filter({ hasText: name }).waitFor()
}

/** Calls the server's API directly (bearer token, JSON body); answers { status, json, text }. */
export async function api(method, apiPath, { token, body } = {}) {
  const headers = {}
  if (token) headers.Authorization = `Bearer ${token}`
  if (body !== undefined) headers['Content-Type'] = 'application/json'
  const res = await fetch(`${BASE_URL}${apiPath}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) })
  const text = await res.text()
  let json = null
  try { json = text ? JSON.parse(text) : null } catch { json = null }
  return { status: res.status, json, text }
}

/** Signs the admin (LINLI_E2E_USER) in through the API and returns the bearer token. */
export async function adminToken() {
  const login = await api('POST', '/api/v1/session', { body: { username: USER, password: PASSWORD } })
  assert.equal(login.status, 200, login.text)
  return login.json.token
}

/**
 * Why a test file cannot run here, or null when it can: `GET apiPath` as the admin answering
 * 404 means the server lacks that part of the API (`reason` says which). An unreachable
 * server or a failed login is not a reason to skip: the tests fail and say why.
 */
export async function missingApi(apiPath, reason) {
  let token
  try {
    const login = await api('POST', '/api/v1/session', { body: { username: USER, password: PASSWORD } })
    if (login.status !== 200) return null
    token = login.json.token
    const probe = await api('GET', apiPath, { token })
    return probe.status === 404 ? `GET ${BASE_URL}${apiPath} answered 404: ${reason}` : null
  } catch {
    return null
  } finally {
    if (token) await api('DELETE', '/api/v1/session', { token }).catch(() => {})
  }
}

/** Creates an account through the API as the admin behind `token`; returns its username. */
export async function createAccount(token, account) {
  const res = await api('POST', '/api/v1/accounts', { token, body: account })
  assert.equal(res.status, 201, res.text)
  return account.username
}

/** Offline: every request that does not go to the server under test fails (map tiles too). */
export async function offline(page) {
  await page.route((url) => !url.href.startsWith(BASE_URL), (route) => route.abort())
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
/** The GB 11643 check character of an identity number's first 17 digits. */
export const idCheckCharacter = (first17) => '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * ID_WEIGHTS[i], 0) % 11]
