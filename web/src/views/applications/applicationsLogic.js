// The applications pages' pure parts (救助申请; decision 0035): the kinds, statuses, decisions and
// step levels the server knows, the application form checked as the server checks it and the
// body sent (a finding's id only while the form still asks what the finding found), the steps an
// application's status allows, the decision and payment dialogs' checks, the amounts in yuan and
// the list filters kept in the address. No Vue.

export const KINDS = ['benefit', 'emergency']
export const STATUSES = ['town', 'county', 'approved', 'rejected', 'paid']
export const DECISIONS = ['approve', 'reject']
export const LEVELS = ['town', 'county', 'payment']
export const MAX_REASON = 500
export const MAX_NOTE = 500
/** The largest emergency amount a town decides (yuan; the server's kMaxEmergencyCents). */
export const MAX_EMERGENCY_YUAN = 50000
/** The fields of the application form (the server's names), in the order the form shows them. */
export const APPLICATION_FIELDS = ['resident_id', 'kind', 'benefit', 'amount', 'reason']

const length = (value) => [...String(value ?? '').trim()].length

// ---- money (yuan, at most 2 decimals) ----

/** Yuan → whole fen, or null for nothing. */
export function toFen(yuan) {
  if (yuan === null || yuan === undefined || yuan === '' || !Number.isFinite(Number(yuan))) return null
  return Math.round(Number(yuan) * 100)
}

/** An amount as people read it: ¥2,000.00; '—' for nothing. */
export function formatYuan(yuan) {
  const fen = toFen(yuan)
  if (fen === null) return '—'
  const sign = fen < 0 ? '-' : ''
  const [whole, cents] = (Math.abs(fen) / 100).toFixed(2).split('.')
  return `${sign}¥${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`
}

/**
 * What is wrong with an amount as typed (yuan, up to 2 decimals, more than 0 and at most `max`):
 * '' when nothing, else the rule key — amountRequired, amountFormat, amountPositive, amountMax.
 */
export function amountProblem(text, max) {
  const value = String(text ?? '').trim()
  if (!value) return 'amountRequired'
  if (!/^\d{1,6}(\.\d{1,2})?$/.test(value)) return 'amountFormat'
  const fen = toFen(value)
  if (fen <= 0) return 'amountPositive'
  if (max !== undefined && max !== null && fen > toFen(max)) return 'amountMax'
  return ''
}

// ---- the application form ----

/**
 * A fresh form; `prefill` from a 政策找人 finding ({benefit, finding_id}) asks for that benefit.
 * The person is chosen beside the form (ResidentPicker), not kept in it.
 */
export function blankApplicationForm(prefill = {}) {
  return {
    kind: prefill?.benefit ? 'benefit' : '',
    benefit: prefill?.benefit || '',
    amount: '',
    reason: '',
  }
}

/**
 * What is wrong with the form before it is sent, as rule keys by field: a person chosen, a kind,
 * for a benefit one of `benefits` (its code; any when the list is not known), for an emergency
 * an amount of 0–50,000 yuan (more than 0), a reason of 1–500 characters.
 */
export function applicationProblems(form, { resident, benefits } = {}) {
  const out = {}
  if (!resident?.id) out.resident_id = 'residentRequired'
  if (!KINDS.includes(form.kind)) out.kind = 'kindRequired'
  if (form.kind === 'benefit') {
    if (!form.benefit) out.benefit = 'benefitRequired'
    else if (Array.isArray(benefits) && benefits.length && !benefits.some((b) => b.code === form.benefit)) out.benefit = 'benefitRequired'
  }
  if (form.kind === 'emergency') {
    const problem = amountProblem(form.amount, MAX_EMERGENCY_YUAN)
    if (problem) out.amount = problem === 'amountMax' ? 'amountEmergencyMax' : problem
  }
  if (!length(form.reason)) out.reason = 'reasonRequired'
  else if (length(form.reason) > MAX_REASON) out.reason = 'reasonTooLong'
  return out
}

/**
 * The body of POST /care/applications: the person, the kind, the benefit (benefit only) or the
 * amount in yuan (emergency only), the trimmed reason; the finding's id when the application is
 * still the one the finding suggests (its person and its benefit).
 */
export function toApplicationBody(form, resident, finding = null) {
  const body = { resident_id: resident.id, kind: form.kind, reason: String(form.reason).trim() }
  if (form.kind === 'benefit') body.benefit = form.benefit
  if (form.kind === 'emergency') body.amount = toFen(String(form.amount).trim()) / 100
  if (finding?.finding_id && form.kind === 'benefit' && form.benefit === finding.benefit && resident.id === finding.resident_id) {
    body.finding_id = finding.finding_id
  }
  return body
}

/** The person a finding names, as the resident picker shows one until the registry's record comes. */
export const residentOfFinding = (finding) => (finding?.resident_id
  ? { id: finding.resident_id, name: finding.resident_name, place_name: finding.place_name }
  : null)

/** What the form opened from a finding starts with: its person, its benefit and its id. */
export const prefillOfFinding = (finding) => ({
  resident_id: finding.resident_id,
  resident_name: finding.resident_name,
  place_name: finding.place_name,
  benefit: finding.benefit,
  benefit_name: finding.benefit_name,
  finding_id: finding.id,
  found_on: finding.found_on,
})

/** Whether a finding may lead to an application: someone who may qualify, open or helped to apply. */
export const applicableFinding = (finding) => finding?.kind === 'eligible' && ['open', 'applied'].includes(finding.status)

// ---- an application's status ----

export const STATUS_TONES = { town: 'warning', county: 'warning', approved: 'primary', rejected: 'info', paid: 'success' }
export const statusTone = (status) => STATUS_TONES[status] || 'info'

/** Whether the application waits for a decision (town review or county approval). */
export const pending = (application) => ['town', 'county'].includes(application?.status)

/**
 * The steps the caller (care.manage) may try now: 审核 while with the town, 审批 while with the
 * county (the server then decides whether the caller is of the stage's level: 403 otherwise),
 * 登记发放 once an emergency is approved.
 */
export function applicationActions(application, can) {
  const managing = Boolean(can?.('care.manage'))
  return {
    decide: managing && pending(application),
    pay: managing && application?.kind === 'emergency' && application?.status === 'approved',
  }
}

/** The locale key of the stage's decision: 审核 (town) or 审批 (county). */
export const decideKey = (application) => (application?.status === 'county' ? 'approve' : 'review')

/** What an application asks for, as one line: the benefit's name, or the emergency's amount. */
export const subjectOf = (application) => (application?.kind === 'emergency'
  ? formatYuan(application.amount)
  : application?.benefit_name || application?.benefit || '—')

/** The decision dialog's checks: a decision; a note to reject; any note ≤ 500. */
export function decideProblems(form) {
  const out = {}
  if (!DECISIONS.includes(form.decision)) out.decision = 'decisionRequired'
  if (form.decision === 'reject' && !length(form.note)) out.note = 'noteRequiredToReject'
  else if (length(form.note) > MAX_NOTE) out.note = 'noteTooLong'
  return out
}

/** The body of …/decide: the decision and the trimmed note (left out when empty). */
export function decideBody(form) {
  const body = { decision: form.decision }
  const note = String(form.note || '').trim()
  if (note) body.note = note
  return body
}

/** The payment dialog's checks: an amount above 0 and at most the amount approved; a note ≤ 500. */
export function payProblems(form, approved) {
  const out = {}
  const problem = amountProblem(form.amount, approved)
  if (problem) out.amount = problem
  if (length(form.note) > MAX_NOTE) out.note = 'noteTooLong'
  return out
}

/** The body of …/pay: the amount in yuan and the trimmed note (left out when empty). */
export function payBody(form) {
  const body = { amount: toFen(String(form.amount).trim()) / 100 }
  const note = String(form.note || '').trim()
  if (note) body.note = note
  return body
}

// ---- the list filters (kept in the address) ----

const text = (query, key) => (typeof query[key] === 'string' ? query[key] : '')

export function applicationFiltersFromQuery(query = {}) {
  return {
    place: /^\d{4,15}$/.test(text(query, 'place')) ? text(query, 'place') : '',
    status: STATUSES.includes(text(query, 'status')) ? text(query, 'status') : '',
    kind: KINDS.includes(text(query, 'kind')) ? text(query, 'kind') : '',
  }
}

export function applicationFiltersToQuery(filters) {
  const query = {}
  for (const key of ['place', 'status', 'kind']) if (filters[key]) query[key] = filters[key]
  return query
}

export const applicationFiltersToApi = (filters) => ({
  place: filters.place || undefined,
  status: filters.status || undefined,
  kind: filters.kind || undefined,
})
