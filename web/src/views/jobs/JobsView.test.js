import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'
import { scheduleText, resultOf, durationText, nextRunText, formatBeijingMinute } from './jobsLogic.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
vi.mock('element-plus/es/components/tag/style/css', () => ({}))

let lists = []
const runs = []
let runAnswer = null
vi.mock('../../api/jobs.js', () => ({
  listJobs: vi.fn(async () => lists.shift() || { items: [] }),
  runJob: vi.fn(async (name) => {
    runs.push(name)
    if (runAnswer instanceof Error) throw runAnswer
    return runAnswer
  }),
}))
const { default: JobsView } = await import('./JobsView.vue')

const NEXT = Date.UTC(2030, 0, 1, 18, 30) // 2030-01-02 02:30 Beijing
const sweep = (extra = {}) => ({
  name: 'events.warning_sweep', title: '吹哨报到预警与自动督办',
  schedule: { kind: 'every', every_minutes: 1, time_zone: 'Asia/Shanghai' }, catch_up: 'merge',
  next_run_at: NEXT, running: false, last_run: null, runs: 0, failures: 0, ...extra,
})
const backup = (extra = {}) => ({
  name: 'backup', title: '数据库备份', schedule: { kind: 'daily', time: '02:30', time_zone: 'Asia/Shanghai' },
  catch_up: 'merge', next_run_at: NEXT, running: false, runs: 3, failures: 1,
  last_run: { scheduled_at: 1, started_at: Date.UTC(2026, 4, 3, 18, 30), finished_at: 2, duration_ms: 12300, ok: false, error: '磁盘已满', trigger: 'schedule' },
  ...extra,
})

async function open() {
  setActivePinia(createPinia())
  const wrapper = mount(JobsView, { global: { plugins: [createAppI18n('zh-CN')] }, attachTo: document.body })
  await flushPromises()
  return wrapper
}

describe('jobs view', () => {
  beforeEach(() => {
    lists = []
    runs.length = 0
    runAnswer = null
    document.body.innerHTML = ''
  })

  it('shows each job with its schedule, last run, result, next run and counts', async () => {
    lists = [{ items: [sweep(), backup()] }]
    const wrapper = await open()
    const first = wrapper.get('[data-testid="job-row-events.warning_sweep"]')
    expect(first.get('[data-testid="job-schedule"]').text()).toContain('每 1 分钟')
    expect(first.get('[data-testid="job-schedule"]').text()).toContain('合并为一次')
    expect(first.get('[data-testid="job-last-run"]').text()).toBe('从未运行')
    expect(first.attributes('data-result')).toBe('never')
    expect(first.get('[data-testid="job-next-run"]').text()).toBe('2030-01-02 02:30')
    const second = wrapper.get('[data-testid="job-row-backup"]')
    expect(second.get('[data-testid="job-schedule"]').text()).toContain('每天 02:30')
    expect(second.get('[data-testid="job-last-run"]').text()).toContain('2026-05-04 02:30')
    expect(second.get('[data-testid="job-last-run"]').text()).toContain('12.3 秒')
    expect(second.get('[data-testid="job-last-run"]').text()).toContain('按计划')
    expect(second.get('[data-testid="job-result"]').text()).toContain('失败')
    expect(second.get('[data-testid="job-error"]').text()).toBe('磁盘已满')
    expect(second.get('[data-testid="job-counts"]').text()).toBe('共 3 次，失败 1 次')
  })

  it('runs a job now, says how it went and reloads the list', async () => {
    lists = [{ items: [sweep()] }, { items: [sweep({ runs: 1, last_run: { started_at: 5, duration_ms: 40, ok: true, error: '', trigger: 'manual' } })] }]
    runAnswer = { name: 'events.warning_sweep', started_at: 5, duration_ms: 40, ok: true, error: '' }
    const wrapper = await open()
    await wrapper.get('[data-testid="job-run"]').trigger('click')
    await flushPromises()
    expect(runs).toEqual(['events.warning_sweep'])
    const row = wrapper.get('[data-testid="job-row-events.warning_sweep"]')
    expect(row.get('[data-testid="job-outcome"]').text()).toBe('已运行完成，用时 40 毫秒')
    expect(row.attributes('data-result')).toBe('ok')
    expect(row.get('[data-testid="job-last-run"]').text()).toContain('页面手动')
  })

  it('shows a failed run and a refusal beside the job', async () => {
    lists = [{ items: [sweep()] }, { items: [sweep()] }]
    runAnswer = { name: 'events.warning_sweep', ok: false, error: '数据库不可用', duration_ms: 3 }
    const wrapper = await open()
    await wrapper.get('[data-testid="job-run"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="job-outcome"]').text()).toBe('运行失败：数据库不可用')
    runAnswer = new ApiError({ status: 409, code: 'failed_precondition', message: '任务 events.warning_sweep 正在运行，请稍后再试' })
    await wrapper.get('[data-testid="job-run"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="job-outcome"]').attributes('role')).toBe('alert')
    expect(wrapper.get('[data-testid="job-outcome"]').text()).toContain('正在运行')
  })

  it('disables run now while the job runs elsewhere, and says when there are no jobs', async () => {
    lists = [{ items: [sweep({ running: true })] }]
    let wrapper = await open()
    expect(wrapper.get('[data-testid="job-row-events.warning_sweep"]').attributes('data-result')).toBe('running')
    expect(wrapper.get('[data-testid="job-run"]').attributes('disabled')).toBeDefined()
    wrapper.unmount()
    lists = [{ items: [] }]
    wrapper = await open()
    expect(wrapper.get('[data-testid="jobs-empty"]').text()).toBe('没有登记的定时任务。')
  })
})

describe('jobs logic', () => {
  const t = (key, values = {}) => `${key}:${JSON.stringify(values)}`
  it('words schedules, results, durations and next runs', () => {
    expect(scheduleText(t, { kind: 'monthly', day_of_month: 1, time: '00:10' })).toBe('jobs.schedule.monthly:{"day":1,"time":"00:10"}')
    expect(scheduleText(t, null)).toBe('—')
    expect(resultOf({ running: true, last_run: { ok: true } })).toBe('running')
    expect(resultOf({ last_run: { ok: false } })).toBe('failed')
    expect(durationText(t, 999)).toBe('jobs.duration.ms:{"value":999}')
    expect(durationText(t, 90000)).toBe('jobs.duration.minutes:{"value":"1.5"}')
    expect(nextRunText(t, { next_run_at: 10 }, 20)).toBe('jobs.dueNow:{}')
    expect(formatBeijingMinute(null)).toBe('—')
    expect(formatBeijingMinute(0)).toBe('1970-01-01 08:00')
  })
})
