import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { useAuthStore } from '../../stores/auth.js'
import { ApiError } from '../../api/client.js'
import { vCardLabels } from '../../composables/cardTable.js'
import { today } from '../../composables/dates.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/tag/style/css', () => ({}))
vi.mock('element-plus/es/components/message/style/css', () => ({}))

const RECORD = {
  id: 3, resident_id: 41, resident_name: '康复甲', place_code: '321081001001', place_name: '东苑社区居委会', facility_id: 7,
  facility_name: '东苑社区残疾人之家', facility_place: '321081001001', kind: 'training', kind_label: '康复训练', served_on: '2026-03-09',
  minutes: 60, note: '上肢训练', recorded_by_name: '社区社工', created_at: 1796614198099, synthetic: false,
}
const HOME = { id: 7, name: '东苑社区残疾人之家', type: 'disability_home', type_name: '残疾人之家', community_name: '东苑社区居委会', level: 'community', status: 'open' }
const STATION = { id: 9, name: '仪征市精神康复站', type: 'mental_health_rehab', type_name: '精神障碍社区康复服务站', community_name: '仪征市', level: 'county', status: 'open' }
const calls = []
let refusal = null
let homes = [HOME]
vi.mock('../../api/rehabilitation.js', () => ({
  listRehabRecords: vi.fn(async (query) => { calls.push(['list', query]); return { items: [RECORD, { ...RECORD, id: 4, kind: 'day_care', kind_label: '日间照料（托养）', minutes: 240 }], next_cursor: null } }),
  recordRehab: vi.fn(async (body) => { calls.push(['record', body]); if (refusal) throw refusal; return { ...RECORD, id: 12, ...body } }),
}))
vi.mock('../../api/facilities.js', () => ({
  listFacilities: vi.fn(async (query) => { calls.push(['facilities', query]); return { items: query.type === 'mental_health_rehab' ? [STATION] : homes, next_cursor: null } }),
}))
vi.mock('../../api/residents.js', () => ({
  listResidents: vi.fn(async (query) => { calls.push(['residents', query]); return { items: [{ id: 41, name: '康复甲', sex: 'male', age: 55, place_name: '东苑社区居委会' }] } }),
  getResident: vi.fn(async (id) => ({ id: Number(id), name: '康复甲', sex: 'male', age: 55, place_name: '东苑社区居委会' })),
}))
vi.mock('../../api/divisions.js', () => ({
  getDivision: vi.fn(async (code) => ({ code, name: '仪征市', level: 'county', children: [] })),
  getPublicPlace: vi.fn(async (code) => ({ code, name: code, level: 'county', children: [] })),
}))

const pages = {
  'care-rehabilitation': ['/care/rehabilitation', () => import('./RehabList.vue')],
  'care-rehabilitation-new': ['/care/rehabilitation/new', () => import('./RehabForm.vue')],
  resident: ['/people/residents/:id', { template: '<p>resident</p>' }],
}
const WORKER = { username: 'cw', display_name: '社区社工', permissions: ['care.read', 'care.manage', 'people.read', 'facilities.read'], grants: [{ role: 'community_worker', scope_code: '321081001001' }] }
const LIAISON = { ...WORKER, permissions: [...WORKER.permissions, 'care.health'] }
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
const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`)
async function type(id, value) {
  const input = byTestId(id)
  const control = input.matches('input, select, textarea') ? input : input.querySelector('input, textarea')
  control.value = value
  control.dispatchEvent(new Event(control.tagName === 'SELECT' || control.type === 'radio' ? 'change' : 'input'))
  await flushPromises()
}
async function click(id) {
  byTestId(id).click()
  await flushPromises()
}
const options = (id) => [...byTestId(id).querySelectorAll('option')].map((o) => o.textContent.trim())
async function choosePerson() {
  await type('rehab-resident-q', '康复')
  await click('rehab-resident-search')
  await click('rehab-resident-pick-41')
}

describe('rehabilitation pages', () => {
  beforeEach(() => {
    calls.length = 0
    refusal = null
    homes = [HOME]
    document.body.innerHTML = ''
  })

  it('the list: the rows, the filters sent, 登记康复服务 for care.manage', async () => {
    await open('/care/rehabilitation?kind=training&facility_id=7&resident_id=41&place=321081001001', WORKER)
    expect(calls.find(([name]) => name === 'list')[1]).toMatchObject({ kind: 'training', facility_id: '7', resident_id: '41', place: '321081001001', limit: 20 })
    expect(byTestId('rehab-row-3').textContent).toMatch(/2026-03-09[\s\S]*康复甲[\s\S]*东苑社区居委会[\s\S]*东苑社区残疾人之家[\s\S]*康复训练[\s\S]*60 分钟[\s\S]*社区社工/)
    expect(byTestId('rehab-kind-4').textContent).toBe('日间照料（托养）')
    expect(byTestId('rehab-minutes-4').textContent).toBe('240 分钟')
    expect(byTestId('rehab-person-3').getAttribute('href')).toBe('/people/residents/41')
    expect(byTestId('rehab-row-3').querySelector('td').getAttribute('data-label')).toBe('服务日期')
    expect(byTestId('rehab-create').textContent.trim()).toBe('登记康复服务')
    expect(options('rehab-filter-kind')).toEqual(['全部类型', '康复训练', '辅具适配', '日间照料（托养）', '职业康复'])
  })

  it('the list: 精神障碍社区康复 offered with care.health; none of the tools for a reader', async () => {
    await open('/care/rehabilitation?kind=mental_health', LIAISON)
    expect(options('rehab-filter-kind')).toContain('精神障碍社区康复')
    expect(calls.find(([name]) => name === 'list')[1].kind).toBe('mental_health')
    document.body.innerHTML = ''
    calls.length = 0
    await open('/care/rehabilitation?kind=mental_health', READER)
    expect(calls.find(([name]) => name === 'list')[1].kind).toBeUndefined()
    expect(byTestId('rehab-create')).toBeNull()
    expect(byTestId('rehab-person-3').getAttribute('href')).toBeNull()
  })

  it('the list: a typed number that is not one is refused before asking', async () => {
    const { router } = await open('/care/rehabilitation', WORKER)
    await type('rehab-filter-facility', 'abc')
    await click('filter-submit')
    expect(byTestId('rehab-filter-facility-error').textContent).toBe('编号应为数字')
    expect(router.currentRoute.value.fullPath).toBe('/care/rehabilitation')
    await type('rehab-filter-facility', '7')
    await click('filter-submit')
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/care/rehabilitation?facility_id=7'))
  })

  it('the form: refused beside the fields before sending, then recorded and back to the list', async () => {
    const { router } = await open('/care/rehabilitation/new', WORKER)
    expect(calls.filter(([name]) => name === 'facilities').map(([, q]) => q.type)).toEqual(['disability_home'])
    expect(options('rehab-facility')).toEqual(['请选择康复机构', '东苑社区残疾人之家 · 残疾人之家 · 东苑社区居委会', '不在列表中：输入机构编号'])
    expect([...document.querySelectorAll('input[name="rehab-kind"]')].map((i) => i.value)).toEqual(['training', 'assistive_device', 'day_care', 'vocational'])
    expect(byTestId('rehab-served-on').value).toBe(today())
    await click('rehab-submit')
    expect(byTestId('rehab-resident-error').textContent).toBe('请先查找并选择服务对象')
    expect(byTestId('rehab-facility-error').textContent).toBe('请选择康复机构')
    expect(byTestId('rehab-kind-error').textContent).toBe('请选择服务类型')
    expect(byTestId('rehab-minutes-error').textContent).toBe('请填写服务时长')
    expect(calls.some(([name]) => name === 'record')).toBe(false)

    await choosePerson()
    await type('rehab-facility', '7')
    await click('rehab-kind-training')
    await type('rehab-minutes', '0')
    await type('rehab-served-on', '2999-01-01')
    await click('rehab-submit')
    expect(byTestId('rehab-minutes-error').textContent).toBe('服务时长应为 1–600 分钟')
    expect(byTestId('rehab-served-on-error').textContent).toBe('服务日期不能晚于今天')
    expect(byTestId('rehab-minutes').getAttribute('aria-invalid')).toBe('true')
    expect(calls.some(([name]) => name === 'record')).toBe(false)

    await type('rehab-minutes', '60')
    await type('rehab-served-on', today())
    await type('rehab-note', ' 上肢训练 ')
    await click('rehab-submit')
    expect(calls).toContainEqual(['record', { resident_id: 41, facility_id: 7, kind: 'training', served_on: today(), minutes: 60, note: '上肢训练' }])
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/care/rehabilitation'))
  })

  it('the form: a facility number typed, and the server\'s refusal beside the field it names', async () => {
    homes = []
    await open('/care/rehabilitation/new', WORKER)
    // Nothing listed: the number is asked for at once.
    expect(byTestId('rehab-facility').value).toBe('other')
    expect(byTestId('rehab-no-facilities')).not.toBeNull()
    await choosePerson()
    await type('rehab-facility-id', '88')
    await click('rehab-kind-day_care')
    await type('rehab-minutes', '240')
    refusal = new ApiError({ status: 422, code: 'validation_failed', message: '康复机构应在此人所在的县（市、区）', field: 'facility_id' })
    await click('rehab-submit')
    expect(calls.find(([name]) => name === 'record')[1]).toEqual({ resident_id: 41, facility_id: 88, kind: 'day_care', served_on: today(), minutes: 240 })
    expect(byTestId('rehab-facility-error').textContent).toBe('康复机构应在此人所在的县（市、区）')
    expect(byTestId('rehab-form-error')).toBeNull()

    refusal = new ApiError({ status: 500, code: 'internal', message: '服务器内部错误' })
    await click('rehab-submit')
    expect(byTestId('rehab-form-error').textContent).toBe('服务器内部错误')
  })

  it('the form with care.health: the stations listed, and a station records 精神障碍社区康复 only', async () => {
    await open('/care/rehabilitation/new?resident=41', LIAISON)
    expect(calls.filter(([name]) => name === 'facilities').map(([, q]) => q.type)).toEqual(['disability_home', 'mental_health_rehab'])
    expect(byTestId('rehab-resident-chosen').textContent).toContain('康复甲')
    expect(document.querySelectorAll('input[name="rehab-kind"]')).toHaveLength(5)
    await type('rehab-facility', '9')
    const kinds = [...document.querySelectorAll('input[name="rehab-kind"]')]
    expect(kinds.map((i) => i.value)).toEqual(['mental_health'])
    expect(kinds[0].checked).toBe(true)
    await type('rehab-minutes', '90')
    await click('rehab-submit')
    expect(calls.find(([name]) => name === 'record')[1]).toMatchObject({ resident_id: 41, facility_id: 9, kind: 'mental_health', minutes: 90 })
  })
})
