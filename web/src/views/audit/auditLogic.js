// Pure helpers of the audit-log page (审计日志): the actions and subject types with their
// labels, the filters in the address and their conversion to the API's query (dates are
// Beijing days: `from` is the start of the first day, `until` the start of the day after the
// last, epoch ms), the form's checks that mirror the server's, and the display of a record's
// time and detail. No Vue, no HTTP: unit-tested in auditLogic.test.js.

/** The server's actions, in the order the select offers them. */
export const AUDIT_ACTIONS = ['read', 'export', 'create', 'update', 'delete', 'import', 'login', 'logout', 'login_failed', 'lock', 'verification']
/** The subject types the select offers (the server accepts any text). */
export const SUBJECT_TYPES = ['resident', 'household', 'building', 'account', 'export', 'login']
/** The filter fields, in the address and in the form. */
export const FILTER_KEYS = ['action', 'subject_type', 'subject_id', 'actor', 'from', 'to']

const HOUR = 3_600_000
const DAY = 24 * HOUR
/** China's offset from UTC (no daylight saving). */
const BEIJING_OFFSET = 8 * HOUR
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

export const emptyAuditFilters = () => ({ action: '', subject_type: '', subject_id: '', actor: '', from: '', to: '' })

/** A real calendar date as YYYY-MM-DD, else null. */
function parseDate(text) {
  const m = DATE.exec(String(text ?? '').trim())
  if (!m) return null
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])]
  const ms = Date.UTC(year, month - 1, day)
  const back = new Date(ms)
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day) return null
  return ms
}

/** Epoch ms of 00:00 Beijing time on the day YYYY-MM-DD, or null when it is no date. */
export function beijingDayStart(date) {
  const utcMidnight = parseDate(date)
  return utcMidnight === null ? null : utcMidnight - BEIJING_OFFSET
}

/** Epoch ms of 00:00 Beijing time on the day after YYYY-MM-DD (an exclusive end), or null. */
export function beijingDayEnd(date) {
  const start = beijingDayStart(date)
  return start === null ? null : start + DAY
}

const one = (v) => String((Array.isArray(v) ? v[0] : v) ?? '').trim()

/** The form's filters from the address (?action=…&from=YYYY-MM-DD…). */
export function filtersFromQuery(query = {}) {
  const filters = emptyAuditFilters()
  for (const key of FILTER_KEYS) filters[key] = one(query[key])
  return filters
}

/** The address of the form's filters: only the filled ones, trimmed. */
export function filtersToQuery(filters = {}) {
  const query = {}
  for (const key of FILTER_KEYS) {
    const value = one(filters[key])
    if (value) query[key] = value
  }
  return query
}

/**
 * The API's query of the filters (GET /api/v1/audit and its export): dates become Beijing
 * days in epoch ms (`from` inclusive, `until` exclusive); empty filters are left out.
 */
export function filtersToApi(filters = {}) {
  const f = filtersFromQuery(filters)
  const query = {}
  if (f.actor) query.actor = f.actor
  if (f.action) query.action = f.action
  if (f.subject_type) query.subject_type = f.subject_type
  if (f.subject_id) query.subject_id = f.subject_id
  const from = beijingDayStart(f.from)
  const until = beijingDayEnd(f.to)
  if (from !== null) query.from = from
  if (until !== null) query.until = until
  return query
}

/**
 * Checks the form as the server does; returns {field: ruleKey} (empty when valid), the rule
 * keys being message keys under audit.rules. Fields: actor, action, subject_type,
 * subject_id, from, to.
 */
export function validateAuditFilters(filters = {}) {
  const f = filtersFromQuery(filters)
  const errors = {}
  if (f.actor && !/^\d{1,18}$/.test(f.actor)) errors.actor = 'actorFormat'
  if (f.action && !AUDIT_ACTIONS.includes(f.action)) errors.action = 'actionUnknown'
  if (f.subject_id && !f.subject_type) errors.subject_type = 'subjectTypeRequired'
  if (f.subject_type.length > 64) errors.subject_type = 'subjectTooLong'
  if (f.subject_id.length > 200) errors.subject_id = 'subjectTooLong'
  if (f.from && beijingDayStart(f.from) === null) errors.from = 'dateFormat'
  if (f.to && beijingDayStart(f.to) === null) errors.to = 'dateFormat'
  if (!errors.from && !errors.to && f.from && f.to && f.to < f.from) errors.to = 'rangeOrder'
  return errors
}

/** The form field beside which a server error naming `field` is shown (until → the end date). */
export function formFieldOf(field) {
  if (field === 'until') return 'to'
  return FILTER_KEYS.includes(field) ? field : null
}

/** The label of an action (查看个人信息, 登录失败…), or the action itself when unknown. */
export function actionLabel(t, action) {
  const key = `audit.actions.${action}`
  const text = t(key)
  return text === key ? String(action ?? '') : text
}

/** The label of a subject type (居民, 账号…), or the type itself when unknown. */
export function subjectTypeLabel(t, type) {
  if (!type) return ''
  const key = `audit.subjectTypes.${type}`
  const text = t(key)
  return text === key ? String(type) : text
}

/** A record's detail as indented JSON (a string that was no JSON object stays as it is). */
export function prettyDetail(detail) {
  if (detail === null || detail === undefined) return '{}'
  if (typeof detail === 'string') {
    try {
      return JSON.stringify(JSON.parse(detail), null, 2)
    } catch {
      return detail
    }
  }
  return JSON.stringify(detail, null, 2)
}

/** True when the detail holds something worth expanding (not {} or empty). */
export function hasDetail(detail) {
  if (detail === null || detail === undefined || detail === '') return false
  if (typeof detail === 'object') return Object.keys(detail).length > 0
  return true
}

/** The actor as shown: its name and, for an account, its number ("admin（#1）"). */
export function actorText(record) {
  const name = record?.actor_name || ''
  const id = Number(record?.actor_id)
  return id > 0 ? `${name}（#${id}）` : name || '—'
}
