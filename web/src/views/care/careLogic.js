// The care pages' pure parts (issue 19): months, the form of a category's fields (built, checked
// and sent as the server checks them: src/domain/care/categories.cpp), a visit's record, the
// filters kept in the address, the workers who may take a visit or a need, and how a
// compliance rate reads. No Vue.
import { checkDate } from '../../composables/dates.js'

export const ARCHIVE_STATUSES = ['open', 'closed']
export const VISIT_STATUSES = ['due', 'done', 'missed', 'cancelled']
export const NEED_STATUSES = ['open', 'assigned', 'closed']
export const URGENCIES = ['low', 'normal', 'urgent']
export const VISIT_MODES = ['in_person', 'phone', 'video']
/** At most this many needs with one visit (the server's limit). */
export const MAX_VISIT_NEEDS = 10

// ---- months (China time, YYYY-MM) ----

/** The month of `now` in China, YYYY-MM. */
export function thisMonth(now = new Date()) {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7)
}

/** True for a real month YYYY-MM. */
export const isMonth = (value) => /^\d{4}-(0[1-9]|1[0-2])$/.test(String(value ?? ''))

/** The month `delta` months after `month` (before for a negative delta). */
export function addMonths(month, delta) {
  const [year, m] = month.split('-').map(Number)
  const index = year * 12 + (m - 1) + delta
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`
}

export const previousMonth = (month) => addMonths(month, -1)

/** Whether every day of `month` has passed (in China). */
export const monthOver = (month, now = new Date()) => month < thisMonth(now)

// ---- a category's fields ----

/** The categories the caller may open and read everywhere in its scope, by group. */
export function groupedCategories(groups, items) {
  const readable = (items || []).filter((c) => c.readable)
  return (groups || [])
    .map((g) => ({ code: g.code, name: g.name, items: readable.filter((c) => c.group === g.code) }))
    .filter((g) => g.items.length)
}

/** The form's values of a category's fields: each a text, from `values` (an archive's) or ''. */
export function fieldValues(category, values = {}) {
  return Object.fromEntries((category?.fields || []).map((f) => [f.key, values?.[f.key] == null ? '' : String(values[f.key])]))
}

const NUMBER = /^\d+(\.\d+)?$/
const INTEGER = /^\d+$/

/** What is wrong with one value of a field, as a rule key under care.rules ('' for nothing). */
export function fieldProblem(field, value) {
  const text = String(value ?? '').trim()
  if (!text) return field.required ? 'required' : ''
  switch (field.type) {
    case 'number': return NUMBER.test(text) && text.length <= 20 ? '' : 'number'
    case 'integer': return INTEGER.test(text) && text.length <= 18 ? '' : 'integer'
    case 'date': return checkDate(text) ? 'dateFormat' : ''
    case 'enum': return (field.options || []).includes(text) ? '' : 'option'
    case 'bool': return text === 'true' || text === 'false' ? '' : 'option'
    default: return [...text].length <= 200 ? '' : 'textTooLong'
  }
}

/** Every field's problem: {key: rule} for those that have one. */
export function fieldProblems(category, values) {
  const out = {}
  for (const field of category?.fields || []) {
    const problem = fieldProblem(field, values?.[field.key])
    if (problem) out[field.key] = problem
  }
  return out
}

/** What the server is sent: the filled values as trimmed text (the server keeps text). */
export function fieldsPayload(category, values) {
  const out = {}
  for (const field of category?.fields || []) {
    const text = String(values?.[field.key] ?? '').trim()
    if (text) out[field.key] = text
  }
  return out
}

/** A field's value as people read it: 是/否 for a yes-or-no, '—' for nothing. */
export function fieldText(field, value, t) {
  const text = value == null ? '' : String(value)
  if (!text) return '—'
  if (field?.type === 'bool') return text === 'true' ? t('care.yes') : text === 'false' ? t('care.no') : text
  return text
}

/** `fields.monthly_amount` (a server's 422) → 'monthly_amount', else null. */
export const fieldKeyOf = (errorField) => (typeof errorField === 'string' && errorField.startsWith('fields.') ? errorField.slice(7) : null)

// ---- the archives list ----

export const ARCHIVE_FILTER_KEYS = ['place', 'group', 'category', 'status', 'q', 'deceased', 'resident']

/** The list's filters from the address (status open unless told, the dead ones on request). */
export function archiveFiltersFromQuery(query = {}) {
  const text = (key) => (typeof query[key] === 'string' ? query[key] : '')
  const status = text('status')
  return {
    place: /^\d{4,15}$/.test(text('place')) ? text('place') : '',
    group: text('group'),
    category: text('category'),
    status: status === 'all' ? 'all' : ARCHIVE_STATUSES.includes(status) ? status : 'open',
    q: text('q'),
    deceased: text('deceased') === 'true',
    resident: /^\d+$/.test(text('resident')) ? text('resident') : '',
  }
}

/** The filters as they go into the address (defaults left out). */
export function archiveFiltersToQuery(filters) {
  const query = {}
  if (filters.place) query.place = filters.place
  if (filters.group) query.group = filters.group
  if (filters.category) query.category = filters.category
  if (filters.status && filters.status !== 'open') query.status = filters.status
  if (filters.q?.trim()) query.q = filters.q.trim()
  if (filters.deceased) query.deceased = 'true'
  if (filters.resident) query.resident = filters.resident
  return query
}

/** The filters as the API takes them (身故待关档 asks for open archives only). */
export function archiveFiltersToApi(filters) {
  return {
    place: filters.place || undefined,
    group: filters.group || undefined,
    category: filters.category || undefined,
    status: filters.deceased || filters.status === 'all' ? undefined : filters.status,
    q: filters.q?.trim() || undefined,
    deceased: filters.deceased ? 'true' : undefined,
    resident: filters.resident || undefined,
  }
}

// ---- visits ----

/** A grid worker sees their own visits first; one who assigns them (care.manage) the place's. */
export const defaultMine = (can) => !can('care.manage') && can('care.visit')

/** The visits page's filters from the address. */
export function visitFiltersFromQuery(query = {}, mineByDefault = false, now = new Date()) {
  const text = (key) => (typeof query[key] === 'string' ? query[key] : '')
  return {
    month: isMonth(text('month')) ? text('month') : thisMonth(now),
    mine: text('mine') === 'true' ? true : text('mine') === 'false' ? false : mineByDefault,
    status: VISIT_STATUSES.includes(text('status')) ? text('status') : '',
    place: /^\d{4,15}$/.test(text('place')) ? text('place') : '',
    visit: /^\d+$/.test(text('visit')) ? text('visit') : '',
  }
}

/** The filters as they go into the address (this month and the default `mine` left out). */
export function visitFiltersToQuery(filters, mineByDefault = false, now = new Date()) {
  const query = {}
  if (filters.month && filters.month !== thisMonth(now)) query.month = filters.month
  if (filters.mine !== mineByDefault) query.mine = filters.mine ? 'true' : 'false'
  if (filters.status) query.status = filters.status
  if (filters.place && !filters.mine) query.place = filters.place
  return query
}

/** Whether a visit may still be recorded (due, or missed and made up late). */
export const recordable = (visit) => visit.status === 'due' || visit.status === 'missed'
/** Whether a visit may still be given to another worker. */
export const assignable = recordable

/** The blank record of a visit: today, in person, every checklist item unanswered. */
export function blankRecord(visit, today) {
  return {
    visited_on: today,
    mode: 'in_person',
    findings: Object.fromEntries((visit?.checklist || []).map((item) => [item, null])),
    note: '',
    needs: [],
  }
}

export const blankNeedRow = () => ({ what: '', urgency: 'normal', due_on: '' })
const blankRow = (row) => !String(row.what || '').trim() && !row.due_on

/**
 * What is wrong with a visit's record, as rule keys: {visited_on, note, needs: {index: {what,
 * due_on}}} — the date a real one, not before the visit's month nor after today; every need row
 * that is not blank has what it needs.
 */
export function recordProblems(form, visit, today) {
  const out = {}
  const date = String(form.visited_on || '').trim()
  if (date) {
    if (checkDate(date)) out.visited_on = 'dateFormat'
    else if (visit?.month && date.slice(0, 7) < visit.month) out.visited_on = 'beforeMonth'
    else if (date > today) out.visited_on = 'future'
  }
  if ([...String(form.note || '')].length > 500) out.note = 'noteTooLong'
  const needs = {}
  form.needs.forEach((row, index) => {
    if (blankRow(row)) return
    const problems = {}
    const what = String(row.what || '').trim()
    if (!what) problems.what = 'needWhatRequired'
    else if ([...what].length > 200) problems.what = 'needWhatTooLong'
    if (row.due_on && checkDate(row.due_on)) problems.due_on = 'dateFormat'
    if (Object.keys(problems).length) needs[index] = problems
  })
  if (Object.keys(needs).length) out.needs = needs
  return out
}

/** The body of POST …/record: answered checklist items only, need rows that are not blank. */
export function recordBody(form) {
  const findings = {}
  for (const [item, value] of Object.entries(form.findings || {})) {
    if (value === true || value === false) findings[item] = value
  }
  const body = { mode: form.mode || 'in_person', findings, note: String(form.note || '').trim() }
  if (form.visited_on) body.visited_on = form.visited_on
  body.needs = form.needs.filter((row) => !blankRow(row)).map((row) => {
    const need = { what: String(row.what).trim(), urgency: row.urgency || 'normal' }
    if (row.due_on) need.due_on = row.due_on
    return need
  })
  return body
}

/** The need row a server's 422 names (`needs[1].what`) → {index, part}, else null. */
export function needFieldOf(errorField) {
  const match = /^needs\[(\d+)\]\.(what|due_on)$/.exec(String(errorField || ''))
  return match ? { index: Number(match[1]), part: match[2] } : null
}

/** The form without its blank need rows (so that the rows sent are the rows shown). */
export const withoutBlankNeeds = (needs) => needs.filter((row) => !blankRow(row))

/** The checklist items a recorded visit found a problem with. */
export const problemsFound = (visit) => Object.entries(visit?.findings || {}).filter(([, fine]) => fine === false).map(([item]) => item)

// ---- needs ----

export function needFiltersFromQuery(query = {}) {
  const text = (key) => (typeof query[key] === 'string' ? query[key] : '')
  return {
    status: NEED_STATUSES.includes(text('status')) ? text('status') : '',
    place: /^\d{4,15}$/.test(text('place')) ? text('place') : '',
    mine: text('mine') === 'true',
    id: /^\d+$/.test(text('id')) ? text('id') : '',
  }
}

export function needFiltersToQuery(filters) {
  const query = {}
  if (filters.status) query.status = filters.status
  if (filters.place) query.place = filters.place
  if (filters.mine) query.mine = 'true'
  return query
}

/** A need's own problems before it is sent: what (1–200), a real due date. */
export function needProblems(form) {
  const out = {}
  const what = String(form.what || '').trim()
  if (!what) out.what = 'needWhatRequired'
  else if ([...what].length > 200) out.what = 'needWhatTooLong'
  if (form.due_on && checkDate(form.due_on)) out.due_on = 'dateFormat'
  return out
}

// ---- workers ----

/** The roles the server lets take a visit, a need or an archive (care_repository WorkerAt). */
export const WORKER_ROLES = ['grid_worker', 'community_worker', 'town_official', 'county_official']

/**
 * The accounts that may take work at `place`: enabled, with a worker's grant that covers the
 * place; grid workers first, then community workers, then officials, each by name.
 * → [{id, name, username, role, scope_name}] (the covering grant's).
 */
export function workerCandidates(accounts, place) {
  const out = []
  for (const account of accounts || []) {
    if (account.disabled || account.id == null) continue
    const grant = WORKER_ROLES.map((role) => (account.grants || []).find((g) => g.role === role && g.scope_code && String(place || '').startsWith(g.scope_code)))
      .find(Boolean)
    if (!grant) continue
    out.push({ id: account.id, name: account.display_name || account.username, username: account.username, role: grant.role, scope_name: grant.scope_name || grant.scope_code })
  }
  return out.sort((a, b) => WORKER_ROLES.indexOf(a.role) - WORKER_ROLES.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'))
}

// ---- compliance ----

/** A rate (0…1) as a percentage with one decimal at most; '—' when none was planned. */
export function rateText(rate) {
  if (rate === null || rate === undefined || !Number.isFinite(Number(rate))) return '—'
  const percent = Math.round(Number(rate) * 1000) / 10
  return `${percent}%`
}

/**
 * How a row's rate reads: 'none' (nothing planned); in a month not over yet 'good' (≥ 90 % on
 * time already) or 'open' (visits still to make); once over 'good' ≥ 90 %, 'warning' ≥ 60 %,
 * else 'danger'.
 */
export function rateTone(row, over) {
  if (!row || !row.planned || row.rate === null || row.rate === undefined) return 'none'
  if (row.rate >= 0.9) return 'good'
  if (!over) return 'open'
  return row.rate >= 0.6 ? 'warning' : 'danger'
}

const PLACE_DIGITS = [4, 6, 9, 12, 15]

/** The place one level up (扬州市 3210 has none): null at the top or for a malformed code. */
export function parentPlace(code) {
  const index = PLACE_DIGITS.indexOf(String(code || '').length)
  return index > 0 ? code.slice(0, PLACE_DIGITS[index - 1]) : null
}

/** Whether the place one level up of `place` still lies inside the caller's `top` scope. */
export const canGoUp = (place, top) => {
  const parent = parentPlace(place)
  return Boolean(parent && top && parent.startsWith(top))
}

// ---- 政策找人 (decision 0032): findings of the eligibility rules, their outcomes ----

export const FINDING_KINDS = ['eligible', 'no_longer_eligible']
export const FINDING_STATUSES = ['open', 'resolved', 'applied', 'declined', 'not_eligible', 'enrolled', 'stopped']

/**
 * The outcomes a worker may record for a finding of each kind (the server's rule:
 * enrolled only for eligible, stopped only for no_longer_eligible). For a person found no
 * longer eligible, not_eligible says the finding was wrong: 核实仍符合.
 */
const OUTCOMES = {
  eligible: ['applied', 'declined', 'not_eligible', 'enrolled'],
  no_longer_eligible: ['stopped', 'not_eligible', 'declined'],
}
export const outcomeChoices = (kind) => [...(OUTCOMES[kind] || [])]

/** Whether a finding still waits for its outcome. */
export const decidable = (finding) => finding?.status === 'open'

/**
 * The locale key of a finding's status as people read it: the outcome's own words for its
 * kind (核实仍符合 for a no_longer_eligible one found still eligible), else the status's.
 */
export function findingStatusKey(finding) {
  if (finding?.kind === 'no_longer_eligible' && finding.status === 'not_eligible') return 'care.findingStatus.still_eligible'
  return `care.findingStatus.${finding?.status}`
}

/** What is wrong with an outcome before it is sent: a status the kind allows, a note ≤ 500. */
export function outcomeProblems(form, kind) {
  const out = {}
  if (!form.status) out.status = 'outcomeStatusRequired'
  else if (!outcomeChoices(kind).includes(form.status)) out.status = 'option'
  if ([...String(form.note || '')].length > 500) out.note = 'noteTooLong'
  return out
}

/** The body of POST …/outcome: the status and the trimmed note (left out when empty). */
export function outcomeBody(form) {
  const body = { status: form.status }
  const note = String(form.note || '').trim()
  if (note) body.note = note
  return body
}

/** The findings page's filters from the address: status 待联系 (open) unless told, 'all' for every one. */
export function findingFiltersFromQuery(query = {}) {
  const text = (key) => (typeof query[key] === 'string' ? query[key] : '')
  const status = text('status')
  return {
    benefit: /^[a-z0-9_]{1,64}$/.test(text('benefit')) ? text('benefit') : '',
    kind: FINDING_KINDS.includes(text('kind')) ? text('kind') : '',
    status: status === 'all' ? 'all' : FINDING_STATUSES.includes(status) ? status : 'open',
    place: /^\d{4,15}$/.test(text('place')) ? text('place') : '',
  }
}

/** The filters as they go into the address (defaults left out). */
export function findingFiltersToQuery(filters) {
  const query = {}
  if (filters.benefit) query.benefit = filters.benefit
  if (filters.kind) query.kind = filters.kind
  if (filters.status && filters.status !== 'open') query.status = filters.status
  if (filters.place) query.place = filters.place
  return query
}

/** The filters as the API takes them ('all' asks for no status). */
export function findingFiltersToApi(filters) {
  return {
    benefit: filters.benefit || undefined,
    kind: filters.kind || undefined,
    status: filters.status && filters.status !== 'all' ? filters.status : undefined,
    place: filters.place || undefined,
  }
}

/** The signals page's filter from the address: the place. */
export const signalFiltersFromQuery = (query = {}) => ({
  place: typeof query.place === 'string' && /^\d{4,15}$/.test(query.place) ? query.place : '',
})
export const signalFiltersToQuery = (filters) => (filters.place ? { place: filters.place } : {})
