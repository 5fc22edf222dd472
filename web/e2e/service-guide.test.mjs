// The service guide's standard fields (issue 17 item 4) as people see them: the public guide of
// an item shows 办理流程 as steps, 样表下载 links, a community picker (区县 → 街道 → 社区) that
// fills 办理地点 / 办公时间 / 咨询电话 from the community's service centre, and the 在线申请 /
// 预约办理 entries — axe-clean on a desktop and on a phone in elder mode; the catalogue editor
// edits the steps and uploads and deletes sample forms. The item, its first form and the
// service centre are made through the API first.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { launchBrowser, withPage, loggedInState, expectNoAxeViolations, api, adminToken, BASE_URL } from './helpers.mjs'

const COUNTY = '321002' // 广陵区
const TOWN = '321002001'
const COMMUNITY = '321002001004' // 宋都社区
const RUN = Date.now().toString(36).toUpperCase()
const CODE = `YZ-E${RUN}`.slice(0, 32)
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n')

let browser
let adminState
let centre
before(async () => {
  browser = await launchBrowser()
  const token = await adminToken()
  const item = await api('POST', '/api/v1/service-items', {
    token,
    body: {
      code: CODE, name: `指南测试事项${RUN}`, category: 'social_assistance', responsible_departments: ['县（市、区）民政局'],
      eligible_groups: ['本市户籍居民'], required_materials: ['居民身份证'], legal_basis: '《社会救助暂行办法》',
      fee_fen: 0, promised_working_days: 10, handling_modes: ['appointment', 'home_visit'], channels: ['web', 'window'], fully_online: false,
      steps: [{ title: '申请', description: '网上或窗口提交申请' }, { title: '入户调查', description: '社区工作人员上门核实' }, { title: '办结', description: '' }],
    },
  })
  assert.equal(item.status, 201, item.text)
  const form = await fetch(`${BASE_URL}/api/v1/service-items/${CODE}/forms?name=${encodeURIComponent('救助申请表')}`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf' }, body: PDF,
  })
  assert.equal(form.status, 201, await form.text())
  const facility = await api('POST', '/api/v1/facilities', {
    token,
    body: { community_code: COMMUNITY, type: 'party_service_center', name: `指南测试党群服务中心${RUN}`, address: '渡江南路 18 号', lat: 32.39, lon: 119.44, floor_area: 199999, service_area: 500, opening_hours: '周一至周五 08:30-17:30', phone: '0514-87000001' },
  })
  assert.equal(facility.status, 201, facility.text)
  // The community's main centre (an earlier run's may be it: same size, lower id).
  centre = (await api('GET', `/api/v1/communities/${COMMUNITY}/service-centre`)).json
  assert.equal(centre.phone, '0514-87000001')
  adminState = await loggedInState(browser)
})
after(async () => { await browser?.close() })

async function pickCommunity(p) {
  await p.getByTestId('guide-community-level-0').selectOption(COUNTY)
  await p.getByTestId('guide-community-level-1').selectOption(TOWN)
  await p.getByTestId('guide-community-level-2').selectOption(COMMUNITY)
}

test('the public guide shows steps, sample forms, the community service centre and the entries', withPage(() => browser, null, async (p) => {
  await p.goto(`/guide/${CODE}`)
  await p.getByTestId('guide-title').filter({ hasText: '指南测试事项' }).waitFor()
  // 办理流程 in order.
  const steps = p.getByTestId('guide-steps-list').locator('.step-title')
  assert.deepEqual(await steps.allTextContents(), ['申请', '入户调查', '办结'])
  assert.match(await p.getByTestId('guide-steps-list').textContent(), /社区工作人员上门核实/)
  // 样表下载: a link anyone can follow, with the file's Chinese name.
  const link = p.getByTestId('guide-form-link')
  assert.equal(await link.count(), 1)
  assert.equal((await link.textContent()).trim(), '救助申请表.pdf')
  const href = await link.getAttribute('href')
  assert.match(href, new RegExp(`^/api/v1/service-items/${CODE}/forms/\\d+$`))
  const download = await p.request.get(href)
  assert.equal(download.status(), 200)
  assert.equal(download.headers()['content-type'], 'application/pdf')
  assert.match(download.headers()['content-disposition'], /filename\*=UTF-8''/)
  // 在线申请 / 预约办理.
  assert.equal(await p.getByTestId('guide-entry-apply').getAttribute('href'), `/my/apply?item=${CODE}`)
  assert.equal(await p.getByTestId('guide-entry-appointment').getAttribute('href'), `/my/apply?item=${CODE}&mode=appointment`)
  // The community picker fills 办理地点 / 办公时间 / 咨询电话.
  assert.equal(await p.getByTestId('guide-centre').count(), 0)
  await pickCommunity(p)
  await p.getByTestId('guide-centre').waitFor()
  assert.match(await p.getByTestId('guide-centre-address').textContent(), new RegExp(centre.name))
  assert.equal((await p.getByTestId('guide-centre-hours').textContent()).trim(), centre.opening_hours)
  assert.equal((await p.getByTestId('guide-centre-phone').textContent()).trim(), '0514-87000001')
  assert.equal(await p.getByTestId('guide-centre-phone').locator('a').getAttribute('href'), 'tel:0514-87000001')
  await expectNoAxeViolations(p, 'public guide with steps, forms and a service centre')
  // A community without a centre says so.
  await p.getByTestId('guide-community-level-2').selectOption({ index: 1 })
  const chosen = await p.getByTestId('guide-community-level-2').inputValue()
  if (chosen !== COMMUNITY) {
    const answer = await api('GET', `/api/v1/communities/${chosen}/service-centre`)
    if (answer.status === 404) await p.getByTestId('guide-centre-none').waitFor()
    else await p.getByTestId('guide-centre').waitFor()
  }
  // Elder mode on a phone: no violations, no sideways scrolling, the entries big enough to tap.
  await p.setViewportSize({ width: 390, height: 844 })
  await p.getByTestId('elder-mode-toggle').click()
  await p.waitForFunction(() => document.documentElement.classList.contains('elder-mode'))
  await pickCommunity(p)
  await p.getByTestId('guide-centre').waitFor()
  await expectNoAxeViolations(p, 'public guide, elder mode on a phone')
  const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
  assert.ok(overflow <= 1, `the guide scrolls sideways by ${overflow}px on a phone`)
  const box = await p.getByTestId('guide-entry-apply').boundingBox()
  assert.ok(box.height >= 44, `在线申请 is ${box.height}px tall`)
}))

test('a window-only item offers neither entry; a guide without steps or forms says so', withPage(() => browser, null, async (p) => {
  await p.goto('/guide/YZ-HJ-004') // 临时居民身份证: window only, appointment
  await p.getByTestId('guide-title').waitFor()
  assert.equal(await p.getByTestId('guide-entry-apply').count(), 0)
  assert.equal(await p.getByTestId('guide-entry-appointment').count(), 1)
  assert.ok(await p.getByTestId('guide-steps-list').locator('li').count() >= 3)
  await p.getByTestId('guide-no-forms').waitFor()
}))

test('the catalogue editor edits steps and uploads and deletes sample forms', withPage(() => browser, () => adminState, async (p) => {
  await p.goto(`/services/items/${CODE}/edit`)
  await p.getByTestId('editor-step-title-2').waitFor()
  assert.equal(await p.getByTestId('editor-step-title-0').inputValue(), '申请')
  // Add a fourth step, remove the second; a step without its name is refused before sending.
  await p.getByTestId('editor-step-add').click()
  await p.getByTestId('editor-step-description-3').fill('结果可邮寄送达')
  await p.getByTestId('editor-save').click()
  await p.getByTestId('editor-steps-error').waitFor()
  await p.getByTestId('editor-step-title-3').fill('送达')
  await p.getByTestId('editor-step-remove-1').click()
  // Upload a sample form (.xlsx from the facility template) and delete the first one.
  const token = await adminToken()
  const template = await fetch(`${BASE_URL}/api/v1/facilities/import-template.xlsx`, { headers: { authorization: `Bearer ${token}` } })
  assert.equal(template.status, 200)
  await p.getByTestId('editor-form-file').setInputFiles({
    name: '家庭收入登记表.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from(await template.arrayBuffer()),
  })
  await p.getByTestId('editor-forms-list').filter({ hasText: '家庭收入登记表.xlsx' }).waitFor()
  await p.getByTestId('editor-form-file').setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') })
  await p.getByTestId('editor-form-error').waitFor()
  await expectNoAxeViolations(p, 'catalogue editor with steps and sample forms')
  await p.getByTestId('editor-form-delete').first().click()
  await p.getByTestId('editor-forms-list').filter({ hasNotText: '救助申请表.pdf' }).waitFor()
  await p.getByTestId('editor-save').click()
  await p.waitForURL(new RegExp(`/services/items/${CODE}$`))
  await p.getByTestId('guide-steps-list').waitFor()
  assert.deepEqual(await p.getByTestId('guide-steps-list').locator('.step-title').allTextContents(), ['申请', '办结', '送达'])
  const saved = await api('GET', `/api/v1/service-items/${CODE}`)
  assert.equal(saved.json.version, 2)
  assert.deepEqual(saved.json.sample_forms.map((f) => f.name), ['家庭收入登记表.xlsx'])
  const first = await api('GET', `/api/v1/service-items/${CODE}?version=1`)
  assert.deepEqual(first.json.steps.map((s) => s.title), ['申请', '入户调查', '办结'])
}))

test('the facility form takes a 咨询电话, refuses a wrong one beside the field and shows it normalised', withPage(() => browser, () => adminState, async (p) => {
  const token = await adminToken()
  const created = await api('POST', '/api/v1/facilities', {
    token, body: { community_code: COMMUNITY, type: 'elderly_canteen', name: `指南测试老年食堂${RUN}`, lat: 32.39, lon: 119.44, floor_area: 120, service_area: 100 },
  })
  assert.equal(created.status, 201, created.text)
  await p.goto(`/facilities/${created.json.id}/edit`)
  await p.getByTestId('facility-phone').fill('12345')
  await p.getByTestId('facility-submit').click()
  await p.getByTestId('field-phone').filter({ hasText: '区号' }).waitFor()
  await p.getByTestId('facility-phone').fill('0514 8700 0002')
  await expectNoAxeViolations(p, 'facility form with the phone')
  await p.getByTestId('facility-submit').click()
  await p.getByTestId('facility-phone-value').filter({ hasText: '0514-87000002' }).waitFor()
  assert.equal((await api('GET', `/api/v1/facilities/${created.json.id}`, { token })).json.phone, '0514-87000002')
}))
