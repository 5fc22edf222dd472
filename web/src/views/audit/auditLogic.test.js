import { describe, it, expect } from 'vitest'
import { createAppI18n } from '../../i18n/index.js'
import {
  AUDIT_ACTIONS, SUBJECT_TYPES, beijingDayStart, beijingDayEnd, filtersFromQuery, filtersToQuery,
  filtersToApi, validateAuditFilters, formFieldOf, actionLabel, subjectTypeLabel, prettyDetail, hasDetail, actorText,
} from './auditLogic.js'
import { formatTimeSeconds } from '../../composables/dates.js'
import { auditQuery, auditExportUrl } from '../../api/audit.js'

const zh = createAppI18n('zh-CN').global.t
const en = createAppI18n('en').global.t

describe('Beijing days', () => {
  it('starts a day at 00:00 Beijing time, 16:00 UTC the day before', () => {
    expect(beijingDayStart('2026-05-03')).toBe(Date.UTC(2026, 4, 2, 16))
    expect(new Date(beijingDayStart('2026-01-01')).toISOString()).toBe('2025-12-31T16:00:00.000Z')
  })
  it('ends a day (exclusive) at the next day’s start, across months and leap days', () => {
    expect(beijingDayEnd('2026-05-03')).toBe(Date.UTC(2026, 4, 3, 16))
    expect(beijingDayEnd('2024-02-29')).toBe(Date.UTC(2024, 2, 1) - 8 * 3_600_000)
    expect(beijingDayEnd('2025-12-31') - beijingDayStart('2025-12-31')).toBe(86_400_000)
  })
  it('refuses what is no calendar date', () => {
    for (const bad of ['', '2026-02-30', '2026-13-01', '20260501', '2026-5-1', null, undefined]) {
      expect(beijingDayStart(bad), String(bad)).toBeNull()
      expect(beijingDayEnd(bad), String(bad)).toBeNull()
    }
  })
  it('shows an instant in Beijing time whatever the browser zone', () => {
    expect(formatTimeSeconds(Date.UTC(2026, 4, 2, 16, 0, 0))).toBe('2026-05-03 00:00:00')
    expect(formatTimeSeconds(Date.UTC(2026, 4, 3, 7, 5, 9))).toBe('2026-05-03 15:05:09')
    expect(formatTimeSeconds(null)).toBe('—')
    expect(formatTimeSeconds(undefined)).toBe('—')
  })
})

describe('filters', () => {
  it('turns the form into the API query: dates as Beijing-day epoch ms, empty fields left out', () => {
    expect(filtersToApi({ action: 'login_failed', subject_type: 'account', subject_id: ' wk1 ', actor: '', from: '2026-05-01', to: '2026-05-03' }))
      .toEqual({
        action: 'login_failed', subject_type: 'account', subject_id: 'wk1',
        from: Date.UTC(2026, 3, 30, 16), until: Date.UTC(2026, 4, 3, 16),
      })
    expect(filtersToApi({})).toEqual({})
    expect(filtersToApi({ actor: '7', to: '2026-05-03' })).toEqual({ actor: '7', until: Date.UTC(2026, 4, 3, 16) })
  })
  it('one day from and to covers exactly that Beijing day', () => {
    const q = filtersToApi({ from: '2026-05-03', to: '2026-05-03' })
    expect(q.until - q.from).toBe(86_400_000)
    expect(formatTimeSeconds(q.from)).toBe('2026-05-03 00:00:00')
    expect(formatTimeSeconds(q.until - 1)).toBe('2026-05-03 23:59:59')
  })
  it('keeps the filters in the address and reads them back', () => {
    const form = { action: 'read', subject_type: 'resident', subject_id: '12', actor: '', from: '2026-05-01', to: '' }
    const query = filtersToQuery(form)
    expect(query).toEqual({ action: 'read', subject_type: 'resident', subject_id: '12', from: '2026-05-01' })
    expect(filtersFromQuery(query)).toEqual(form)
    expect(filtersFromQuery({ action: ['lock', 'read'] }).action).toBe('lock')
  })
  it('checks as the server does and names the field', () => {
    expect(validateAuditFilters({})).toEqual({})
    expect(validateAuditFilters({ subject_id: '5' })).toEqual({ subject_type: 'subjectTypeRequired' })
    expect(validateAuditFilters({ actor: 'admin' })).toEqual({ actor: 'actorFormat' })
    expect(validateAuditFilters({ action: 'hack' })).toEqual({ action: 'actionUnknown' })
    expect(validateAuditFilters({ from: '2026-02-30' })).toEqual({ from: 'dateFormat' })
    expect(validateAuditFilters({ from: '2026-05-03', to: '2026-05-02' })).toEqual({ to: 'rangeOrder' })
    expect(validateAuditFilters({ from: '2026-05-03', to: '2026-05-03' })).toEqual({})
  })
  it('puts a server error on until beside the end date, unknown fields nowhere', () => {
    expect(formFieldOf('from')).toBe('from')
    expect(formFieldOf('until')).toBe('to')
    expect(formFieldOf('subject_type')).toBe('subject_type')
    expect(formFieldOf('limit')).toBeNull()
    expect(formFieldOf(null)).toBeNull()
  })
  it('sends the same filters to the list and the export', () => {
    const q = filtersToApi({ action: 'export', from: '2026-05-01' })
    expect(auditQuery({ ...q, limit: 5 })).toEqual({ ...q, actor: undefined, subject_type: undefined, subject_id: undefined, until: undefined })
    expect(auditExportUrl(q)).toBe(`/api/v1/audit/export?action=export&from=${Date.UTC(2026, 3, 30, 16)}`)
    expect(auditExportUrl({})).toBe('/api/v1/audit/export')
  })
})

describe('labels', () => {
  it('labels every action in Chinese as the brief names them', () => {
    expect(AUDIT_ACTIONS.map((a) => actionLabel(zh, a))).toEqual([
      '查看个人信息', '导出', '新建', '修改', '删除', '导入', '登录', '退出登录', '登录失败', '账号锁定', '短信验证码',
    ])
  })
  it('labels every action in English too, and shows an unknown one as it is', () => {
    for (const a of AUDIT_ACTIONS) expect(actionLabel(en, a)).not.toBe(a)
    expect(actionLabel(en, 'login_failed')).toBe('Failed sign-in')
    expect(actionLabel(zh, 'teleport')).toBe('teleport')
  })
  it('labels subject types', () => {
    expect(SUBJECT_TYPES.map((s) => subjectTypeLabel(zh, s))).toEqual(['居民', '户', '楼栋', '账号', '导出', '登录'])
    expect(subjectTypeLabel(zh, 'grid')).toBe('grid')
    expect(subjectTypeLabel(zh, '')).toBe('')
  })
  it('shows the detail as indented JSON and the actor with its number', () => {
    expect(prettyDetail({ failures: 2 })).toBe('{\n  "failures": 2\n}')
    expect(prettyDetail('{"a":1}')).toBe('{\n  "a": 1\n}')
    expect(prettyDetail('not json')).toBe('not json')
    expect(prettyDetail(null)).toBe('{}')
    expect(hasDetail({})).toBe(false)
    expect(hasDetail({ failures: 1 })).toBe(true)
    expect(hasDetail(null)).toBe(false)
    expect(actorText({ actor_id: 3, actor_name: 'admin' })).toBe('admin（#3）')
    expect(actorText({ actor_id: 0, actor_name: 'anonymous' })).toBe('anonymous')
  })
})
