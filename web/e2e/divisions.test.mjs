import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, withPage, expectNoAxeViolations, walkToCommunity, assertTitle } from './helpers.mjs'

let browser
let state
before(async () => {
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const page = (body) => withPage(() => browser, () => state, body)

test('the division browser starts at 扬州市 with counts and has no axe violations', page(async (p) => {
  await p.goto('/divisions')
  await assertTitle(p, '扬州市')
  await p.waitForURL(/\/divisions\/3210$/)
  const rows = p.locator('tr.division-row')
  assert.ok((await rows.count()) >= 6, 'expected the county-level units of Yangzhou')
  const headers = await p.getByTestId('division-children').locator('thead th').allTextContents()
  assert.ok(headers.some((h) => h.includes('乡镇街道')) && headers.some((h) => h.includes('村社区')), headers.join(','))
  assert.ok(Number(await p.getByTestId('count-counties').locator('dd').textContent()) >= 6)
  await expectNoAxeViolations(p, 'division browser (扬州市)')
}))

test('walks 扬州市 → 广陵区 → a street → a community', page(async (p) => {
  const { streetName, communityName } = await walkToCommunity(p)
  const crumbs = await p.getByTestId('breadcrumb').locator('li').allTextContents()
  const trail = crumbs.map((c) => c.trim())
  for (const name of ['扬州市', '广陵区', streetName, communityName]) assert.ok(trail.includes(name), `${name} in ${trail}`)
  // The breadcrumb leads back up.
  await p.getByTestId('breadcrumb').getByRole('link', { name: '广陵区' }).click()
  await assertTitle(p, '广陵区')
}))

test('the community page has no axe violations', page(async (p) => {
  await walkToCommunity(p)
  await expectNoAxeViolations(p, 'division browser (community)')
}))

test('the name search finds 广陵区 and leads to it', page(async (p) => {
  await p.goto('/divisions')
  await p.getByTestId('division-children').waitFor()
  await p.getByTestId('division-search-input').fill('广陵')
  await p.getByTestId('division-search-submit').click()
  const results = p.getByTestId('division-search-results')
  await results.waitFor()
  await results.getByRole('link', { name: '广陵区', exact: true }).click()
  await assertTitle(p, '广陵区')
}))
