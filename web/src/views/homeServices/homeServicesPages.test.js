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
vi.mock('element-plus/es/components/rate/style/css', () => ({}))
vi.mock('element-plus/es/components/message/style/css', () => ({}))
vi.mock('element-plus/es/components/message-box/style/css', () => ({}))

const MEAL = { service: 'meal', service_name: '助餐', unit: '餐', price: 15 }
const PROVIDER = {
  id: 3, name: '颐康居家服务', kind: 'organisation', facility_id: null, facility_name: '', credit_code: '', place_code: '321002001002',
  place_name: '个园社区居委会', areas: [{ code: '321002001002', name: '个园社区居委会' }], services: [MEAL, { service: 'cleaning', service_name: '助洁', unit: '小时', price: 40.5 }],
  qualifications: [{ name: '食品经营许可证', number: 'JY1', valid_until: '2030-12-31' }], contact_name: '王经理', contact_phone: '0514-87360000',
  status: 'active', status_label: '正常', staff: [{ username: 'staff1', display_name: '上门服务员' }], created_at: 1, updated_at: 1, synthetic: false,
}
const ORDER = {
  id: 9, resident_id: 5, resident_name: '王桂英', place_code: '321002001002001', place_name: '个园社区居委会 一网格', address: '助老路 1 号 201',
  contact_phone: '139****5678', provider_id: 3, provider_name: '颐康居家服务', service: 'meal', service_name: '助餐', unit: '餐', units: 2, price: 15,
  status: 'done', status_label: '已完成', ordered_by: 'relative', ordered_by_label: '亲属代订', note: '少盐', wanted_on: '2026-05-01',
  scheduled_at: 1777600000000, checkin_at: 1777601000000, checkin_distance_m: 86, checkout_at: 1777603000000, checkout_distance_m: 1890,
  amount: 30, subsidy: 30, self_pay: 0, rating: null, rating_note: '', cancel_reason: '', created_by_name: '社工', created_at: 1, updated_at: 1,
}
const RESIDENT = { id: 5, name: '王桂英', sex: 'female', age: 81, community_code: '321002001002', grid_code: '321002001002001', place_name: '个园社区居委会 一网格' }
const calls = []
let refusal = null
let importAnswer = null
vi.mock('../../api/homeServices.js', async (importOriginal) => ({
  // The export link and the template are the real ones.
  providerExportUrl: (await importOriginal()).providerExportUrl,
  PROVIDER_IMPORT_TEMPLATE_URL: (await importOriginal()).PROVIDER_IMPORT_TEMPLATE_URL,
  importProviders: vi.fn(async (file, options) => { calls.push(['importProviders', file.name, options]); return importAnswer(options) }),
  providerImportErrorCopy: vi.fn(async () => null),
  homeServicesConfig: vi.fn(async () => ({
    services: [{ code: 'meal', name: '助餐', unit: '餐' }, { code: 'cleaning', name: '助洁', unit: '小时' }], subsidies: [], elderly_age: 60,
  })),
  listProviders: vi.fn(async (query) => { calls.push(['listProviders', query]); return { items: [PROVIDER], next_cursor: null } }),
  getProvider: vi.fn(async () => PROVIDER),
  createProvider: vi.fn(async (body) => { calls.push(['createProvider', body]); if (refusal) throw refusal; return { ...PROVIDER, ...body } }),
  updateProvider: vi.fn(async (id, body) => { calls.push(['updateProvider', id, body]); if (refusal) throw refusal; return PROVIDER }),
  getStatement: vi.fn(async (id, month) => ({
    provider_id: id, provider_name: PROVIDER.name, month,
    lines: [{ order_id: 9, resident_name: '王桂英', service: 'meal', service_name: '助餐', done_at: 1777603000000, units: 2, price: 15, amount: 30, subsidy: 30, self_pay: 0 }],
    totals: { orders: 1, units: 2, amount: 30, subsidy: 30, self_pay: 0 },
    closed: { closed_at: 1777700000000, closed_by_name: '管理员', orders: 1, units: 2, amount: 30, subsidy: 20, self_pay: 10 }, balances: false,
  })),
  closeStatement: vi.fn(),
  listHomeOrders: vi.fn(async () => ({ items: [ORDER], next_cursor: null })),
  getHomeOrder: vi.fn(async () => ORDER),
  createHomeOrder: vi.fn(async (body) => { calls.push(['createHomeOrder', body]); return { ...ORDER, status: 'placed' } }),
  cancelHomeOrder: vi.fn(),
  rateHomeOrder: vi.fn(),
  getEntitlement: vi.fn(async (id, month) => ({
    resident_id: id, month, services: [{ service: 'meal', service_name: '助餐', unit: '餐', entitled: 30, used: 29, remaining: 1, subsidies: ['assistance_elderly'] }],
  })),
  listProviderOrders: vi.fn(async (query) => {
    calls.push(['listProviderOrders', query])
    return { items: [{ ...ORDER, id: 1, status: 'placed' }, { ...ORDER, id: 2, status: 'done' }, { ...ORDER, id: 3, status: 'serving' }] }
  }),
  getProviderOrder: vi.fn(),
  scheduleProviderOrder: vi.fn(),
  checkInProviderOrder: vi.fn(),
  checkOutProviderOrder: vi.fn(),
}))
vi.mock('../../api/residents.js', () => ({
  listResidents: vi.fn(async () => ({ items: [RESIDENT], next_cursor: null })),
  getResident: vi.fn(async () => RESIDENT),
}))
vi.mock('../../api/facilities.js', () => ({ listFacilities: vi.fn(async () => ({ items: [] })) }))
vi.mock('../../api/divisions.js', () => ({ getDivision: vi.fn(async (code) => ({ code, name: code === '3210' ? '扬州市' : '某地', level: 'city', children: [] })) }))

const pages = {
  'care-providers': ['/care/providers', () => import('./ProviderList.vue')],
  'care-provider-new': ['/care/providers/new', () => import('./ProviderForm.vue')],
  'provider-import': ['/care/providers/import', () => import('./ProviderImport.vue')],
  'care-provider': ['/care/providers/:id(\\d+)', () => import('./ProviderDetail.vue')],
  'care-provider-edit': ['/care/providers/:id(\\d+)/edit', () => import('./ProviderForm.vue')],
  'care-home-orders': ['/care/home-orders', () => import('./HomeOrderList.vue')],
  'care-home-order-new': ['/care/home-orders/new', () => import('./HomeOrderForm.vue')],
  'care-home-order': ['/care/home-orders/:id(\\d+)', () => import('./HomeOrderDetail.vue')],
  'provider-orders': ['/provider/orders', () => import('./ProviderOrders.vue')],
}
const Stub = { template: '<div />' }

async function open(path, permissions) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().setSession({ account: { username: 'u', permissions, grants: [{ role: 'city_admin', scope_code: '3210' }] }, csrf_token: 'c' })
  const routes = [
    ...Object.entries(pages).map(([name, [p, component]]) => ({ path: p, name, component })),
    ...['resident', 'facility', 'accounts', 'provider-order'].map((name) => ({ path: `/${name}/:id?`, name, component: Stub })),
  ]
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
async function type(wrapper, id, value) {
  await byTestId(wrapper, id).setValue(value)
  await flushPromises()
}
const MANAGER = ['homecare.read', 'homecare.manage', 'homecare.order', 'people.read', 'accounts.manage']

describe('home services pages', () => {
  beforeEach(() => {
    calls.length = 0
    refusal = null
    importAnswer = null
    document.body.innerHTML = ''
  })

  it('list providers with their prices, and offer 登记服务商 to a manager only', async () => {
    const { wrapper } = await open('/care/providers?service=meal', MANAGER)
    expect(byTestId(wrapper, 'provider-row-3').text()).toMatch(/颐康居家服务[\s\S]*服务机构[\s\S]*个园社区居委会[\s\S]*助餐 ¥15\.00\/餐[\s\S]*助洁 ¥40\.50\/小时[\s\S]*正常/)
    expect(calls.find(([name]) => name === 'listProviders')[1]).toMatchObject({ service: 'meal', limit: 20 })
    expect(byTestId(wrapper, 'provider-create').exists()).toBe(true)
    const reader = await open('/care/providers', ['homecare.read'])
    expect(byTestId(reader.wrapper, 'provider-create').exists()).toBe(false)
  })

  it('offer 导入服务商 to a manager only, and 导出 Excel of the shown filters to every reader', async () => {
    const { wrapper, router } = await open('/care/providers?service=meal&status=active&q=%E9%A2%90&place=321002001', MANAGER)
    const link = byTestId(wrapper, 'provider-import')
    expect(link.text()).toBe('导入服务商')
    expect(link.attributes('href')).toBe('/care/providers/import')
    const exported = byTestId(wrapper, 'provider-export')
    expect(exported.text()).toBe('导出 Excel')
    expect(exported.attributes('download')).toBeDefined()
    expect(exported.attributes('href')).toBe('/api/v1/providers/export.xlsx?place=321002001&service=meal&status=active&q=%E9%A2%90')
    // The typed but not yet searched name stays out of the export.
    await type(wrapper, 'provider-filter-q', '别的')
    expect(byTestId(wrapper, 'provider-export').attributes('href')).toContain('q=%E9%A2%90')
    await byTestId(wrapper, 'provider-import').trigger('click')
    await vi.waitFor(() => expect(router.currentRoute.value.name).toBe('provider-import'))

    const reader = await open('/care/providers', ['homecare.read'])
    expect(byTestId(reader.wrapper, 'provider-import').exists()).toBe(false)
    expect(byTestId(reader.wrapper, 'provider-export').attributes('href')).toBe('/api/v1/providers/export.xlsx')
  })

  it('import providers: the template, the row report of a refused file, then the count of a good one', async () => {
    const { wrapper } = await open('/care/providers/import', MANAGER)
    expect(wrapper.get('h1').text()).toBe('导入服务商')
    expect(byTestId(wrapper, 'import-template').attributes('href')).toBe('/api/v1/providers/import-template.xlsx')
    expect(wrapper.get('label[for="import-file"]').text()).toBe('导入文件（.xlsx 或 .csv）')
    const input = byTestId(wrapper, 'import-file')
    Object.defineProperty(input.element, 'files', { value: [new File(['服务商名称\n甲\n'], '服务商.csv')], configurable: true })
    await input.trigger('change')

    importAnswer = () => {
      const e = new ApiError({ status: 422, code: 'validation_failed', message: '导入未完成：发现 1 处问题，未写入任何数据', report: [
        { row: 3, column: '服务及价格', cell: 'G3', message: '未知服务：助飞' },
      ] })
      e.fromServer = true
      throw e
    }
    await byTestId(wrapper, 'import-form').trigger('submit')
    await flushPromises()
    expect(calls.find(([name]) => name === 'importProviders')).toEqual(['importProviders', '服务商.csv', { dryRun: false }])
    expect(byTestId(wrapper, 'import-error').text()).toContain('共 1 处问题，没有写入任何数据')
    expect(wrapper.findAll('[data-testid="import-report"] tbody tr').map((tr) => tr.text())).toEqual(['3服务及价格未知服务：助飞'])
    expect(byTestId(wrapper, 'import-error-copy').exists()).toBe(true)

    importAnswer = ({ dryRun }) => ({ rows: 2, imported: dryRun ? 0 : 2, written: !dryRun, dry_run: dryRun })
    await byTestId(wrapper, 'import-check').trigger('click')
    await flushPromises()
    expect(calls.at(-1)).toEqual(['importProviders', '服务商.csv', { dryRun: true }])
    expect(byTestId(wrapper, 'import-success').text()).toContain('检查通过：2 行都可以导入')
    await byTestId(wrapper, 'import-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'import-success').text()).toContain('导入完成：新增 2 个服务商。')
    expect(byTestId(wrapper, 'import-report').exists()).toBe(false)
    expect(byTestId(wrapper, 'import-success').find('a').attributes('href')).toBe('/care/providers')
  })

  it('show a provider\'s staff and a closed statement that no longer balances', async () => {
    const { wrapper } = await open('/care/providers/3?month=2026-04', MANAGER)
    expect(byTestId(wrapper, 'provider-title').text()).toBe('颐康居家服务')
    expect(byTestId(wrapper, 'provider-staff-list').text()).toContain('上门服务员')
    expect(byTestId(wrapper, 'statement-month').element.value).toBe('2026-04')
    expect(byTestId(wrapper, 'statement-line-9').text()).toMatch(/王桂英[\s\S]*助餐[\s\S]*¥30\.00/)
    expect(byTestId(wrapper, 'statement-total-amount').text()).toBe('¥30.00')
    expect(byTestId(wrapper, 'statement-balance').text()).toBe('不平衡')
    expect(byTestId(wrapper, 'statement-unbalanced-note').exists()).toBe(true)
    expect(byTestId(wrapper, 'statement-close').exists()).toBe(false)
  })

  it('edit a provider: its values in the form, the status sent, a refusal beside its field', async () => {
    const { wrapper } = await open('/care/providers/3/edit', MANAGER)
    expect(byTestId(wrapper, 'provider-name').element.value).toBe('颐康居家服务')
    expect(byTestId(wrapper, 'provider-service-1-price').element.value).toBe('40.50')
    await byTestId(wrapper, 'provider-status').setValue('suspended')
    refusal = new ApiError({ status: 422, code: 'validation_failed', message: '联系电话格式不正确', field: 'contact_phone' })
    await byTestId(wrapper, 'provider-form').trigger('submit')
    await flushPromises()
    const [, id, body] = calls.find(([name]) => name === 'updateProvider')
    expect(id).toBe(3)
    expect(body).toMatchObject({ name: '颐康居家服务', status: 'suspended', place_code: '321002001002', areas: ['321002001002'] })
    expect(body.services).toEqual([{ service: 'meal', price: 15 }, { service: 'cleaning', price: 40.5 }])
    expect(byTestId(wrapper, 'provider-contact-phone-error').text()).toBe('联系电话格式不正确')
  })

  it('refuse a new provider without what it needs, before sending', async () => {
    const { wrapper } = await open('/care/providers/new', MANAGER)
    await byTestId(wrapper, 'provider-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'provider-name-error').text()).toBe('请填写服务商名称')
    expect(byTestId(wrapper, 'provider-place-error').text()).toContain('请选择登记地')
    expect(byTestId(wrapper, 'provider-services-error').text()).toBe('至少填写一项服务及其价格')
    expect(calls.some(([name]) => name === 'createProvider')).toBe(false)
  })

  it('show an order\'s distances, flag the far one, and offer 评价 once done', async () => {
    const { wrapper } = await open('/care/home-orders/9', MANAGER)
    expect(byTestId(wrapper, 'order-checkin').text()).toContain('距住址 86 米')
    expect(byTestId(wrapper, 'order-checkin-far').exists()).toBe(false)
    expect(byTestId(wrapper, 'order-checkout').text()).toContain('距住址 1.9 公里')
    expect(byTestId(wrapper, 'order-checkout-far').text()).toBe('距离过远')
    expect(byTestId(wrapper, 'order-amount').text()).toBe('¥30.00')
    expect(byTestId(wrapper, 'order-rate').exists()).toBe(true)
    expect(byTestId(wrapper, 'order-cancel').exists()).toBe(false)
  })

  it('order for a person: the entitlement, providers of the person\'s community, the estimate, the body sent', async () => {
    const { wrapper, router } = await open('/care/home-orders/new?resident=5', MANAGER)
    expect(byTestId(wrapper, 'order-resident-chosen').text()).toContain('王桂英')
    expect(byTestId(wrapper, 'order-entitlement-meal').text()).toMatch(/30 餐[\s\S]*29 餐[\s\S]*1 餐/)
    await byTestId(wrapper, 'order-service').setValue('meal')
    await flushPromises()
    expect(calls.filter(([name]) => name === 'listProviders').at(-1)[1]).toMatchObject({ place: '321002001002', service: 'meal', status: 'active' })
    // The one provider is chosen for the worker.
    expect(byTestId(wrapper, 'order-provider').element.value).toBe('3')
    await type(wrapper, 'order-units', '3')
    expect(byTestId(wrapper, 'order-estimate').text()).toContain('预计服务金额 ¥45.00，其中补贴 ¥15.00，个人自付 ¥30.00')
    expect(byTestId(wrapper, 'order-estimate').text()).toContain('超出本月补贴额度')
    await byTestId(wrapper, 'order-ordered-by-self').setValue(true)
    await byTestId(wrapper, 'order-form').trigger('submit')
    await flushPromises()
    const [, body] = calls.find(([name]) => name === 'createHomeOrder')
    expect(body).toMatchObject({ resident_id: 5, provider_id: 3, service: 'meal', units: 3, ordered_by: 'self' })
    expect(router.currentRoute.value.name).toBe('care-home-order')
  })

  it('list orders with their rating, and the provider app today\'s open ones', async () => {
    const { wrapper } = await open('/care/home-orders', MANAGER)
    expect(byTestId(wrapper, 'order-row-9').text()).toMatch(/王桂英[\s\S]*助餐 · 2 餐[\s\S]*颐康居家服务[\s\S]*已完成/)
    const app = await open('/provider/orders', ['homecare.serve'])
    const asked = calls.find(([name]) => name === 'listProviderOrders')[1]
    expect(asked.status).toBeUndefined()
    expect(asked.date).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(byTestId(app.wrapper, 'provider-order-1').exists()).toBe(true)
    expect(byTestId(app.wrapper, 'provider-order-2').exists()).toBe(false)
    expect(byTestId(app.wrapper, 'provider-order-3').exists()).toBe(true)
    expect(byTestId(app.wrapper, 'provider-orders-count-placed').text()).toBe('待排班 1')
  })
})
