import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'
import { scheduleText, resultOf, durationText, nextRunText } from './jobsLogic.js'
import { formatTime } from '../../composables/dates.js'
import { smsKindText, smsOutcomeText } from './smsLogic.js'

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
let smsPages = []
const smsQueries = []
vi.mock('../../api/sms.js', () => ({
  listSmsMessages: vi.fn(async (query) => {
    smsQueries.push(query)
    const page = smsPages.shift()
    if (page instanceof Error) throw page
    return page || { items: [], next_cursor: null, counts: {}, gateway: 'http' }
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
    smsPages = []
    smsQueries.length = 0
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

const T = Date.UTC(2026, 4, 3, 18, 30) // 2026-05-04 02:30 Beijing
const message = (extra = {}) => ({
  id: 1, notification_id: 9, account_id: 3, username: 'worker1', kind: 'assignment', status: 'sent',
  attempts: 1, last_error: '', gateway_message_id: 'gw-1', created_at: T, updated_at: T, next_attempt_at: null, sent_at: T, ...extra,
})

describe('the SMS delivery log on the jobs page', () => {
  beforeEach(() => {
    lists = [{ items: [] }]
    smsPages = []
    smsQueries.length = 0
    document.body.innerHTML = ''
  })

  it('lists each message with its status, attempts and outcome, and the count of each status', async () => {
    smsPages = [{
      items: [
        message({ id: 3, status: 'queued', attempts: 2, last_error: '短信网关暂不可用：HTTP 503', next_attempt_at: T + 5 * 60000, sent_at: null }),
        message({ id: 2, status: 'failed', last_error: '短信网关拒绝：HTTP 400', kind: 'warning', sent_at: null }),
        message({ id: 1 }),
      ],
      next_cursor: null, counts: { queued: 1, sent: 1, failed: 1, no_phone: 4 }, gateway: 'http',
    }]
    const wrapper = await open()
    const log = wrapper.get('[data-testid="sms-log"]')
    expect(log.find('[data-testid="sms-log-only"]').exists()).toBe(false)
    expect(log.get('[data-testid="sms-filter-no_phone"]').text()).toBe('无手机号 4')
    const queued = log.get('[data-testid="sms-row-3"]')
    expect(queued.attributes('data-status')).toBe('queued')
    expect(queued.text()).toContain('worker1')
    expect(queued.text()).toContain('分派')
    expect(queued.text()).toContain('待发送')
    expect(queued.get('[data-testid="sms-attempts"]').text()).toBe('2')
    expect(queued.get('[data-testid="sms-outcome"]').text()).toBe('2026-05-04 02:35 再试 · 短信网关暂不可用：HTTP 503')
    expect(log.get('[data-testid="sms-row-2"] [data-testid="sms-outcome"]').text()).toBe('短信网关拒绝：HTTP 400')
    expect(log.get('[data-testid="sms-row-2"]').text()).toContain('预警')
    expect(log.get('[data-testid="sms-row-1"] [data-testid="sms-outcome"]').text()).toBe('2026-05-04 02:30 已发送')
  })

  it('says when no gateway is configured, filters by status and loads more', async () => {
    smsPages = [
      { items: [message({ id: 5, status: 'no_phone', last_error: '账号未登记手机号', sent_at: null })], next_cursor: 'c1', counts: {}, gateway: 'log' },
      { items: [message({ id: 4, status: 'no_phone', sent_at: null })], next_cursor: null, counts: {}, gateway: 'log' },
      { items: [], next_cursor: null, counts: {}, gateway: 'log' },
    ]
    const wrapper = await open()
    expect(wrapper.get('[data-testid="sms-log-only"]').text()).toContain('未配置短信网关')
    await wrapper.get('[data-testid="sms-more"]').trigger('click')
    await flushPromises()
    expect(smsQueries[1]).toEqual({ status: '', cursor: 'c1' })
    expect(wrapper.findAll('[data-testid^="sms-row-"]').length).toBe(2)
    expect(wrapper.find('[data-testid="sms-more"]').exists()).toBe(false)
    await wrapper.get('[data-testid="sms-filter-failed"]').trigger('click')
    await flushPromises()
    expect(smsQueries[2]).toEqual({ status: 'failed', cursor: undefined })
    expect(wrapper.get('[data-testid="sms-filter-failed"]').attributes('aria-pressed')).toBe('true')
    expect(wrapper.get('[data-testid="sms-empty"]').text()).toBe('没有短信记录。')
  })

  it('shows a refusal of the log as an alert', async () => {
    smsPages = [new ApiError({ status: 403, code: 'permission_denied', message: '无权查看短信发送记录' })]
    const wrapper = await open()
    expect(wrapper.get('[data-testid="sms-error"]').attributes('role')).toBe('alert')
    expect(wrapper.get('[data-testid="sms-error"]').text()).toContain('无权查看短信发送记录')
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
    expect(formatTime(null)).toBe('—')
    expect(formatTime(0)).toBe('1970-01-01 08:00')
  })
  it('words SMS kinds and outcomes', () => {
    expect(smsKindText(t, 'assignment')).toBe('jobs.sms.kinds.assignment:{}')
    const identity = (key) => key
    expect(smsKindText(identity, 'account')).toBe('account')  // no words for it: the kind itself
    expect(smsOutcomeText(t, { status: 'sent', sent_at: 0 })).toBe('jobs.sms.sentAt:{"time":"1970-01-01 08:00"}')
    expect(smsOutcomeText(t, { status: 'queued', next_attempt_at: 0, last_error: '' })).toBe('jobs.sms.nextAt:{"time":"1970-01-01 08:00"}')
    expect(smsOutcomeText(t, { status: 'no_phone', last_error: '账号未登记手机号' })).toBe('账号未登记手机号')
    expect(smsOutcomeText(t, { status: 'failed', last_error: '' })).toBe('—')
    expect(smsOutcomeText(t, null)).toBe('—')
  })
})
