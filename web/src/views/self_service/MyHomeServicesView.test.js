import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'
import { today } from '../../composables/dates.js'
import { nextDay } from '../homeServices/homeServicesLogic.js'

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

const OFFERS = [
  { id: 3, name: '颐康居家服务', phone: '0514-87360000', price: '15.00', unit: '餐', service: 'meal', service_name: '助餐' },
  { id: 4, name: '幸福食堂', phone: '0514-87360001', price: '12.00', unit: '餐', service: 'meal', service_name: '助餐' },
  { id: 3, name: '颐康居家服务', phone: '0514-87360000', price: '40.50', unit: '小时', service: 'cleaning', service_name: '助洁' },
]
const ORDER = {
  id: 9, resident_id: 5, resident_name: '王桂英', provider_id: 3, provider_name: '颐康居家服务', service: 'meal', service_name: '助餐', unit: '餐',
  units: 2, price: '15.00', status: 'placed', status_label: '待排班', ordered_by: 'self', ordered_by_label: '本人', note: '', wanted_on: '2026-12-08',
  scheduled_at: null, checkin_at: null, checkout_at: null, amount: null, subsidy: null, self_pay: null, rating: null, rating_note: '', cancel_reason: '',
  created_at: 1, updated_at: 1, synthetic: false,
}
const calls = []
let orders = []
let refusal = null
vi.mock('../../api/self.js', () => ({
  listMyHomeProviders: vi.fn(async (service) => { calls.push(['listMyHomeProviders', service]); return { items: OFFERS } }),
  listMyHomeOrders: vi.fn(async (query) => { calls.push(['listMyHomeOrders', query]); return { items: orders, next_cursor: null } }),
  placeMyHomeOrder: vi.fn(async (body) => {
    calls.push(['placeMyHomeOrder', body])
    if (refusal) throw refusal
    const placed = { ...ORDER, id: 10, ...body }
    orders = [placed, ...orders]
    return placed
  }),
  cancelMyHomeOrder: vi.fn(async (id, reason) => { calls.push(['cancelMyHomeOrder', id, reason]); return { ...ORDER, id, status: 'cancelled', status_label: '已取消', cancel_reason: reason } }),
  rateMyHomeOrder: vi.fn(async (id, body) => { calls.push(['rateMyHomeOrder', id, body]); return { ...ORDER, id, status: 'done', status_label: '已完成', rating: body.rating } }),
}))

async function open() {
  setActivePinia(createPinia())
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/my/home-services', name: 'my-home-services', component: () => import('./MyHomeServicesView.vue') }],
  })
  await router.push('/my/home-services')
  const wrapper = mount({ template: '<router-view />' }, {
    global: { plugins: [router, createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await flushPromises()
  await flushPromises()
  return wrapper
}
const byTestId = (wrapper, id) => wrapper.find(`[data-testid="${id}"]`)
const refused = (field, message) => Object.assign(new ApiError({ status: 422, code: 'validation_failed', message, field }), { fromServer: true })

describe('上门服务 (an elderly person orders home services)', () => {
  beforeEach(() => {
    calls.length = 0
    orders = []
    refusal = null
    document.body.innerHTML = ''
  })

  it('groups the offers by service; choosing a service shows only its providers, with price and unit', async () => {
    const wrapper = await open()
    expect(calls.find(([name]) => name === 'listMyHomeProviders')[1]).toBeUndefined()
    expect(byTestId(wrapper, 'my-home-service-meal').exists()).toBe(true)
    expect(byTestId(wrapper, 'my-home-service-cleaning').exists()).toBe(true)
    expect(byTestId(wrapper, 'my-home-service-bathing').exists()).toBe(false)
    expect(byTestId(wrapper, 'my-home-provider-3').exists()).toBe(false)

    await byTestId(wrapper, 'my-home-service-cleaning').setValue(true)
    await flushPromises()
    const cleaning = byTestId(wrapper, 'my-home-providers').text()
    expect(cleaning).toContain('¥40.50/小时')
    expect(cleaning).not.toContain('幸福食堂')
    // The one provider of a service is chosen for the person.
    expect(byTestId(wrapper, 'my-home-provider-3').element.checked).toBe(true)

    await byTestId(wrapper, 'my-home-service-meal').setValue(true)
    await flushPromises()
    const meal = byTestId(wrapper, 'my-home-providers').text()
    // Cheapest first.
    expect(meal).toMatch(/幸福食堂[\s\S]*¥12\.00\/餐[\s\S]*颐康居家服务[\s\S]*¥15\.00\/餐/)
    expect(byTestId(wrapper, 'my-home-provider-4').element.checked).toBe(false)
    expect(byTestId(wrapper, 'my-home-orders-empty').text()).toContain('点“订购”')
  })

  it('orders for tomorrow by default and lists the new order', async () => {
    const wrapper = await open()
    expect(byTestId(wrapper, 'my-home-wanted-on').element.value).toBe(nextDay(today()))
    await byTestId(wrapper, 'my-home-service-meal').setValue(true)
    await byTestId(wrapper, 'my-home-provider-4').setValue(true)
    await byTestId(wrapper, 'my-home-units').setValue('2')
    await byTestId(wrapper, 'my-home-note').setValue(' 少盐 ')
    await flushPromises()
    expect(byTestId(wrapper, 'my-home-estimate').text()).toContain('¥24.00')
    await byTestId(wrapper, 'my-home-form').trigger('submit')
    await flushPromises()
    const [, body] = calls.find(([name]) => name === 'placeMyHomeOrder')
    expect(body).toEqual({ provider_id: 4, service: 'meal', units: 2, wanted_on: nextDay(today()), note: '少盐' })
    expect(byTestId(wrapper, 'my-home-notice').text()).toContain('已订购助餐')
    expect(byTestId(wrapper, 'my-home-order-10').text()).toContain('待排班')
    expect(calls.filter(([name]) => name === 'listMyHomeOrders')).toHaveLength(2)
  })

  it('checks before sending, and shows a refusal beside the field it names', async () => {
    const wrapper = await open()
    await byTestId(wrapper, 'my-home-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'my-home-service-error').text()).toBe('请选择服务项目')
    expect(byTestId(wrapper, 'my-home-provider-error').text()).toBe('请选择服务商')
    expect(calls.some(([name]) => name === 'placeMyHomeOrder')).toBe(false)

    await byTestId(wrapper, 'my-home-service-meal').setValue(true)
    await byTestId(wrapper, 'my-home-provider-3').setValue(true)
    await byTestId(wrapper, 'my-home-units').setValue('101')
    await byTestId(wrapper, 'my-home-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'my-home-units-error').text()).toBe('数量为 1 到 100 的整数')
    expect(byTestId(wrapper, 'my-home-units').attributes('aria-describedby')).toBe('my-home-units-error')

    await byTestId(wrapper, 'my-home-units').setValue('1')
    refusal = refused('wanted_on', '期望服务日期不能早于今天')
    await byTestId(wrapper, 'my-home-form').trigger('submit')
    await flushPromises()
    const error = byTestId(wrapper, 'my-home-wanted-on-error')
    expect(error.text()).toBe('期望服务日期不能早于今天')
    expect(error.attributes('role')).toBe('alert')
    expect(byTestId(wrapper, 'my-home-form-error').exists()).toBe(false)

    // Too young or not bound: not a field of the form, said above it.
    refusal = refused('resident_id', '居家养老服务面向 60 周岁以上老年人')
    await byTestId(wrapper, 'my-home-form').trigger('submit')
    await flushPromises()
    expect(byTestId(wrapper, 'my-home-form-error').text()).toBe('居家养老服务面向 60 周岁以上老年人')
  })

  it('offers 取消 while placed or scheduled and 评价 once done and unrated', async () => {
    orders = [
      { ...ORDER, id: 1, status: 'placed' },
      { ...ORDER, id: 2, status: 'scheduled', status_label: '已排班', scheduled_at: 1796000000000 },
      { ...ORDER, id: 3, status: 'serving', status_label: '服务中' },
      { ...ORDER, id: 4, status: 'done', status_label: '已完成', amount: '30.00', subsidy: '20.00', self_pay: '10.00' },
      { ...ORDER, id: 5, status: 'done', status_label: '已完成', amount: '30.00', subsidy: '30.00', self_pay: '0.00', rating: 4 },
      { ...ORDER, id: 6, status: 'cancelled', status_label: '已取消', cancel_reason: '临时外出' },
    ]
    const wrapper = await open()
    const shown = (id) => byTestId(wrapper, id).exists()
    expect([1, 2, 3, 4, 5, 6].map((id) => shown(`my-home-cancel-${id}`))).toEqual([true, true, false, false, false, false])
    expect([1, 2, 3, 4, 5, 6].map((id) => shown(`my-home-rate-${id}`))).toEqual([false, false, false, true, false, false])
    expect(byTestId(wrapper, 'my-home-self-pay-4').text()).toBe('¥10.00')
    expect(byTestId(wrapper, 'my-home-order-5').text()).toContain('4 星（满分 5 星）')
    expect(byTestId(wrapper, 'my-home-order-6').text()).toContain('临时外出')
    expect(byTestId(wrapper, 'my-home-cancel-1').attributes('aria-label')).toBe('取消助餐订单（2026-12-08）')

    await byTestId(wrapper, 'my-home-cancel-1').trigger('click')
    await flushPromises()
    const reason = document.querySelector('[data-testid="order-cancel-reason"]')
    reason.value = '临时外出'
    reason.dispatchEvent(new Event('input'))
    await flushPromises()
    document.querySelector('[data-testid="order-cancel-confirm"]').click()
    await flushPromises()
    expect(calls.find(([name]) => name === 'cancelMyHomeOrder')).toEqual(['cancelMyHomeOrder', 1, '临时外出'])
    expect(byTestId(wrapper, 'my-home-order-1').attributes('data-status')).toBe('cancelled')
    expect(byTestId(wrapper, 'my-home-cancel-1').exists()).toBe(false)
    expect(byTestId(wrapper, 'my-home-notice').text()).toBe('订单已取消。')
  })
})
