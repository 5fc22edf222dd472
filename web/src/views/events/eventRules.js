// Pure helpers of the event pages: deadline warnings and their text, the fields each action
// asks for, department lists, coordinates and the category tree. No Vue, no HTTP:
// unit-tested in eventRules.test.js.

export const EVENT_STATES = ['reported', 'assigned', 'in_progress', 'escalated', 'resolved', 'verified', 'closed', 'cancelled']
export const URGENCIES = ['normal', 'urgent']

/**
 * The departments (GET /api/v1/departments: {code, name}) whose name or code contains the
 * query, case and surrounding spaces ignored, in the order listed. An empty query keeps all.
 */
export function filterDepartments(departments = [], query = '') {
  const q = String(query || '').trim().toLowerCase()
  if (!q) return departments
  return departments.filter((d) => String(d.name || '').toLowerCase().includes(q) || String(d.code || '').toLowerCase().includes(q))
}

// What each action asks for. `required` fields must be filled before sending; the server
// checks again and names the field it misses (422).
const EVENT_ACTIONS = {
  assign: { fields: ['assignee', 'reason'], required: ['assignee'] },
  start: { fields: [], required: [] },
  resolve: { fields: ['reason'], required: [] },
  verify: { fields: [], required: [] },
  reject_verification: { fields: ['reason'], required: ['reason'] },
  close: { fields: [], required: [] },
  reopen: { fields: ['reason'], required: ['reason'] },
  cancel: { fields: ['reason'], required: ['reason'] },
}
const ESCALATION_ACTIONS = {
  check_in: { fields: [], required: [] },
  decline: { fields: ['reason'], required: ['reason'] },
  request_extension: { fields: ['amount', 'reason'], required: ['amount', 'reason'] },
  give_feedback: { fields: ['feedback'], required: ['feedback'] },
  approve_extension: { fields: ['reason'], required: [] },
  reject_extension: { fields: ['reason'], required: ['reason'] },
  supervise: { fields: ['reason'], required: ['reason'] },
  verify_pass: { fields: [], required: [] },
  verify_fail: { fields: ['reason'], required: ['reason'] },
  withdraw: { fields: ['reason'], required: ['reason'] },
  reopen: { fields: ['reason'], required: ['reason'] },
  rate: { fields: ['rating'], required: ['rating'] },
}

/** {fields, required} of an action of 'event' or 'escalation'; unknown actions ask for a reason. */
export function actionForm(kind, action) {
  const table = kind === 'escalation' ? ESCALATION_ACTIONS : EVENT_ACTIONS
  return table[action] || { fields: ['reason'], required: [] }
}

/** True when the action can be sent at once (asks for nothing). */
export function isDirectAction(kind, action) {
  return actionForm(kind, action).fields.length === 0
}

/** The first required field left empty, or null. */
export function missingField(kind, action, values) {
  for (const field of actionForm(kind, action).required) {
    const value = values?.[field]
    if (value === undefined || value === null || String(value).trim() === '') return field
    if (field === 'rating' && !(Number(value) >= 1 && Number(value) <= 5)) return field
    if (field === 'amount' && !(Number(value) > 0)) return field
  }
  return null
}

/** Splits typed department names (comma, 、, semicolon, new line) and merges checked ones, without repeats. */
export function parseDepartments(text, checked = []) {
  const typed = String(text || '').split(/[,，、;；\n\r]+/).map((s) => s.trim()).filter(Boolean)
  return [...new Set([...checked, ...typed])]
}

/** Days, hours and minutes of a duration (absolute value, rounded up to the minute). */
export function durationParts(ms) {
  const minutes = Math.ceil(Math.abs(ms) / 60000)
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 }
}

/** "2天3小时" / "45分钟" through the events.duration keys. */
export function formatDuration(t, ms) {
  const { days, hours, minutes } = durationParts(ms)
  const parts = []
  if (days) parts.push(t('events.duration.days', { n: days }))
  if (hours) parts.push(t('events.duration.hours', { n: hours }))
  if (!days && (minutes || !hours)) parts.push(t('events.duration.minutes', { n: minutes }))
  return parts.join(t('events.duration.separator'))
}

/**
 * The deadline state of an escalation's current stage at `now`: the server's warning, raised
 * to red once the deadline has passed (the page may be open longer than the server's view).
 * → {level: 'none'|'yellow'|'red', deadlineAt, remainingMs, overdue} or null without a stage.
 */
export function deadlineStatus(escalation, now = Date.now()) {
  if (!escalation || !escalation.stage || !escalation.stage_deadline_at) return null
  const deadlineAt = Number(escalation.stage_deadline_at)
  const remainingMs = deadlineAt - now
  const overdue = remainingMs <= 0
  let level = ['none', 'yellow', 'red'].includes(escalation.warning) ? escalation.warning : 'none'
  if (overdue) level = 'red'
  return { level, deadlineAt, remainingMs, overdue }
}

/** The words that go with the warning colour: never colour alone. */
export function warningText(t, status) {
  if (!status) return ''
  const label = t(`events.warning.${status.level}`)
  const time = formatDuration(t, status.remainingMs)
  const rest = status.overdue ? t('events.warning.overdueBy', { time }) : t('events.warning.remaining', { time })
  return t('events.warning.text', { label, rest })
}

/** Leaf categories grouped under their active parents, for the category picker. */
export function categoryGroups(items = []) {
  const active = items.filter((c) => c.active !== false)
  const parents = active.filter((c) => !c.parent_code)
  const groups = parents.map((p) => ({
    code: p.code,
    name: p.name,
    children: active.filter((c) => c.parent_code === p.code),
  })).filter((g) => g.children.length)
  const orphans = active.filter((c) => c.parent_code && !parents.some((p) => p.code === c.parent_code))
  if (orphans.length) groups.push({ code: '', name: '', children: orphans })
  return groups
}

// WGS-84 box around China (the server checks the exact rule).
const CHINA = { latMin: 3.8, latMax: 53.6, lonMin: 73.5, lonMax: 135.1 }

/**
 * Checks typed coordinates: both empty is fine (no pin); one alone, non-numbers or a point
 * outside China are not. → null or {field: 'lat'|'lon', reason: 'pair'|'number'|'china'}.
 */
export function checkCoordinates(lat, lon) {
  const empty = (v) => v === '' || v === null || v === undefined
  if (empty(lat) && empty(lon)) return null
  if (empty(lat)) return { field: 'lat', reason: 'pair' }
  if (empty(lon)) return { field: 'lon', reason: 'pair' }
  const a = Number(lat)
  const b = Number(lon)
  if (!Number.isFinite(a)) return { field: 'lat', reason: 'number' }
  if (!Number.isFinite(b)) return { field: 'lon', reason: 'number' }
  if (a < CHINA.latMin || a > CHINA.latMax) return { field: 'lat', reason: 'china' }
  if (b < CHINA.lonMin || b > CHINA.lonMax) return { field: 'lon', reason: 'china' }
  return null
}

/** The community or grid the caller reports in by default: the narrowest grant at that level. */
export function defaultPlaceCode(grants = []) {
  const codes = grants.map((g) => g.scope_code).filter((c) => c && c.length >= 12)
  return codes.sort((a, b) => a.length - b.length)[0] || ''
}

const STAGES = ['check_in', 'handle', 'verify']

/**
 * The three stages of an escalation (报到, 办理, 核查), each with its status
 * ('done' | 'current' | 'pending' | 'skipped' once the escalation ended without it), its
 * deadline (the current stage's includes approved extensions), when it was done and whether
 * on time (null when unknown).
 */
export function escalationStages(e) {
  if (!e) return []
  const ended = !e.stage
  const facts = {
    check_in: { deadlineAt: e.check_in_deadline_at, doneAt: e.checked_in_at, onTime: e.checked_in_on_time },
    handle: { deadlineAt: e.handle_deadline_at, doneAt: e.feedback_at, onTime: e.completed_on_time },
    verify: { deadlineAt: null, doneAt: e.state === 'closed' ? e.closed_at : null, onTime: null },
  }
  return STAGES.map((stage) => {
    const f = facts[stage]
    const current = e.stage === stage
    let status = 'pending'
    if (current) status = 'current'
    else if (f.doneAt) status = 'done'
    else if (ended) status = 'skipped'
    return {
      stage,
      status,
      deadlineAt: (current ? e.stage_deadline_at : f.deadlineAt) || null,
      doneAt: current ? null : f.doneAt || null,
      onTime: current || f.onTime === undefined ? null : f.onTime,
    }
  })
}

/** Today and the first day of its month in China time (UTC+8), as YYYY-MM-DD. */
export function defaultRankingPeriod(now = Date.now()) {
  const today = new Date(now + 8 * 3600_000).toISOString().slice(0, 10)
  return { from: `${today.slice(0, 8)}01`, to: today }
}

/** A rate 0..1 as "87.5%", or "—" when there is none. */
export function percent(rate) {
  if (rate === null || rate === undefined || Number.isNaN(Number(rate))) return '—'
  return `${Math.round(Number(rate) * 1000) / 10}%`
}

/** A random key for Idempotency-Key: one per filled form, so a double submit files once. */
export function newIdempotencyKey() {
  const random = globalThis.crypto?.randomUUID?.() || `${Date.now()}-${Math.random().toString(36).slice(2)}`
  return `ev-${random}`
}

/** The words for an action (events.actions.*), or its code when the interface has none. */
export function actionLabel(t, te, action) {
  const key = `events.actions.${action}`
  return te(key) ? t(key) : action
}

/**
 * The words for a state of an event (events.states.*) or of an escalation
 * (events.escalationStates.*, looked up first when `escalation`), else the code; '—' for none.
 */
export function stateLabel(t, te, state, escalation = false) {
  if (!state) return '—'
  const keys = [`events.states.${state}`, `events.escalationStates.${state}`]
  const key = (escalation ? keys.reverse() : keys).find((k) => te(k))
  return key ? t(key) : state
}

/** Timeline entries oldest first; escalation rows carry their department's name. */
export function timelineRows(event) {
  const departments = new Map((event?.escalations || []).map((e) => [e.id, e.department]))
  return [...(event?.transitions || [])]
    .sort((a, b) => a.at - b.at || a.id - b.id)
    .map((row) => ({ ...row, department: row.escalation_id ? departments.get(row.escalation_id) || '' : '' }))
}

/** Where an event is, for people: its community's name and its grid's (codes only when unnamed). */
export function placeText(event) {
  if (!event) return '—'
  const community = event.community_name || event.community_code || ''
  const grid = event.grid_name || ''
  const text = grid ? `${community} · ${grid}` : community
  return text || event.place_code || '—'
}
