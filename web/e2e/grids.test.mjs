import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, loggedInState, withPage, walkToCommunity, expectNoAxeViolations } from './helpers.mjs'

let browser
let state
before(async () => {
  browser = await launchBrowser()
  state = await loggedInState(browser)
})
after(async () => { await browser?.close() })
const page = (body) => withPage(() => browser, () => state, body)

async function fillGridForm(p, { name, households, code }) {
  const dialog = p.getByTestId('grid-dialog')
  await dialog.getByTestId('grid-name').fill(name)
  await dialog.getByTestId('grid-households').fill(households)
  if (code !== undefined) await dialog.getByTestId('grid-code').fill(code)
}

const gridRow = (p, name) => p.locator('tr.grid-row', { has: p.locator('th.grid-name', { hasText: name }) })

test('creates a grid with a unique name and sees it listed, then closes it', page(async (p) => {
  await walkToCommunity(p)
  const name = `测试网格${Date.now()}`
  await p.getByTestId('grid-create').click()
  await p.getByTestId('grid-dialog').getByTestId('grid-name').waitFor()
  await fillGridForm(p, { name, households: '320' })
  await p.getByTestId('grid-dialog').getByTestId('grid-kind-dedicated').click()
  await p.getByTestId('grid-save').click()
  const row = gridRow(p, name)
  await row.waitFor()
  assert.match(await row.textContent(), /专属网格/)
  assert.match(await row.textContent(), /320/)
  assert.equal(await row.getAttribute('data-status'), 'active')

  // Close it with a date and a confirmation; it leaves the list of active grids.
  const code = (await row.getAttribute('data-testid')).replace('grid-row-', '')
  await p.getByTestId(`grid-close-${code}`).click()
  const dialog = p.getByTestId('close-dialog')
  // The date defaults to today (the last day the grid is in use).
  const closeDate = await dialog.getByTestId('close-date').inputValue()
  assert.match(closeDate, /^\d{4}-\d{2}-\d{2}$/)
  await dialog.getByTestId('close-confirm').click()
  await gridRow(p, name).waitFor({ state: 'detached' })
  // "Show closed" brings it back, marked closed.
  await p.getByTestId('grids-show-closed').click()
  const closed = gridRow(p, name)
  await closed.waitFor()
  assert.equal(await closed.getAttribute('data-status'), 'closed')
  assert.ok((await closed.textContent()).includes(closeDate), `${closeDate} shown as the end date`)
}))

test('an invalid grid form shows the Chinese validation messages', page(async (p) => {
  const { communityCode } = await walkToCommunity(p)
  await p.getByTestId('grid-create').click()
  await fillGridForm(p, { name: '', households: '9999', code: '12' })
  await p.getByTestId('grid-save').click()
  const dialog = p.getByTestId('grid-dialog')
  await dialog.getByTestId('grid-field-name').getByText('请输入网格名称').waitFor()
  await dialog.getByTestId('grid-field-households').getByText('计划户数必须是0到5000之间的整数').waitFor()
  await dialog.getByTestId('grid-field-code').getByText('网格编码必须是所属社区编码加3位数字').waitFor()
  await expectNoAxeViolations(p, 'create-grid dialog with validation messages')
  // Too long a name.
  await fillGridForm(p, { name: '长'.repeat(51), households: '10', code: `${communityCode}001` })
  await p.getByTestId('grid-save').click()
  await dialog.getByTestId('grid-field-name').getByText('网格名称不能超过50个字').waitFor()
  // Nothing was created.
  assert.equal(await p.locator('tr.grid-row', { hasText: '长'.repeat(51) }).count(), 0)
}))

test('a server error is shown next to the field it names (duplicate code)', page(async (p) => {
  const { communityCode } = await walkToCommunity(p)
  await p.getByTestId('grids-show-closed').click()
  // A free code in 900..999 (closed grids keep their codes).
  const taken = new Set(await p.locator('tr.grid-row').evaluateAll((rows) => rows.map((r) => r.dataset.testid)))
  let code
  for (let n = 900 + Math.floor(Math.random() * 90); !code || taken.has(`grid-row-${code}`); n++) code = `${communityCode}${n}`
  for (const attempt of [1, 2]) {
    await p.getByTestId('grid-create').click()
    await fillGridForm(p, { name: `编码网格${Date.now()}-${attempt}`, households: '50', code })
    await p.getByTestId('grid-save').click()
    if (attempt === 1) await p.getByTestId(`grid-row-${code}`).waitFor()
  }
  const dialog = p.getByTestId('grid-dialog')
  const fieldError = dialog.getByTestId('grid-field-code').locator('.el-form-item__error')
  const generalError = dialog.getByTestId('grid-form-error')
  await fieldError.or(generalError).first().waitFor()
  const text = (await fieldError.or(generalError).first().textContent()).trim()
  assert.match(text, /[\u4e00-\u9fff]/, `expected the server's Chinese message, got "${text}"`)
}))
