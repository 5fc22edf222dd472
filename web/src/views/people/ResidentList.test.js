import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { useAuthStore } from '../../stores/auth.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/checkbox/style/css', () => ({}))
vi.mock('element-plus/es/components/checkbox-group/style/css', () => ({}))
vi.mock('element-plus/es/components/radio/style/css', () => ({}))
vi.mock('element-plus/es/components/radio-group/style/css', () => ({}))
vi.mock('element-plus/es/components/tag/style/css', () => ({}))
vi.mock('element-plus/es/components/message-box/style/css', () => ({}))

const asked = []
vi.mock('../../api/residents.js', () => ({
  listResidents: vi.fn(async (query) => { asked.push(query); return { items: [], next_cursor: null } }),
  residentCounts: vi.fn(async () => ({ total: 0, by_tag: {} })),
  exportUrl: (filters) => `/api/v1/residents/export.xlsx?${new URLSearchParams(Object.entries(filters).filter(([, v]) => v !== undefined))}`,
}))
vi.mock('../../api/tags.js', () => ({
  listTagDefinitions: vi.fn(async () => ({
    items: [
      { code: 'elderly_alone', name: '独居老人', has_grade: false },
      { code: 'veteran', name: '退役军人', has_grade: false },
      { code: 'volunteer', name: '志愿者', has_grade: false },
    ],
  })),
}))
vi.mock('../../api/divisions.js', () => ({ getDivision: vi.fn(async (code) => ({ code, name: '扬州市' })) }))
const { default: ResidentList } = await import('./ResidentList.vue')

async function open(path) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().setSession({ account: { username: 'u', permissions: ['people.read', 'people.export'], grants: [{ scope_code: '3210' }] }, csrf_token: 'c' })
  const Stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/people', name: 'people', component: ResidentList },
      { path: '/people/residents/:id', name: 'resident', component: Stub },
      { path: '/people/residents/new', name: 'resident-new', component: Stub },
      { path: '/people/import', name: 'people-import', component: Stub },
    ],
  })
  await router.push(path)
  const wrapper = mount({ template: '<router-view :key="$route.fullPath" />' }, {
    global: { plugins: [pinia, router, createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, router }
}
const tick = async (wrapper, code) => {
  await wrapper.get(`[data-testid="filter-tag-${code}"] input`).setValue(true)
  await flushPromises()
}

describe('resident list: several tags', () => {
  beforeEach(() => {
    asked.length = 0
    document.body.innerHTML = ''
  })

  it('asks all or any only once two tags are ticked, and sends tag_match=any when chosen', async () => {
    const { wrapper, router } = await open('/people')
    await tick(wrapper, 'elderly_alone')
    expect(wrapper.find('[data-testid="filter-tag-match"]').exists()).toBe(false)
    await tick(wrapper, 'veteran')
    const match = wrapper.get('[data-testid="filter-tag-match"]')
    expect(match.text()).toContain('全部满足')
    expect(match.text()).toContain('满足任一')
    expect(wrapper.get('[data-testid="filter-tag-match-all"] input').element.checked).toBe(true)

    // 全部满足 is the default: the address and the request carry both tags and no tag_match.
    await wrapper.get('[data-testid="resident-filters"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ tag: 'elderly_alone,veteran' })
    expect(asked.at(-1)).toMatchObject({ tag: ['elderly_alone', 'veteran'], sort: 'name' })
    expect(asked.at(-1).tag_match).toBeUndefined()

    await wrapper.get('[data-testid="filter-tag-match-any"] input').setValue(true)
    await flushPromises()
    await wrapper.get('[data-testid="resident-filters"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ tag: 'elderly_alone,veteran', tag_match: 'any' })
    expect(asked.at(-1)).toMatchObject({ tag: ['elderly_alone', 'veteran'], tag_match: 'any' })
    expect(wrapper.get('[data-testid="resident-export"]').attributes('href')).toContain('tag_match=any')
    wrapper.unmount()
  })

  it('restores 满足任一 from the address, and drops it with fewer than two tags', async () => {
    const { wrapper, router } = await open('/people?tag=elderly_alone,veteran&tag_match=any')
    expect(asked.at(-1)).toMatchObject({ tag: ['elderly_alone', 'veteran'], tag_match: 'any' })
    expect(wrapper.get('[data-testid="filter-tag-match-any"] input').element.checked).toBe(true)

    await wrapper.get('[data-testid="filter-tag-veteran"] input').setValue(false)
    await flushPromises()
    expect(wrapper.find('[data-testid="filter-tag-match"]').exists()).toBe(false)
    await wrapper.get('[data-testid="resident-filters"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ tag: 'elderly_alone' })
    expect(asked.at(-1).tag_match).toBeUndefined()
    wrapper.unmount()
  })
})
