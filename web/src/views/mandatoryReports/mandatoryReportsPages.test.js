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

const RECEIPT = {
  id: 7, receipt_code: 'QZBG-20261207-000007', filed_at: 1796614198099, place_code: '321012100001', place_name: '东苑社区居委会',
  kind: 'neglect', kind_label: '监护缺失或疏于照料', urgent: true, status: 'received', status_label: '已接报',
  acknowledge_due_at: 1796745600000, acknowledged_at: null, closed_at: null,
}
const REPORT = {
  ...RECEIPT, reporter_name: '江都实验小学', institution: '江都实验小学', contact_phone: '0514-86881234', child_name: '小明', child_age: 9,
  child_address: '某小区 3 栋', description: '连续多日无人接送', close_due_at: 1797264000000, acknowledged_by_name: '', closed_by_name: '',
  outcome: '', referral: 'none', referral_label: '未移送', escalations: 1, overdue: true,
}
const calls = []
let refusal = null
let shown = REPORT
vi.mock('../../api/mandatoryReports.js', () => ({
  fileMandatoryReport: vi.fn(async (body) => { calls.push(['file', body]); if (refusal) throw refusal; return RECEIPT }),
  listMyMandatoryReports: vi.fn(async () => ({ items: [RECEIPT, { ...RECEIPT, id: 6, receipt_code: 'QZBG-20261206-000006', urgent: false, status: 'closed', status_label: '已办结', acknowledged_at: 1796700000000, closed_at: 1796800000000 }] })),
  listMandatoryReports: vi.fn(async (query) => { calls.push(['list', query]); return { items: [REPORT, { ...REPORT, id: 8, receipt_code: 'QZBG-20261207-000008', urgent: false, overdue: false, status: 'acknowledged', status_label: '已受理' }], next_cursor: null } }),
  getMandatoryReport: vi.fn(async () => shown),
  acknowledgeMandatoryReport: vi.fn(async (id) => { calls.push(['acknowledge', id]); return { ...shown, status: 'acknowledged', status_label: '已受理', acknowledged_at: 1796700000000, acknowledged_by_name: '儿童主任' } }),
  closeMandatoryReport: vi.fn(async (id, body) => { calls.push(['close', id, body]); return { ...shown, status: 'closed', status_label: '已办结', ...body } }),
}))
const PLACES = {
  321012: { code: '321012', name: '江都区', level: 'county', children: [{ code: '321012100', name: '仙女镇', level: 'town' }] },
  321012100: { code: '321012100', name: '仙女镇', level: 'town', children: [{ code: '321012100001', name: '东苑社区居委会', level: 'community' }] },
}
vi.mock('../../api/divisions.js', () => ({
  getPublicPlace: vi.fn(async (code) => { calls.push(['place', code]); return PLACES[code] || { code, name: code, level: 'community', children: [] } }),
  getDivision: vi.fn(async (code) => ({ code, name: '江都区', level: 'county', children: [] })),
}))

const pages = {
  'mandatory-report': ['/mandatory-report', () => import('./ReportForm.vue')],
  'mandatory-report-mine': ['/mandatory-report/mine', () => import('./MyReceipts.vue')],
  'care-mandatory-reports': ['/care/mandatory-reports', () => import('./ReportList.vue')],
  'care-mandatory-report': ['/care/mandatory-reports/:id(\\d+)', () => import('./ReportDetail.vue')],
}
const SCHOOL = { username: 'school', display_name: '江都实验小学', permissions: ['divisions.read', 'self', 'minors.report'], grants: [{ role: 'institution', scope_code: '321012100' }] }
const COUNTY = { username: 'county', display_name: '区民政', permissions: ['care.minors', 'care.read'], grants: [{ role: 'county_official', scope_code: '321012' }] }

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
async function fillReport(wrapper) {
  await byTestId(wrapper, 'mr-contact-phone').setValue('0514-86881234')
  await byTestId(wrapper, 'mr-place-level-0').setValue('321012100')
  await flushPromises()
  await byTestId(wrapper, 'mr-place-level-1').setValue('321012100001')
  await flushPromises()
  await byTestId(wrapper, 'mr-kind').setValue('neglect')
  await byTestId(wrapper, 'mr-urgent').setValue(true)
  await byTestId(wrapper, 'mr-child-age').setValue('9')
  await byTestId(wrapper, 'mr-description').setValue('连续多日无人接送')
  await flushPromises()
}

describe('mandatory reports pages', () => {
  beforeEach(() => {
    calls.length = 0
    refusal = null
    shown = REPORT
    document.body.innerHTML = ''
  })

  it('the form: the institution prefilled, the county\'s places by name, refusals before sending', async () => {
    const { wrapper } = await open('/mandatory-report', SCHOOL)
    expect(byTestId(wrapper, 'mr-institution').element.value).toBe('江都实验小学')
    // The reporter's county (its town grant's first 6 digits), read from the public place names.
    expect(calls).toContainEqual(['place', '321012'])
    expect(byTestId(wrapper, 'mr-place-picker').text()).toContain('江都区')
    expect(byTestId(wrapper, 'mr-note').text()).toContain('儿童主任')
    await byTestId(wrapper, 'mr-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'mr-contact-phone-error').text()).toBe('请填写联系电话')
    expect(byTestId(wrapper, 'mr-place-error').text()).toBe('请选择儿童所在的社区（村）')
    expect(byTestId(wrapper, 'mr-kind-error').text()).toBe('请选择情形')
    expect(byTestId(wrapper, 'mr-description-error').text()).toBe('请描述您发现的情况')
    expect(byTestId(wrapper, 'mr-institution-error').exists()).toBe(false)
    expect(calls.some(([name]) => name === 'file')).toBe(false)
  })

  it('the form: files the report and shows the receipt, large, with the acknowledge deadline', async () => {
    const { wrapper } = await open('/mandatory-report', SCHOOL)
    await fillReport(wrapper)
    await byTestId(wrapper, 'mr-form').trigger('submit')
    await flushPromises()
    const [, body] = calls.find(([name]) => name === 'file')
    expect(body).toEqual({
      institution: '江都实验小学', contact_phone: '0514-86881234', place_code: '321012100001', kind: 'neglect', urgent: true,
      child_age: 9, description: '连续多日无人接送',
    })
    expect(byTestId(wrapper, 'mr-receipt-code').text()).toBe('QZBG-20261207-000007')
    expect(byTestId(wrapper, 'mr-receipt-due').text()).toMatch(/将在 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前受理/)
    expect(byTestId(wrapper, 'mr-receipt-place').text()).toBe('东苑社区居委会')
    expect(byTestId(wrapper, 'mr-receipt-mine').attributes('href')).toBe('/mandatory-report/mine')
    expect(document.activeElement?.id).toBe('mr-receipt-heading')
    // Another report: the same reporter's institution and phone kept, the rest blank.
    await byTestId(wrapper, 'mr-another').trigger('click')
    await flushPromises()
    expect(byTestId(wrapper, 'mr-contact-phone').element.value).toBe('0514-86881234')
    expect(byTestId(wrapper, 'mr-kind').element.value).toBe('')
  })

  it('the form: the server\'s 422 beside the field it names', async () => {
    const { wrapper } = await open('/mandatory-report', SCHOOL)
    await fillReport(wrapper)
    refusal = new ApiError({ status: 422, code: 'validation_failed', message: '只能报告本县（市、区）内的儿童', field: 'place_code' })
    await byTestId(wrapper, 'mr-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'mr-place-error').text()).toBe('只能报告本县（市、区）内的儿童')
    expect(byTestId(wrapper, 'mr-receipt').exists()).toBe(false)
    expect(byTestId(wrapper, 'mr-form-error').exists()).toBe(false)
  })

  it('the receipts: each with its status, the times acknowledged and closed', async () => {
    const { wrapper } = await open('/mandatory-report/mine', SCHOOL)
    const open_ = byTestId(wrapper, 'mr-mine-QZBG-20261207-000007')
    expect(open_.text()).toMatch(/QZBG-20261207-000007[\s\S]*已接报[\s\S]*紧急[\s\S]*东苑社区居委会[\s\S]*监护缺失或疏于照料/)
    expect(byTestId(wrapper, 'mr-mine-acknowledged-QZBG-20261207-000007').text()).toBe('尚未')
    expect(byTestId(wrapper, 'mr-mine-status-QZBG-20261206-000006').text()).toBe('已办结')
    expect(byTestId(wrapper, 'mr-mine-closed-QZBG-20261206-000006').text()).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/)
  })

  it('the handlers\' list: 紧急 and 逾期 flagged, the filters sent', async () => {
    const { wrapper } = await open('/care/mandatory-reports?status=received&overdue=true&place=321012100001', COUNTY)
    expect(calls.find(([name]) => name === 'list')[1]).toMatchObject({ status: 'received', overdue: 'true', place: '321012100001', limit: 20 })
    expect(byTestId(wrapper, 'mr-urgent-7').text()).toBe('紧急')
    expect(byTestId(wrapper, 'mr-overdue-7').text()).toBe('逾期')
    expect(byTestId(wrapper, 'mr-urgent-8').exists()).toBe(false)
    expect(byTestId(wrapper, 'mr-overdue-8').exists()).toBe(false)
    expect(byTestId(wrapper, 'mr-row-7').text()).toMatch(/QZBG-20261207-000007[\s\S]*东苑社区居委会[\s\S]*监护缺失或疏于照料[\s\S]*江都实验小学[\s\S]*已接报[\s\S]*受理期限/)
    expect(byTestId(wrapper, 'mr-row-8').text()).toContain('办结期限')
    expect(byTestId(wrapper, 'mr-filter-overdue').element.checked).toBe(true)
  })

  it('a report: all it says, 受理 while received, then 办结', async () => {
    const { wrapper } = await open('/care/mandatory-reports/7', COUNTY)
    expect(byTestId(wrapper, 'mr-title').text()).toBe('强制报告 QZBG-20261207-000007')
    expect(byTestId(wrapper, 'mr-detail-urgent').exists()).toBe(true)
    expect(byTestId(wrapper, 'mr-detail-overdue').exists()).toBe(true)
    expect(byTestId(wrapper, 'mr-phone').attributes('href')).toBe('tel:0514-86881234'.replace('-', ''))
    expect(byTestId(wrapper, 'mr-child').text()).toMatch(/小明[\s\S]*9 岁[\s\S]*某小区 3 栋/)
    expect(byTestId(wrapper, 'mr-description').text()).toBe('连续多日无人接送')
    expect(byTestId(wrapper, 'mr-escalations').text()).toBe('已向区县督办 1 次')
    expect(byTestId(wrapper, 'mr-close').exists()).toBe(false)
    await byTestId(wrapper, 'mr-acknowledge').trigger('click')
    await flushPromises()
    expect(calls).toContainEqual(['acknowledge', 7])
    expect(byTestId(wrapper, 'mr-detail-status').text()).toBe('已受理')
    expect(byTestId(wrapper, 'mr-acknowledged').text()).toContain('儿童主任')
    expect(byTestId(wrapper, 'mr-acknowledge').exists()).toBe(false)
    // 办结: an outcome is needed; the referral chosen goes with it.
    await byTestId(wrapper, 'mr-close').trigger('click')
    await flushPromises()
    const inDialog = (id) => document.querySelector(`[data-testid="${id}"]`)
    inDialog('mr-close-confirm').click()
    await flushPromises()
    // Element Plus animates the field's error in (happy-dom stubs the transition): the form item's state.
    expect(inDialog('mr-outcome').closest('.el-form-item').classList.contains('is-error')).toBe(true)
    expect(calls.some(([name]) => name === 'close')).toBe(false)
    const outcome = inDialog('mr-outcome')
    outcome.value = '入户核查，已联系监护人'
    outcome.dispatchEvent(new Event('input'))
    const referral = inDialog('mr-referral')
    referral.value = 'police'
    referral.dispatchEvent(new Event('change'))
    await flushPromises()
    inDialog('mr-close-confirm').click()
    await flushPromises()
    expect(calls).toContainEqual(['close', 7, { outcome: '入户核查，已联系监护人', referral: 'police' }])
    expect(byTestId(wrapper, 'mr-detail-status').text()).toBe('已办结')
    expect(byTestId(wrapper, 'mr-outcome-text').text()).toBe('入户核查，已联系监护人')
  })

  it('a report without care.minors offers no step', async () => {
    shown = { ...REPORT, status: 'acknowledged' }
    const { wrapper } = await open('/care/mandatory-reports/7', { ...COUNTY, permissions: ['care.read'] })
    expect(byTestId(wrapper, 'mr-acknowledge').exists()).toBe(false)
    expect(byTestId(wrapper, 'mr-close').exists()).toBe(false)
  })
})
