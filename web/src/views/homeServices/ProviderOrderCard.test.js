import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/dialog/style/css', () => ({}))
vi.mock('element-plus/es/components/overlay/style/css', () => ({}))
vi.mock('element-plus/es/components/form/style/css', () => ({}))
vi.mock('element-plus/es/components/form-item/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/tag/style/css', () => ({}))
vi.mock('element-plus/es/components/message/style/css', () => ({}))

const calls = []
let failure = null
vi.mock('../../api/homeServices.js', () => ({
  checkInProviderOrder: vi.fn(async (id, body) => {
    calls.push(['check-in', id, body])
    if (failure) throw failure
    return { ...ORDER, status: 'serving', status_label: '服务中', checkin_at: 1, checkin_distance_m: body.lat ? 86 : null }
  }),
  checkOutProviderOrder: vi.fn(),
  scheduleProviderOrder: vi.fn(),
}))
const { default: ProviderOrderCard } = await import('./ProviderOrderCard.vue')

const ORDER = {
  id: 12, resident_name: '王桂英', address: '助老路 1 号 201', place_name: '个园社区居委会', contact_phone: '13912345678',
  service: 'meal', service_name: '助餐', unit: '餐', units: 2, status: 'scheduled', status_label: '已排班',
  wanted_on: '2026-05-01', scheduled_at: Date.parse('2026-05-01T11:00:00+08:00'), note: '',
}
const geolocation = (behaviour) => ({ getCurrentPosition: (ok, fail) => behaviour(ok, fail) })

function mountCard(order = ORDER) {
  const changed = []
  const wrapper = mount(ProviderOrderCard, {
    props: { order, linkToDetail: false, onChanged: (o) => changed.push(o) },
    global: { plugins: [createAppI18n('zh-CN')], stubs: { RouterLink: true } },
    attachTo: document.body,
  })
  return { wrapper, changed }
}
const testId = (wrapper, id) => wrapper.find(`[data-testid="${id}"]`)

describe('a provider order card', () => {
  beforeEach(() => {
    calls.length = 0
    failure = null
  })
  afterEach(() => {
    vi.unstubAllGlobals()
    document.body.innerHTML = ''
  })

  it('offers what the status allows, and a tel: link only for a whole number', () => {
    const placed = mountCard({ ...ORDER, status: 'placed', status_label: '待排班', contact_phone: '139****5678', scheduled_at: null })
    expect(testId(placed.wrapper, 'provider-order-schedule-12').text()).toBe('排班')
    expect(testId(placed.wrapper, 'provider-order-checkin-12').exists()).toBe(false)
    expect(testId(placed.wrapper, 'provider-order-tel-12').exists()).toBe(false)
    expect(placed.wrapper.text()).toContain('排班后可见完整号码')
    placed.wrapper.unmount()

    const scheduled = mountCard()
    expect(testId(scheduled.wrapper, 'provider-order-schedule-12').text()).toBe('改期')
    expect(testId(scheduled.wrapper, 'provider-order-checkin-12').exists()).toBe(true)
    expect(testId(scheduled.wrapper, 'provider-order-tel-12').attributes('href')).toBe('tel:13912345678')
    expect(scheduled.wrapper.text()).toContain('助餐 · 2 餐')
  })

  it('checks in with the phone\'s position and says how far from the home', async () => {
    vi.stubGlobal('navigator', { geolocation: geolocation((ok) => ok({ coords: { latitude: 32.4, longitude: 119.44 } })) })
    const { wrapper, changed } = mountCard()
    await testId(wrapper, 'provider-order-checkin-12').trigger('click')
    await flushPromises()
    expect(calls).toEqual([['check-in', 12, { lat: 32.4, lon: 119.44 }]])
    expect(testId(wrapper, 'provider-order-note-12').text()).toBe('已签到，距老人住址 86 米。')
    expect(changed.map((o) => o.status)).toEqual(['serving'])
  })

  it('checks in without a position when it is refused, and says so', async () => {
    vi.stubGlobal('navigator', { geolocation: geolocation((_ok, fail) => fail({ code: 1 })) })
    const { wrapper } = mountCard()
    await testId(wrapper, 'provider-order-checkin-12').trigger('click')
    await flushPromises()
    expect(calls).toEqual([['check-in', 12, {}]])
    expect(testId(wrapper, 'provider-order-note-12').text()).toBe('已签到，未获得定位权限，已在不带位置的情况下完成。')
  })

  it('shows the server\'s refusal beside the card', async () => {
    vi.stubGlobal('navigator', {})
    failure = new ApiError({ status: 409, code: 'failed_precondition', message: '只能为已排班的订单签到' })
    const { wrapper, changed } = mountCard()
    await testId(wrapper, 'provider-order-checkin-12').trigger('click')
    await flushPromises()
    expect(calls).toEqual([['check-in', 12, {}]])
    expect(testId(wrapper, 'provider-order-error-12').text()).toBe('只能为已排班的订单签到')
    expect(changed).toEqual([])
  })
})
