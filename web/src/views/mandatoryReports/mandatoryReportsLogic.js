// The mandatory reports pages' pure parts (强制报告; decision 0034): the kinds, statuses and
// referrals the server knows, the county a reporter may report in (its grants' first 6 digits),
// the report form checked as the server checks it and the body sent, which step a report's status
// allows, the deadline that matters now, and the handlers' list filters kept in the address.
// No Vue.
import { checkPhone } from '../people/residentRules.js'

export const KINDS = ['abuse', 'neglect', 'abandonment', 'sexual_abuse', 'injury', 'other']
export const STATUSES = ['received', 'acknowledged', 'closed']
export const REFERRALS = ['none', 'police', 'procuratorate', 'court', 'health', 'other']
export const MAX_INSTITUTION = 60
export const MAX_CHILD_NAME = 20
export const MAX_CHILD_ADDRESS = 100
export const MAX_DESCRIPTION = 1000
export const MAX_OUTCOME = 1000
/** The ages a child may have (0–17): the choices of the form's age select. */
export const CHILD_AGES = Array.from({ length: 18 }, (_, i) => i)
/** The fields of the report form, in the order the form shows them (the server's names). */
export const REPORT_FIELDS = [
  'institution', 'contact_phone', 'place_code', 'kind', 'urgent', 'child_name', 'child_age', 'child_address', 'description',
]

const length = (value) => [...String(value ?? '').trim()].length

// ---- the reporter ----

/**
 * The counties (6-digit codes) a reporter may report in: those of its institution grants (a grant
 * at a county, town or community), in the order of the grants, once each. Any grant when it has
 * no institution grant (the server decides with the minors.report scope).
 */
export function reporterCounties(grants) {
  const all = (grants || []).filter((g) => String(g?.scope_code || '').length >= 6)
  const own = all.filter((g) => g.role === 'institution')
  return [...new Set((own.length ? own : all).map((g) => String(g.scope_code).slice(0, 6)))]
}

/** A fresh form: the institution's name is the account's display name (the reporter may change it). */
export function blankReportForm(account) {
  return {
    institution: String(account?.display_name || '').trim(),
    contact_phone: '',
    place_code: '',
    kind: '',
    urgent: false,
    child_name: '',
    child_age: '',
    child_address: '',
    description: '',
  }
}

/**
 * What is wrong with the form before it is sent, as rule keys by field: the institution (1–60),
 * a phone (a mobile or a fixed line with its area code, as the server's ParsePhone), the child's
 * community (12 digits, within one of `counties`), a kind, a name ≤ 20, an age 0–17, an address ≤
 * 100, a description 1–1000.
 */
export function reportProblems(form, counties = []) {
  const out = {}
  if (!length(form.institution)) out.institution = 'institutionRequired'
  else if (length(form.institution) > MAX_INSTITUTION) out.institution = 'institutionTooLong'
  if (!String(form.contact_phone ?? '').trim()) out.contact_phone = 'phoneRequired'
  else if (checkPhone(form.contact_phone)) out.contact_phone = 'phoneFormat'
  const place = String(form.place_code || '')
  if (!/^\d{12}$/.test(place)) out.place_code = 'placeRequired'
  else if (counties.length && !counties.some((c) => place.startsWith(c))) out.place_code = 'placeOutside'
  if (!KINDS.includes(form.kind)) out.kind = 'kindRequired'
  if (length(form.child_name) > MAX_CHILD_NAME) out.child_name = 'childNameTooLong'
  const age = String(form.child_age ?? '').trim()
  if (age && (!/^\d{1,2}$/.test(age) || Number(age) > 17)) out.child_age = 'childAge'
  if (length(form.child_address) > MAX_CHILD_ADDRESS) out.child_address = 'childAddressTooLong'
  if (!length(form.description)) out.description = 'descriptionRequired'
  else if (length(form.description) > MAX_DESCRIPTION) out.description = 'descriptionTooLong'
  return out
}

/** The body of POST /mandatory-reports: trimmed texts; the child's name, age and address only when given. */
export function toReportBody(form) {
  const body = {
    institution: String(form.institution).trim(),
    contact_phone: String(form.contact_phone).trim(),
    place_code: form.place_code,
    kind: form.kind,
    urgent: Boolean(form.urgent),
    description: String(form.description).trim(),
  }
  const name = String(form.child_name || '').trim()
  if (name) body.child_name = name
  const age = String(form.child_age ?? '').trim()
  if (age) body.child_age = Number(age)
  const address = String(form.child_address || '').trim()
  if (address) body.child_address = address
  return body
}

// ---- a report's status ----

/** The tone of a status tag (Element Plus types). */
export const STATUS_TONES = { received: 'warning', acknowledged: 'primary', closed: 'success' }
export const statusTone = (status) => STATUS_TONES[status] || 'info'

/** The steps a handler (care.minors) may take now: 受理 while received, 办结 once acknowledged. */
export function reportActions(report, can) {
  const handling = Boolean(can?.('care.minors'))
  return {
    acknowledge: handling && report?.status === 'received',
    close: handling && report?.status === 'acknowledged',
  }
}

/**
 * The deadline that matters now: {stage: 'acknowledge' | 'close', at} — to be acknowledged while
 * received, to be closed once acknowledged — or null for a closed report (or an unknown time).
 */
export function currentDeadline(report) {
  if (report?.status === 'received' && report.acknowledge_due_at) return { stage: 'acknowledge', at: report.acknowledge_due_at }
  if (report?.status === 'acknowledged' && report.close_due_at) return { stage: 'close', at: report.close_due_at }
  return null
}

/** What is wrong with 办结 before it is sent: {outcome?, referral?} rule keys. */
export function closeProblems(form) {
  const out = {}
  if (!length(form.outcome)) out.outcome = 'outcomeRequired'
  else if (length(form.outcome) > MAX_OUTCOME) out.outcome = 'outcomeTooLong'
  if (!REFERRALS.includes(form.referral)) out.referral = 'referralRequired'
  return out
}

// ---- the handlers' list filters (kept in the address) ----

const text = (query, key) => (typeof query[key] === 'string' ? query[key] : '')

export function reportFiltersFromQuery(query = {}) {
  return {
    place: /^\d{4,15}$/.test(text(query, 'place')) ? text(query, 'place') : '',
    status: STATUSES.includes(text(query, 'status')) ? text(query, 'status') : '',
    overdue: text(query, 'overdue') === 'true',
  }
}

export function reportFiltersToQuery(filters) {
  const query = {}
  if (filters.place) query.place = filters.place
  if (filters.status) query.status = filters.status
  if (filters.overdue) query.overdue = 'true'
  return query
}

export const reportFiltersToApi = (filters) => ({
  place: filters.place || undefined,
  status: filters.status || undefined,
  overdue: filters.overdue ? 'true' : undefined,
})
