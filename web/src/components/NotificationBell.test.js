import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../i18n/index.js'
import { useAuthStore } from '../stores/auth.js'

const store = { items: [], calls: [] }
vi.mock('../api/notifications.js', () => ({
  listNotifications: vi.fn(async ({ unread, limit }) => {
    store.calls.push(['list', { unread, limit }])
    const items = unread ? store.items.filter((n) => !n.read_at) : store.items
    return { items: items.slice(0, limit), next_cursor: null, unread_count: store.items.filter((n) => !n.read_at).length }
  }),
  markNotificationRead: vi.fn(async (id) => {
    store.calls.push(['read', id])
    store.items.find((n) => n.id === id).read_at = 1
    return null
  }),
  markAllNotificationsRead: vi.fn(async () => {
    store.calls.push(['read-all'])
    for (const n of store.items) n.read_at = n.read_at || 1
    return { marked: 1 }
  }),
}))
const { default: NotificationBell } = await import('./NotificationBell.vue')

function setup(permissions) {
  const pinia = createPinia()
  setActivePinia(pinia)
  useAuthStore().setSession({ account: { username: 'u', permissions, grants: [] }, csrf_token: 'c' })
  const Stub = { template: '<div />' }
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', component: Stub },
      { path: '/events/:id', name: 'event', component: Stub },
      { path: '/escalations/board', name: 'event-board', component: Stub },
      { path: '/escalations/:id', name: 'escalation', component: Stub },
      { path: '/messages', name: 'messages', component: Stub },
    ],
  })
  const wrapper = mount(NotificationBell, {
    props: { interval: 0 },
    global: { plugins: [pinia, router, createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  return { wrapper, router }
}

describe('NotificationBell', () => {
  beforeEach(() => {
    store.calls = []
    store.items = [
      { id: 1, kind: 'assignment', text: '新事件分派给您：垃圾堆放', link: '/events/7', created_at: 1, read_at: null },
      { id: 2, kind: 'escalation', text: '吹哨报到', link: '/escalations/8', created_at: 2, read_at: null },
      { id: 3, kind: 'warning', text: '已读的', link: '', created_at: 3, read_at: 5 },
    ]
  })

  it('shows the unread count in words and number, lists, marks one and all read', async () => {
    const { wrapper } = setup(['events.read'])
    await flushPromises()
    const bell = wrapper.get('[data-testid="notification-bell"]')
    expect(wrapper.get('[data-testid="notification-count"]').text()).toBe('2')
    expect(bell.attributes('aria-label')).toContain('2')
    expect(bell.attributes('aria-expanded')).toBe('false')

    await bell.trigger('click')
    await flushPromises()
    expect(bell.attributes('aria-expanded')).toBe('true')
    const rows = wrapper.findAll('[data-testid="notification-item"]')
    expect(rows.map((r) => r.attributes('data-read'))).toEqual(['false', 'false', 'true'])
    expect(rows[0].text()).toContain('未读')

    await wrapper.findAll('[data-testid="notification-mark-read"]')[0].trigger('click')
    await flushPromises()
    expect(store.calls).toContainEqual(['read', 1])
    expect(wrapper.get('[data-testid="notification-count"]').text()).toBe('1')

    await wrapper.get('[data-testid="notification-read-all"]').trigger('click')
    await flushPromises()
    expect(store.calls).toContainEqual(['read-all'])
    expect(wrapper.find('[data-testid="notification-count"]').exists()).toBe(false)
    expect(wrapper.findAll('[data-testid="notification-item"]').every((r) => r.attributes('data-read') === 'true')).toBe(true)
    wrapper.unmount()
  })

  it('follows the link the server chose, marking it read; an officer lands on the escalation', async () => {
    const worker = setup(['events.read'])
    await flushPromises()
    await worker.wrapper.get('[data-testid="notification-bell"]').trigger('click')
    await flushPromises()
    await worker.wrapper.findAll('[data-testid="notification-link"]')[0].trigger('click')
    await flushPromises()
    expect(worker.router.currentRoute.value.fullPath).toBe('/events/7')
    expect(store.calls).toContainEqual(['read', 1])
    expect(worker.wrapper.find('[data-testid="notification-panel"]').exists()).toBe(false)
    worker.wrapper.unmount()

    const officer = setup(['events.department'])
    await flushPromises()
    await officer.wrapper.get('[data-testid="notification-bell"]').trigger('click')
    await flushPromises()
    await officer.wrapper.findAll('[data-testid="notification-link"]')[1].trigger('click')
    await flushPromises()
    expect(officer.router.currentRoute.value.name).toBe('escalation')
    expect(officer.router.currentRoute.value.params.id).toBe('8')
    officer.wrapper.unmount()
  })

  it('follows the subject a notification is about; one about nothing the recipient can open is text', async () => {
    store.items = [
      { id: 4, kind: 'escalation', text: '吹哨报到', subject_type: 'escalation', subject_id: 9, link: '/escalations/9', created_at: 4, read_at: null },
      { id: 5, kind: 'copy', text: '抄送', subject_type: null, subject_id: null, link: '', created_at: 5, read_at: null },
      { id: 6, kind: 'assignment', text: '新事件分派给您', subject_type: 'event', subject_id: 11, link: '/events/11', created_at: 6, read_at: null },
    ]
    const { wrapper, router } = setup(['events.read'])
    await flushPromises()
    await wrapper.get('[data-testid="notification-bell"]').trigger('click')
    await flushPromises()
    const links = wrapper.findAll('[data-testid="notification-link"]')
    expect(links.length).toBe(2)
    await links[0].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.name).toBe('escalation')
    expect(router.currentRoute.value.params.id).toBe('9')
    expect(store.calls).toContainEqual(['read', 4])
    await wrapper.get('[data-testid="notification-bell"]').trigger('click')
    await flushPromises()
    await wrapper.findAll('[data-testid="notification-link"]')[1].trigger('click')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/events/11')
    wrapper.unmount()
  })

  it('closes with Escape', async () => {
    const { wrapper } = setup(['events.read'])
    await flushPromises()
    await wrapper.get('[data-testid="notification-bell"]').trigger('click')
    await flushPromises()
    await wrapper.get('[data-testid="notification-panel"]').trigger('keydown', { key: 'Escape' })
    expect(wrapper.find('[data-testid="notification-panel"]').exists()).toBe(false)
    wrapper.unmount()
  })
})
