import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'
import { useAuthStore } from '../../stores/auth.js'
import { vCardLabels } from '../../composables/cardTable.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/tag/style/css', () => ({}))

const HOUR = 3_600_000
const SKILLS = [
  { code: 'general', name: '通用服务', name_en: 'General help' },
  { code: 'elder_care', name: '助老陪伴', name_en: 'Elderly companionship' },
  { code: 'tutoring', name: '课业辅导', name_en: 'Tutoring' },
]
const activity = (id, over = {}) => ({
  id, title: `活动${id}`, community_code: '321002001002', status: 'open', starts_at: Date.now() + HOUR, ends_at: Date.now() + 3 * HOUR,
  slots: [{ id: id * 10 + 1, skill: 'general', wanted: 2, taken: 0 }, { id: id * 10 + 2, skill: 'elder_care', wanted: 1, taken: 0 }, { id: id * 10 + 3, skill: 'tutoring', wanted: 1, taken: 0 }],
  ...over,
})
const calls = []
let me = null
let activities = []
vi.mock('../../api/volunteers.js', () => ({
  listVolunteerSkills: vi.fn(async () => ({ items: SKILLS })),
  myVolunteer: vi.fn(async () => {
    if (!me) throw new ApiError({ status: 404, code: 'not_found', message: 'no volunteer' })
    return me
  }),
  myVolunteerActivities: vi.fn(async () => ({ items: activities })),
  mySignUp: vi.fn(async (body) => {
    calls.push(['mySignUp', body])
    me = { ...me, signups: [{ id: 7, activity_id: body.activity_id, activity_title: `活动${body.activity_id}`, status: 'signed_up', verified_minutes: 0 }, ...me.signups] }
    return me.signups[0]
  }),
}))

async function open() {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/my/volunteer', name: 'my-volunteer', component: () => import('./MyVolunteerView.vue') }],
  })
  await router.push('/my/volunteer')
  const wrapper = mount({ template: '<router-view />' }, { global: { plugins: [router, createAppI18n('zh-CN')], directives: { 'card-labels': vCardLabels } }, attachTo: document.body })
  await flushPromises()
  await flushPromises()
  return wrapper
}
const byTestId = (wrapper, id) => wrapper.find(`[data-testid="${id}"]`)

describe('我的志愿服务 (a volunteer’s own page)', () => {
  beforeEach(() => {
    calls.length = 0
    me = null
    activities = []
    document.body.innerHTML = ''
    setActivePinia(createPinia())
    useAuthStore().account = { id: 42, permissions: ['volunteers.self'], grants: [{ role: 'volunteer', scope_code: '321002001002' }] }
  })

  it('tells an account not yet registered its account number', async () => {
    const wrapper = await open()
    expect(byTestId(wrapper, 'my-volunteer-unregistered').text()).toContain('账号编号 42')
    expect(byTestId(wrapper, 'my-volunteer-summary').exists()).toBe(false)
  })

  it('offers only the slots with room it may take, signs up for the one chosen, shows hours', async () => {
    me = {
      volunteer: { id: 3, name: '志愿者乙', skills: ['elder_care'], balance_minutes: 150 },
      signups: [{ id: 5, activity_id: 1, activity_title: '活动1', status: 'verified', verified_minutes: 150 }],
      hours: [{ id: 1, minutes: 150, reason: '服务时长核定', posted_at: Date.now() }],
    }
    activities = [
      activity(1), // signed up already: not offered
      activity(2),
      activity(3, { ends_at: Date.now() - HOUR, starts_at: Date.now() - 2 * HOUR }), // over
    ]
    const wrapper = await open()
    expect(byTestId(wrapper, 'my-volunteer-balance').text()).toBe('2 小时 30 分钟')
    expect(byTestId(wrapper, 'my-volunteer-activity-1').exists()).toBe(false)
    expect(byTestId(wrapper, 'my-volunteer-activity-3').exists()).toBe(false)
    expect(byTestId(wrapper, 'my-volunteer-slot-2-general').exists()).toBe(true)
    expect(byTestId(wrapper, 'my-volunteer-slot-2-elder_care').exists()).toBe(true)
    expect(byTestId(wrapper, 'my-volunteer-slot-2-tutoring').exists()).toBe(false) // a skill it lacks
    await byTestId(wrapper, 'my-volunteer-slot-2-elder_care').setValue(true)
    await byTestId(wrapper, 'my-volunteer-signup-2').trigger('click')
    await flushPromises()
    expect(calls).toEqual([['mySignUp', { activity_id: 2, skill: 'elder_care' }]])
    expect(byTestId(wrapper, 'my-volunteer-notice').text()).toContain('活动2')
    expect(byTestId(wrapper, 'my-volunteer-activity-2').exists()).toBe(false)
    expect(byTestId(wrapper, 'my-volunteer-hours').text()).toContain('服务时长核定')
  })
})
