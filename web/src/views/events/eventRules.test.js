import { describe, it, expect } from 'vitest'
import {
  actionForm, isDirectAction, missingField, parseDepartments, durationParts, formatDuration,
  deadlineStatus, warningText, categoryGroups, checkCoordinates, defaultPlaceCode,
  defaultRankingPeriod, percent, timelineRows, placeText,
  filterDepartments, escalationStages, actionLabel, stateLabel,
} from './eventRules.js'

// A tiny t(): key plus parameters, enough to see what was asked for.
const messages = {
  'events.duration.days': '{n}天', 'events.duration.hours': '{n}小时', 'events.duration.minutes': '{n}分钟',
  'events.duration.separator': '',
  'events.warning.none': '正常', 'events.warning.yellow': '黄色预警', 'events.warning.red': '红色预警',
  'events.warning.remaining': '剩余{time}', 'events.warning.overdueBy': '已超时{time}', 'events.warning.text': '{label}：{rest}',
}
const t = (key, params = {}) => (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, k) => params[k])

describe('action forms', () => {
  it('knows what each action asks for', () => {
    expect(isDirectAction('escalation', 'check_in')).toBe(true)
    expect(isDirectAction('event', 'start')).toBe(true)
    expect(actionForm('escalation', 'request_extension').required).toEqual(['amount', 'reason'])
    expect(actionForm('event', 'assign').required).toEqual(['assignee'])
    expect(actionForm('event', 'something_new').fields).toEqual(['reason'])
  })
  it('names the first missing field', () => {
    expect(missingField('escalation', 'give_feedback', { feedback: '  ' })).toBe('feedback')
    expect(missingField('escalation', 'give_feedback', { feedback: '已处理' })).toBe(null)
    expect(missingField('escalation', 'request_extension', { amount: 0, reason: 'x' })).toBe('amount')
    expect(missingField('escalation', 'request_extension', { amount: 2, reason: '' })).toBe('reason')
    expect(missingField('escalation', 'rate', { rating: 6 })).toBe('rating')
    expect(missingField('escalation', 'rate', { rating: 5 })).toBe(null)
    expect(missingField('event', 'cancel', {})).toBe('reason')
  })
})

describe('departments', () => {
  it('splits typed names and merges checked ones without repeats', () => {
    expect(parseDepartments('市城管局、 市水务局,市城管局\n测试局；', ['市民政局', '市水务局']))
      .toEqual(['市民政局', '市水务局', '市城管局', '测试局'])
    expect(parseDepartments('', [])).toEqual([])
  })
})

describe('deadlines', () => {
  const HOUR = 3600_000
  it('splits and formats durations', () => {
    expect(durationParts(26 * HOUR + 5 * 60000)).toEqual({ days: 1, hours: 2, minutes: 5 })
    expect(formatDuration(t, 26 * HOUR + 5 * 60000)).toBe('1天2小时')
    expect(formatDuration(t, 45 * 60000)).toBe('45分钟')
    expect(formatDuration(t, 2 * HOUR)).toBe('2小时')
    expect(formatDuration(t, 0)).toBe('0分钟')
    expect(formatDuration(t, -90 * 60000)).toBe('1小时30分钟')
  })
  it('takes the server warning and turns red past the deadline', () => {
    const now = 1_000_000_000_000
    expect(deadlineStatus({ stage: null }, now)).toBe(null)
    const yellow = deadlineStatus({ stage: 'check_in', stage_deadline_at: now + 30 * 60000, warning: 'yellow' }, now)
    expect(yellow).toMatchObject({ level: 'yellow', overdue: false, remainingMs: 30 * 60000 })
    expect(warningText(t, yellow)).toBe('黄色预警：剩余30分钟')
    const late = deadlineStatus({ stage: 'handle', stage_deadline_at: now - 2 * HOUR, warning: 'yellow' }, now)
    expect(late).toMatchObject({ level: 'red', overdue: true })
    expect(warningText(t, late)).toBe('红色预警：已超时2小时')
    const calm = deadlineStatus({ stage: 'verify', stage_deadline_at: now + 49 * HOUR, warning: 'none' }, now)
    expect(warningText(t, calm)).toBe('正常：剩余2天1小时')
    expect(deadlineStatus({ stage: 'verify', stage_deadline_at: now + HOUR, warning: 'bogus' }, now).level).toBe('none')
  })
})

describe('categories', () => {
  it('groups active leaves under their parents', () => {
    const groups = categoryGroups([
      { code: 'environment', name: '市容环境', parent_code: null },
      { code: 'environment.garbage', name: '垃圾堆放', parent_code: 'environment' },
      { code: 'environment.old', name: '停用', parent_code: 'environment', active: false },
      { code: 'empty', name: '空', parent_code: null },
      { code: 'lost.child', name: '孤儿', parent_code: 'lost' },
    ])
    expect(groups.map((g) => g.code)).toEqual(['environment', ''])
    expect(groups[0].children.map((c) => c.code)).toEqual(['environment.garbage'])
    expect(groups[1].children.map((c) => c.code)).toEqual(['lost.child'])
  })
})

describe('coordinates', () => {
  it('accepts a pair inside China or nothing', () => {
    expect(checkCoordinates('', '')).toBe(null)
    expect(checkCoordinates(32.39, 119.43)).toBe(null)
    expect(checkCoordinates('32.39', '')).toEqual({ field: 'lon', reason: 'pair' })
    expect(checkCoordinates('', 119)).toEqual({ field: 'lat', reason: 'pair' })
    expect(checkCoordinates('abc', 119)).toEqual({ field: 'lat', reason: 'number' })
    expect(checkCoordinates(48.85, 2.35)).toEqual({ field: 'lon', reason: 'china' })
    expect(checkCoordinates(-10, 119)).toEqual({ field: 'lat', reason: 'china' })
  })
})

describe('places, links, periods', () => {
  it('picks the narrowest community or grid grant', () => {
    expect(defaultPlaceCode([{ scope_code: '3210' }])).toBe('')
    expect(defaultPlaceCode([{ scope_code: '321002001002001' }, { scope_code: '321002001002' }])).toBe('321002001002')
  })
  it('defaults the ranking to this month in China time', () => {
    // 2026-03-31 20:00 UTC is already 1 April in Yangzhou.
    expect(defaultRankingPeriod(Date.UTC(2026, 2, 31, 20))).toEqual({ from: '2026-04-01', to: '2026-04-01' })
    expect(defaultRankingPeriod(Date.UTC(2026, 2, 15, 4))).toEqual({ from: '2026-03-01', to: '2026-03-15' })
  })
  it('formats rates', () => {
    expect(percent(1)).toBe('100%')
    expect(percent(0.875)).toBe('87.5%')
    expect(percent(null)).toBe('—')
  })
  it('orders the timeline and names the escalation department', () => {
    const rows = timelineRows({
      escalations: [{ id: 7, department: '市城管局' }],
      transitions: [
        { id: 3, escalation_id: 7, action: 'check_in', at: 20 },
        { id: 1, escalation_id: null, action: 'report', at: 10 },
        { id: 2, escalation_id: 7, action: 'escalate', at: 20 },
      ],
    })
    expect(rows.map((r) => [r.action, r.department])).toEqual([['report', ''], ['escalate', '市城管局'], ['check_in', '市城管局']])
  })
})

describe('departments', () => {
  const list = [
    { code: 'urban_management', name: '市城管局' },
    { code: 'water', name: '市水务局' },
    { code: 'housing_construction', name: '市住建局' },
  ]
  it('finds departments by a part of the name or the code, keeping the order', () => {
    expect(filterDepartments(list, '水务').map((d) => d.name)).toEqual(['市水务局'])
    expect(filterDepartments(list, ' 市 ').map((d) => d.code)).toEqual(['urban_management', 'water', 'housing_construction'])
    expect(filterDepartments(list, 'WATER').map((d) => d.name)).toEqual(['市水务局'])
    expect(filterDepartments(list, '')).toBe(list)
    expect(filterDepartments(list, '公安')).toEqual([])
    expect(filterDepartments(undefined, 'x')).toEqual([])
  })
})

describe('escalation stages', () => {
  const base = {
    check_in_deadline_at: 100, checked_in_at: null, checked_in_on_time: null,
    handle_deadline_at: null, feedback_at: null, completed_on_time: null, closed_at: null,
  }
  it('marks the current stage with the stage deadline (extensions included)', () => {
    const stages = escalationStages({ ...base, state: 'awaiting_check_in', stage: 'check_in', stage_deadline_at: 100 })
    expect(stages.map((s) => [s.stage, s.status])).toEqual([['check_in', 'current'], ['handle', 'pending'], ['verify', 'pending']])
    expect(stages[0].deadlineAt).toBe(100)
    const extended = escalationStages({ ...base, state: 'handling', stage: 'handle', stage_deadline_at: 900, checked_in_at: 50, checked_in_on_time: true, handle_deadline_at: 700 })
    expect(extended[0]).toMatchObject({ status: 'done', doneAt: 50, onTime: true, deadlineAt: 100 })
    expect(extended[1]).toMatchObject({ status: 'current', deadlineAt: 900, doneAt: null })
  })
  it('keeps done stages and the late check-in; a failed verification sends handling back', () => {
    const back = escalationStages({
      ...base, state: 'handling', stage: 'handle', stage_deadline_at: 2000,
      checked_in_at: 150, checked_in_on_time: false, feedback_at: 300, completed_on_time: true, handle_deadline_at: 400,
    })
    expect(back.map((s) => s.status)).toEqual(['done', 'current', 'pending'])
    expect(back[0].onTime).toBe(false)
    const closed = escalationStages({ ...base, state: 'closed', stage: null, checked_in_at: 50, checked_in_on_time: true, feedback_at: 300, completed_on_time: true, closed_at: 500 })
    expect(closed.map((s) => s.status)).toEqual(['done', 'done', 'done'])
    expect(closed[2].doneAt).toBe(500)
  })
  it('skips what a declined or withdrawn escalation never reached', () => {
    const declined = escalationStages({ ...base, state: 'declined', stage: null, closed_at: 80 })
    expect(declined.map((s) => s.status)).toEqual(['skipped', 'skipped', 'skipped'])
    expect(escalationStages(null)).toEqual([])
  })
})

describe('labels of actions and states', () => {
  const words = {
    'events.actions.assign': '分派', 'events.states.reopened': '事件已重开',
    'events.escalationStates.reopened': '吹哨已重开', 'events.escalationStates.handling': '办理中',
  }
  const te = (key) => key in words
  const lt = (key) => words[key]
  it('names actions and states in words, else by their code', () => {
    expect(actionLabel(lt, te, 'assign')).toBe('分派')
    expect(actionLabel(lt, te, 'teleport')).toBe('teleport')
    expect(stateLabel(lt, te, 'handling')).toBe('办理中')
    expect(stateLabel(lt, te, 'unknown')).toBe('unknown')
    expect(stateLabel(lt, te, null)).toBe('—')
  })
  it('prefers the escalation state on escalation pages, the event state elsewhere', () => {
    expect(stateLabel(lt, te, 'reopened')).toBe('事件已重开')
    expect(stateLabel(lt, te, 'reopened', true)).toBe('吹哨已重开')
  })
})

describe('placeText', () => {
  it('names the community and the grid, and falls back to codes only when unnamed', () => {
    expect(placeText({ community_name: '个园社区居委会', grid_name: '第一网格', place_code: '321002001002001' })).toBe('个园社区居委会 · 第一网格')
    expect(placeText({ community_name: '个园社区居委会', grid_name: '', place_code: '321002001002' })).toBe('个园社区居委会')
    expect(placeText({ community_code: '321002001002', place_code: '321002001002' })).toBe('321002001002')
    expect(placeText(null)).toBe('—')
  })
})
