// A provider's staff's grant in the grants editor (decision 0033): the providers offered are the
// active ones registered at the chosen place or below it, and choosing one makes its registered
// place the grant's scope; another place chosen by hand then drops it.
import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { ref } from 'vue'
import { createAppI18n } from '../../i18n/index.js'
import { useAuthStore } from '../../stores/auth.js'

vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))

const asked = []
const PROVIDERS = [
  { id: 3, name: '颐康居家服务', place_code: '321002001002', place_name: '个园社区居委会' },
  { id: 4, name: '东关助餐点', place_code: '321002001', place_name: '东关街道' },
  { id: 5, name: '别处服务商', place_code: '321002002001', place_name: '别处社区' },
]
vi.mock('../../api/homeServices.js', () => ({
  listProviders: vi.fn(async (query) => {
    asked.push(query)
    return { items: PROVIDERS.filter((p) => p.place_code.startsWith(query.place.slice(0, 9)) || query.place.length <= 6), next_cursor: null }
  }),
}))
vi.mock('../../api/events.js', () => ({ listDepartments: vi.fn(async () => ({ items: [] })) }))
vi.mock('../../api/divisions.js', () => ({ getDivision: vi.fn(async (code) => ({ code, name: code, level: 'community', children: [] })) }))
const { default: GrantsEditor } = await import('./GrantsEditor.vue')

async function open(grants) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().setSession({ account: { username: 'town', permissions: ['accounts.manage'], grants: [{ role: 'town_official', scope_code: '321002001' }] }, csrf_token: 'c' })
  const model = ref(grants)
  const wrapper = mount(GrantsEditor, {
    props: { modelValue: model.value, 'onUpdate:modelValue': (v) => { model.value = v }, roles: ['community_worker', 'provider'], idPrefix: 'g' },
    global: { plugins: [pinia, createAppI18n('zh-CN')] },
  })
  await flushPromises()
  return { wrapper, model }
}
const select = (wrapper) => wrapper.get('[data-testid="g-0-provider"]')
const offered = (wrapper) => select(wrapper).findAll('option').map((o) => o.attributes('value')).filter(Boolean)

describe('a provider\'s staff grant', () => {
  beforeEach(() => { asked.length = 0 })

  it('offers the providers registered under the place, and takes the provider\'s place as the scope', async () => {
    const { wrapper, model } = await open([{ role: 'provider', scope_code: '321002001', department: '', duty: '', provider_id: null, provider_name: '' }])
    expect(asked[0]).toEqual({ place: '321002001', status: 'active', limit: 200 })
    expect(offered(wrapper)).toEqual(['3', '4'])
    await select(wrapper).setValue('3')
    await flushPromises()
    expect(model.value[0]).toMatchObject({ provider_id: 3, provider_name: '颐康居家服务', scope_code: '321002001002' })
    expect(asked.at(-1).place).toBe('321002001002')
    expect(offered(wrapper)).toEqual(['3'])
  })

  it('drops the provider when another place is chosen by hand', async () => {
    const { wrapper, model } = await open([{ role: 'provider', scope_code: '321002001002', department: '', duty: '', provider_id: 3, provider_name: '颐康居家服务' }])
    expect(select(wrapper).element.value).toBe('3')
    model.value[0].scope_code = '321002001'
    await flushPromises()
    expect(model.value[0].provider_id).toBeNull()
  })

  it('is not offered for another role', async () => {
    const { wrapper } = await open([{ role: 'community_worker', scope_code: '321002001002', department: '', duty: '', provider_id: null, provider_name: '' }])
    expect(wrapper.find('[data-testid="g-0-provider"]').exists()).toBe(false)
    expect(asked).toEqual([])
  })
})
