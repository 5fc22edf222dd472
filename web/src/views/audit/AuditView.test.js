import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))

const asked = []
const exported = []
let pages = []
let exportFailure = null
vi.mock('../../api/audit.js', () => ({
  listAudit: vi.fn(async (query) => { asked.push(query); return pages.shift() || { items: [], next_cursor: null } }),
  fetchAuditExport: vi.fn(async (query) => {
    exported.push(query)
    if (exportFailure) throw exportFailure
    return new Blob(['x'], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' })
  }),
  AUDIT_EXPORT_NAME: '审计日志.xlsx',
}))
const { default: AuditView } = await import('./AuditView.vue')

const record = (sequence, extra = {}) => ({
  sequence, at: Date.UTC(2026, 4, 3, 7, 5, 9), actor_id: 0, actor_name: 'anonymous', action: 'login_failed',
  subject_type: 'account', subject_id: `wk${sequence}`, division_code: '321002001002', detail: { failures: 1 },
  remote_address: '127.0.0.1', request_id: `r${sequence}`, hash: 'h', ...extra,
})

async function open(path) {
  const pinia = createPinia()
  setActivePinia(pinia)
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/audit', name: 'audit', component: AuditView }] })
  await router.push(path)
  const wrapper = mount({ template: '<router-view :key="$route.fullPath" />' }, {
    global: { plugins: [pinia, router, createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await flushPromises()
  return { wrapper, router }
}

describe('audit view', () => {
  beforeEach(() => {
    asked.length = 0
    exported.length = 0
    pages = []
    exportFailure = null
    document.body.innerHTML = ''
    globalThis.URL.createObjectURL = vi.fn(() => 'blob:x')
    globalThis.URL.revokeObjectURL = vi.fn()
  })

  it('asks with the address filters as Beijing-day epoch ms and shows the records', async () => {
    pages = [{ items: [record(9)], next_cursor: null }]
    const { wrapper } = await open('/audit?action=login_failed&from=2026-05-03&to=2026-05-03')
    expect(asked[0]).toMatchObject({ action: 'login_failed', from: Date.UTC(2026, 4, 2, 16), until: Date.UTC(2026, 4, 3, 16), limit: 50 })
    expect(asked[0].cursor).toBeUndefined()
    const row = wrapper.get('[data-testid="audit-row-9"]')
    expect(row.get('[data-testid="audit-action"]').text()).toBe('登录失败')
    expect(row.get('[data-testid="audit-time"]').text()).toBe('2026-05-03 15:05:09')
    expect(row.get('[data-testid="audit-subject"]').text()).toContain('账号')
    expect(wrapper.get('[data-testid="audit-card-9"]').text()).toContain('登录失败')
    expect(wrapper.get('[data-testid="filter-action"]').element.value).toBe('login_failed')
    // The detail opens as indented JSON.
    const detail = wrapper.get('[data-testid="audit-detail-9"]')
    expect(detail.element.style.display).toBe('none')
    await row.get('[data-testid="audit-detail-toggle"]').trigger('click')
    expect(detail.element.style.display).toBe('')
    expect(detail.get('[data-testid="audit-detail-json"]').text()).toContain('"failures": 1')
    expect(row.get('[data-testid="audit-detail-toggle"]').attributes('aria-expanded')).toBe('true')
  })

  it('loads more with the cursor and appends', async () => {
    pages = [{ items: [record(9), record(8)], next_cursor: 'c1' }, { items: [record(7)], next_cursor: null }]
    const { wrapper } = await open('/audit')
    await wrapper.get('[data-testid="audit-more"]').trigger('click')
    await flushPromises()
    expect(asked[1]).toMatchObject({ cursor: 'c1' })
    expect(wrapper.findAll('tr.audit-row')).toHaveLength(3)
    expect(wrapper.find('[data-testid="audit-more"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="audit-count"]').text()).toBe('已显示 3 条')
  })

  it('says when nothing matches', async () => {
    const { wrapper } = await open('/audit?action=lock')
    expect(wrapper.get('[data-testid="audit-empty"]').text()).toBe('没有符合条件的审计记录。')
    expect(wrapper.find('[data-testid="audit-table"]').exists()).toBe(false)
  })

  it('checks the form beside the field before asking', async () => {
    const { wrapper, router } = await open('/audit')
    await wrapper.get('[data-testid="filter-subject-id"]').setValue('wk1')
    await wrapper.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="filter-subject-type-error"]').text()).toBe('按对象编号查询时请先选择对象类型')
    expect(router.currentRoute.value.fullPath).toBe('/audit')
    await wrapper.get('[data-testid="filter-subject-type"]').setValue('account')
    await wrapper.get('[data-testid="audit-filters"]').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.query).toEqual({ subject_type: 'account', subject_id: 'wk1' })
    expect(asked.at(-1)).toMatchObject({ subject_type: 'account', subject_id: 'wk1' })
  })

  it('shows a server refusal beside the field it names', async () => {
    pages = []
    const { listAudit } = await import('../../api/audit.js')
    listAudit.mockImplementationOnce(async () => { throw new ApiError({ status: 400, code: 'invalid_argument', message: '按对象查询须给出对象类型', field: 'subject_type' }) })
    const { wrapper } = await open('/audit')
    expect(wrapper.get('[data-testid="filter-subject-type-error"]').text()).toBe('按对象查询须给出对象类型')
    expect(wrapper.find('[data-testid="audit-error"]').exists()).toBe(false)
  })

  it('exports the shown filters and shows the 100,000-record refusal beside the start date', async () => {
    pages = [{ items: [record(9)], next_cursor: null }]
    const { wrapper } = await open('/audit?action=read&from=2026-01-01')
    await wrapper.get('[data-testid="audit-export"]').trigger('click')
    await flushPromises()
    expect(exported[0]).toEqual({ action: 'read', from: Date.UTC(2025, 11, 31, 16) })
    expect(URL.createObjectURL).toHaveBeenCalled()
    expect(wrapper.get('[data-testid="audit-exported"]').text()).toContain('审计日志.xlsx')

    exportFailure = new ApiError({ status: 422, code: 'validation_failed', message: '符合条件的记录超过 100000 条，请缩小时间范围后再导出', field: 'from' })
    await wrapper.get('[data-testid="audit-export"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="filter-from-error"]').text()).toBe('符合条件的记录超过 100000 条，请缩小时间范围后再导出')
  })
})
