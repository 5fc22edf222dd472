import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, withPage, expectNoAxeViolations } from './helpers.mjs'

let browser
let state
before(async () => {
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const page = (body) => withPage(() => browser, () => state, body)

test('switching to English changes the labels and the lang attribute', page(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('division-children').waitFor()
  assert.match(await p.getByTestId('menu-divisions').textContent(), /行政区划/)
  await p.getByTestId('lang-en').click()
  await p.waitForFunction(() => document.documentElement.lang === 'en')
  assert.match(await p.getByTestId('menu-divisions').textContent(), /Divisions/)
  assert.match(await p.getByTestId('logout').textContent(), /Sign out/)
  const headers = await p.getByTestId('division-children').locator('thead th').allTextContents()
  assert.ok(headers.some((h) => h.includes('Name')), headers.join(','))
  // Kinds follow the language too (广陵区 is a district).
  assert.match(await p.getByTestId('division-row-321002').textContent(), /District/)
  // The choice survives a reload.
  await p.reload()
  await p.getByTestId('division-children').waitFor()
  assert.equal(await p.getAttribute('html', 'lang'), 'en')
  await expectNoAxeViolations(p, 'division browser in English')
  await p.getByTestId('lang-zh').click()
  await p.waitForFunction(() => document.documentElement.lang === 'zh-CN')
  assert.match(await p.getByTestId('menu-divisions').textContent(), /行政区划/)
}))

test('elder mode sets the class, enlarges the type and persists', page(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('division-children').waitFor()
  const fontSize = () => p.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.division-link')).fontSize))
  const before = await fontSize()
  assert.equal(await p.evaluate(() => document.documentElement.classList.contains('elder-mode')), false)
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  assert.equal(await p.getByTestId('elder-mode-toggle').getAttribute('aria-pressed'), 'true')
  const after = await fontSize()
  assert.ok(after >= 20 && after > before, `font size ${before}px → ${after}px`)
  const buttonHeight = await p.getByTestId('elder-mode-toggle').evaluate((b) => b.getBoundingClientRect().height)
  assert.ok(buttonHeight >= 44, `button height ${buttonHeight}px`)
  await p.reload()
  await p.getByTestId('division-children').waitFor()
  assert.equal(await p.evaluate(() => document.documentElement.classList.contains('elder-mode')), true)
  await expectNoAxeViolations(p, 'division browser in elder mode')
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => !document.documentElement.classList.contains('elder-mode'))
}))
