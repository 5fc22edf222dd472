import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { useAuthStore } from '../../stores/auth.js'
import { ApiError } from '../../api/client.js'
import { vCardLabels } from '../../composables/cardTable.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/tag/style/css', () => ({}))
vi.mock('element-plus/es/components/dialog/style/css', () => ({}))
vi.mock('element-plus/es/components/overlay/style/css', () => ({}))
vi.mock('element-plus/es/components/form/style/css', () => ({}))
vi.mock('element-plus/es/components/form-item/style/css', () => ({}))
vi.mock('element-plus/es/components/message/style/css', () => ({}))

const BENEFIT = {
  id: 5, resident_id: 41, resident_name: '申请老人', place_code: '321012100001', place_name: '东苑社区居委会', kind: 'benefit', kind_label: '待遇申请',
  benefit: 'advanced_age_allowance', benefit_name: '高龄津贴', amount: 0, reason: '年满八十周岁', finding_id: null, status: 'county',
  status_label: '待县级民政审批', stage_due_at: 1797264000000, overdue: true, filed_by_name: '社区社工', filed_at: 1796614198099,
  paid_at: null, paid: 0, updated_at: 1796700000000,
  steps: [{ level: 'town', decision: 'approve', decision_label: '同意', note: '材料齐全', by_name: '镇民政', at: 1796700000000 }],
}
const EMERGENCY = {
  ...BENEFIT, id: 6, kind: 'emergency', kind_label: '急难救助', benefit: '', benefit_name: '', amount: 2000, reason: '突发火灾', status: 'approved',
  status_label: '已批准', stage_due_at: null, overdue: false,
}
const calls = []
let refusal = null
let shown = BENEFIT
vi.mock('../../api/applications.js', () => ({
  listApplications: vi.fn(async (query) => { calls.push(['list', query]); return { items: [BENEFIT, { ...EMERGENCY, status: 'town', status_label: '待乡镇（街道）审核' }], next_cursor: null } }),
  getApplication: vi.fn(async () => shown),
  fileApplication: vi.fn(async (body) => { calls.push(['file', body]); if (refusal) throw refusal; return { ...BENEFIT, id: 12, status: 'town', status_label: '待乡镇（街道）审核', steps: [] } }),
  decideApplication: vi.fn(async (id, body) => {
    calls.push(['decide', id, body])
    if (refusal) throw refusal
    return { ...shown, status: 'approved', status_label: '已批准', stage_due_at: null, overdue: false, steps: [...shown.steps, { level: 'county', decision: body.decision, decision_label: '同意', note: body.note || '', by_name: '区民政', at: 1796800000000 }] }
  }),
  payApplication: vi.fn(async (id, body) => {
    calls.push(['pay', id, body])
    return { ...shown, status: 'paid', status_label: '已发放', paid: body.amount, paid_at: 1796900000000, steps: [...shown.steps, { level: 'payment', decision: 'approve', decision_label: '同意', note: body.note || '', by_name: '镇民政', at: 1796900000000 }] }
  }),
}))
vi.mock('../../api/care.js', () => ({
  listBenefits: vi.fn(async () => ({ items: [{ code: 'advanced_age_allowance', name: '高龄津贴' }, { code: 'disability_living_allowance', name: '困难残疾人生活补贴' }] })),
}))
vi.mock('../../api/residents.js', () => ({
  listResidents: vi.fn(async (query) => { calls.push(['residents', query]); return { items: [{ id: 41, name: '申请老人', sex: 'female', age: 90, place_name: '东苑社区居委会' }] } }),
  getResident: vi.fn(async (id) => ({ id, name: '申请老人', sex: 'female', age: 90, place_name: '东苑社区居委会' })),
}))
vi.mock('../../api/divisions.js', () => ({
  getDivision: vi.fn(async (code) => ({ code, name: '江都区', level: 'county', children: [] })),
  getPublicPlace: vi.fn(async (code) => ({ code, name: code, level: 'county', children: [] })),
}))

const pages = {
  'care-applications': ['/care/applications', () => import('./ApplicationList.vue')],
  'care-application': ['/care/applications/:id(\\d+)', () => import('./ApplicationDetail.vue')],
  resident: ['/people/residents/:id', { template: '<p>resident</p>' }],
}
const WORKER = { username: 'cw', display_name: '社区社工', permissions: ['care.read', 'care.manage', 'people.read'], grants: [{ role: 'community_worker', scope_code: '321012100001' }] }
const READER = { ...WORKER, permissions: ['care.read'] }

async function open(path, account) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().setSession({ account, csrf_token: 'c' })
  const routes = Object.entries(pages).map(([name, [p, component]]) => ({ path: p, name, component }))
  const router = createRouter({ history: createMemoryHistory(), routes })
  await router.push(path)
  const wrapper = mount({ template: '<router-view :key="$route.fullPath" />' }, {
    global: { plugins: [pinia, router, createAppI18n('zh-CN')], directives: { 'card-labels': vCardLabels } },
    attachTo: document.body,
  })
  await flushPromises()
  await flushPromises()
  return { wrapper, router }
}
const byTestId = (wrapper, id) => wrapper.find(`[data-testid="${id}"]`)
const inDialog = (id) => document.querySelector(`[data-testid="${id}"]`)
async function type(id, value) {
  const input = inDialog(id)
  input.value = value
  input.dispatchEvent(new Event(input.tagName === 'SELECT' ? 'change' : 'input'))
  await flushPromises()
}
async function click(id) {
  inDialog(id).click()
  await flushPromises()
}
const hasError = (id) => inDialog(id).closest('.el-form-item').classList.contains('is-error')

describe('applications pages', () => {
  beforeEach(() => {
    calls.length = 0
    refusal = null
    shown = BENEFIT
    document.body.innerHTML = ''
  })

  it('the list: what is applied for, 逾期 flagged, the filters sent', async () => {
    const { wrapper } = await open('/care/applications?status=county&kind=benefit&place=321012100001', WORKER)
    expect(calls.find(([name]) => name === 'list')[1]).toMatchObject({ status: 'county', kind: 'benefit', place: '321012100001', limit: 20 })
    expect(byTestId(wrapper, 'app-subject-5').text()).toBe('高龄津贴')
    expect(byTestId(wrapper, 'app-subject-6').text()).toBe('¥2,000.00')
    expect(byTestId(wrapper, 'app-kind-6').text()).toBe('急难救助')
    expect(byTestId(wrapper, 'app-overdue-5').text()).toBe('逾期')
    expect(byTestId(wrapper, 'app-overdue-6').exists()).toBe(false)
    expect(byTestId(wrapper, 'app-row-5').text()).toMatch(/申请老人[\s\S]*东苑社区居委会[\s\S]*待遇申请[\s\S]*高龄津贴[\s\S]*待县级民政审批/)
    expect(byTestId(wrapper, 'app-due-5').text()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
    expect(byTestId(wrapper, 'app-row-5').find('td').attributes('data-label')).toBe('所在地')
    expect(byTestId(wrapper, 'app-create').exists()).toBe(true)
  })

  it('the list without care.manage offers no form', async () => {
    const { wrapper } = await open('/care/applications', READER)
    expect(byTestId(wrapper, 'app-create').exists()).toBe(false)
  })

  it('the form: refused before sending, then filed and the application opened', async () => {
    const { wrapper, router } = await open('/care/applications', WORKER)
    await byTestId(wrapper, 'app-create').trigger('click')
    await flushPromises()
    await click('app-submit')
    expect(inDialog('app-resident-error').textContent).toBe('请先查找并选择申请对象')
    expect(inDialog('app-kind-error').textContent).toBe('请选择申请类型')
    expect(hasError('app-reason')).toBe(true)
    expect(calls.some(([name]) => name === 'file')).toBe(false)

    await type('app-resident-q', '申请')
    await click('app-resident-search')
    expect(calls).toContainEqual(['residents', { q: '申请', limit: 20 }])
    await click('app-resident-pick-41')
    expect(inDialog('app-resident-chosen').textContent).toContain('申请老人')
    await click('app-kind-benefit')
    expect([...inDialog('app-benefit').options].map((o) => o.textContent)).toEqual(['请选择待遇', '高龄津贴', '困难残疾人生活补贴'])
    await type('app-benefit', 'advanced_age_allowance')
    await type('app-reason', '年满八十周岁，尚未享受')
    await click('app-submit')
    expect(calls).toContainEqual(['file', { resident_id: 41, kind: 'benefit', benefit: 'advanced_age_allowance', reason: '年满八十周岁，尚未享受' }])
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/care/applications/12'))
  })

  it('the form: an emergency\'s amount, and the server\'s 409 beside the benefit', async () => {
    const { wrapper } = await open('/care/applications', WORKER)
    await byTestId(wrapper, 'app-create').trigger('click')
    await flushPromises()
    await type('app-resident-q', '申请')
    await click('app-resident-search')
    await click('app-resident-pick-41')
    await click('app-kind-emergency')
    expect(inDialog('app-benefit')).toBeNull()
    await type('app-amount', '60000')
    await type('app-reason', '突发火灾')
    await click('app-submit')
    expect(hasError('app-amount')).toBe(true)
    expect(calls.some(([name]) => name === 'file')).toBe(false)

    await click('app-kind-benefit')
    await type('app-benefit', 'advanced_age_allowance')
    refusal = new ApiError({ status: 409, code: 'already_exists', message: '此人已有该待遇的申请在审批中', field: 'benefit' })
    await click('app-submit')
    expect(calls.find(([name]) => name === 'file')[1]).toEqual({ resident_id: 41, kind: 'benefit', benefit: 'advanced_age_allowance', reason: '突发火灾' })
    expect(hasError('app-benefit')).toBe(true)
    expect(inDialog('app-form-error')).toBeNull()
  })

  it('the form opened from a 政策找人 finding: its person, its benefit and its id', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    useAuthStore().setSession({ account: WORKER, csrf_token: 'c' })
    const ApplicationDialog = (await import('./ApplicationDialog.vue')).default
    const filed = []
    const prefill = {
      resident_id: 41, resident_name: '申请老人', place_name: '东苑社区居委会', benefit: 'advanced_age_allowance', benefit_name: '高龄津贴', finding_id: 9, found_on: '2026-12-01',
    }
    mount(ApplicationDialog, {
      props: { modelValue: true, prefill, onFiled: (a) => filed.push(a) },
      global: { plugins: [pinia, createAppI18n('zh-CN')] },
      attachTo: document.body,
    })
    await flushPromises()
    expect(inDialog('app-from-finding').textContent).toContain('高龄津贴（2026-12-01 发现）')
    expect(inDialog('app-resident-chosen').textContent).toMatch(/申请老人[\s\S]*90 岁/)
    expect(inDialog('app-kind-benefit').checked).toBe(true)
    expect(inDialog('app-benefit').value).toBe('advanced_age_allowance')
    await type('app-reason', '年满八十周岁')
    await click('app-submit')
    expect(calls).toContainEqual(['file', { resident_id: 41, kind: 'benefit', benefit: 'advanced_age_allowance', reason: '年满八十周岁', finding_id: 9 }])
    expect(filed).toHaveLength(1)
  })

  it('an application: its facts and steps, 审批 with a note to reject, the server\'s 403 in the dialog', async () => {
    const { wrapper } = await open('/care/applications/5', WORKER)
    expect(byTestId(wrapper, 'app-title').text()).toBe('申请老人 · 高龄津贴')
    expect(byTestId(wrapper, 'app-detail-overdue').exists()).toBe(true)
    expect(byTestId(wrapper, 'app-benefit').text()).toBe('高龄津贴')
    expect(byTestId(wrapper, 'app-reason').text()).toBe('年满八十周岁')
    expect(byTestId(wrapper, 'app-person').attributes('href')).toBe('/people/residents/41')
    const town = byTestId(wrapper, 'app-step-town')
    expect(town.text()).toMatch(/乡镇审核[\s\S]*同意[\s\S]*镇民政[\s\S]*材料齐全/)
    expect(byTestId(wrapper, 'app-pay').exists()).toBe(false)
    expect(byTestId(wrapper, 'app-decide').text()).toBe('审批')

    await byTestId(wrapper, 'app-decide').trigger('click')
    await flushPromises()
    await click('app-decide-submit')
    expect(inDialog('app-decision-error').textContent).toBe('请选择同意或不同意')
    await click('app-decision-reject')
    await click('app-decide-submit')
    expect(hasError('app-decide-note')).toBe(true)
    expect(calls.some(([name]) => name === 'decide')).toBe(false)

    await click('app-decision-approve')
    refusal = new ApiError({ status: 403, code: 'permission_denied', message: '需由县级民政审批' })
    await click('app-decide-submit')
    expect(inDialog('app-decide-error').textContent).toBe('需由县级民政审批')
    expect(byTestId(wrapper, 'app-detail-status').text()).toBe('待县级民政审批')

    refusal = null
    await type('app-decide-note', '同意')
    await click('app-decide-submit')
    expect(calls).toContainEqual(['decide', 5, { decision: 'approve', note: '同意' }])
    expect(byTestId(wrapper, 'app-detail-status').text()).toBe('已批准')
    expect(byTestId(wrapper, 'app-step-county').text()).toMatch(/县级审批[\s\S]*同意[\s\S]*区民政/)
    expect(byTestId(wrapper, 'app-decide').exists()).toBe(false)
  })

  it('an approved emergency: 登记发放 at most the amount approved', async () => {
    shown = EMERGENCY
    const { wrapper } = await open('/care/applications/6', WORKER)
    expect(byTestId(wrapper, 'app-title').text()).toBe('申请老人 · 急难救助')
    expect(byTestId(wrapper, 'app-amount').text()).toBe('¥2,000.00')
    expect(byTestId(wrapper, 'app-decide').exists()).toBe(false)
    await byTestId(wrapper, 'app-pay').trigger('click')
    await flushPromises()
    expect(inDialog('app-pay-amount').value).toBe('2000')
    await type('app-pay-amount', '2500')
    await click('app-pay-submit')
    expect(hasError('app-pay-amount')).toBe(true)
    expect(calls.some(([name]) => name === 'pay')).toBe(false)
    await type('app-pay-amount', '1800')
    await type('app-pay-note', '已打卡发放')
    await click('app-pay-submit')
    expect(calls).toContainEqual(['pay', 6, { amount: 1800, note: '已打卡发放' }])
    expect(byTestId(wrapper, 'app-detail-status').text()).toBe('已发放')
    expect(byTestId(wrapper, 'app-paid').text()).toBe('¥1,800.00')
    expect(byTestId(wrapper, 'app-step-payment').text()).toMatch(/发放[\s\S]*¥1,800\.00[\s\S]*已打卡发放/)
    expect(byTestId(wrapper, 'app-pay').exists()).toBe(false)
  })

  it('an application read without care.manage offers no step', async () => {
    const { wrapper } = await open('/care/applications/5', READER)
    expect(byTestId(wrapper, 'app-decide').exists()).toBe(false)
    expect(byTestId(wrapper, 'app-person').attributes('href')).toBeUndefined()
  })
})
