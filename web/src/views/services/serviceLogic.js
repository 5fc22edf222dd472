// Logic of the service-desk pages kept out of the components so that Vitest can check it:
// enumerations and their labels, catalogue filters in the address, fees and dates, the
// request form's checks, which transitions need what input, paging of the desk queue and the
// catalogue editor's conversion between form and API body.

import { formatTime } from '../../composables/dates.js'

// The one way the app writes an instant (composables/dates.js), for this module's pages.
export { formatTime }
export const CATEGORIES = [
  'civil_affairs', 'social_assistance', 'elderly_care', 'disability', 'employment',
  'social_security', 'health', 'veterans', 'household_registration', 'certificates',
]
export const HANDLING_MODES = ['home_visit', 'appointment', 'self_service', 'entrusted', 'grid_proxy']
export const CHANNELS = ['web', 'mobile', 'kiosk', 'window']
export const STATES = ['submitted', 'accepted', 'rejected', 'in_progress', 'returned', 'resubmitted', 'completed', 'closed', 'withdrawn']
/** Desk actions in the order their buttons appear. */
export const ACTIONS = ['accept', 'reject', 'start', 'return_for_material', 'resubmit', 'complete', 'close', 'withdraw', 'rate']

/** A label through i18n (services.<group>.<value>), else the server's label, else the value. */
export function serviceLabel(t, group, value, fallback) {
  if (value === null || value === undefined || value === '') return '—'
  const key = `services.${group}.${value}`
  const text = t(key)
  if (text !== key) return text
  return fallback || String(value)
}

/** "免费" for 0, else yuan with two decimals ("12.50 元"); fen are whole numbers. */
export function formatFee(t, fen) {
  const value = Number(fen)
  if (!Number.isFinite(value) || value <= 0) return t('services.guide.free')
  return t('services.guide.feeYuan', { yuan: (value / 100).toFixed(2) })
}

/** "3 个工作日", or "即办" for 0. */
export function formatWorkingDays(t, days) {
  const value = Number(days)
  if (!Number.isFinite(value) || value <= 0) return t('services.guide.immediate')
  return t('services.guide.workingDays', { days: value })
}

const CHINA_OFFSET_MS = 8 * 3_600_000
/** YYYY-MM-DD of an epoch-millisecond instant in China (UTC+8, no daylight saving). */
export function chinaDate(ms) {
  return new Date(Number(ms) + CHINA_OFFSET_MS).toISOString().slice(0, 10)
}
/** "HH:mm" in China time. */
export function formatClock(ms) {
  return formatTime(ms).slice(11) || '—'
}
/** Epoch ms of a China-time date (YYYY-MM-DD) and clock time (HH:mm), or null when malformed. */
export function chinaInstant(date, clock) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date || '') || !/^\d{2}:\d{2}$/.test(clock || '')) return null
  const ms = Date.parse(`${date}T${clock}:00+08:00`)
  return Number.isFinite(ms) ? ms : null
}

// ---- catalogue filters kept in the address ----
export const CATALOGUE_FILTERS = ['q', 'category', 'mode', 'channel', 'fully_online']

export function catalogueFiltersFromQuery(query = {}) {
  const one = (v) => String((Array.isArray(v) ? v[0] : v) ?? '').trim()
  const filters = {}
  for (const key of CATALOGUE_FILTERS) filters[key] = one(query[key])
  if (!CATEGORIES.includes(filters.category)) filters.category = ''
  if (!HANDLING_MODES.includes(filters.mode)) filters.mode = ''
  if (!CHANNELS.includes(filters.channel)) filters.channel = ''
  filters.fully_online = filters.fully_online === 'true' ? 'true' : ''
  return filters
}

/** The filters as route query (empty values dropped) — also what the API takes. */
export function catalogueFiltersToQuery(filters) {
  const query = {}
  for (const key of CATALOGUE_FILTERS) {
    const value = String(filters[key] ?? '').trim()
    if (value && !(key === 'fully_online' && value !== 'true')) query[key] = value
  }
  return query
}

// ---- the request form ----
export const MAX_MATERIAL_BYTES = 10 * 1024 * 1024
export const MATERIAL_TYPES = ['application/pdf', 'image/jpeg', 'image/png']

/** The content type to send for a chosen file (from its type, else its extension), or null. */
export function materialType(file) {
  if (file?.type && MATERIAL_TYPES.includes(file.type)) return file.type
  const extension = String(file?.name || '').toLowerCase().split('.').pop()
  return { pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png' }[extension] || null
}

/** Checks a chosen material file; returns a rule key (services.rules.*) or null. */
export function checkMaterial(file) {
  if (!file) return null
  if (!materialType(file)) return 'materialType'
  if (!file.size) return 'materialEmpty'
  if (file.size > MAX_MATERIAL_BYTES) return 'materialSize'
  return null
}

/**
 * Checks the request form before it is sent. `item` is the chosen ServiceItem (or null).
 * Returns {field: ruleKey} for the fields that fail (empty object when all is well).
 */
export function checkRequestForm(form, item) {
  const errors = {}
  if (!form.item_code) errors.item_code = 'itemRequired'
  else if (item && item.retired) errors.item_code = 'itemRetired'
  if (!form.channel) errors.channel = 'channelRequired'
  else if (item && !item.channels.includes(form.channel)) errors.channel = 'channelNotAllowed'
  if (!form.handling_mode) errors.handling_mode = 'modeRequired'
  else if (item && !item.handling_modes.includes(form.handling_mode)) errors.handling_mode = 'modeNotAllowed'
  if (!form.applicant_id) errors.applicant_id = 'applicantRequired'
  if (form.handling_mode === 'appointment' && !form.slot_id) errors.slot_id = 'slotRequired'
  if (String(form.note || '').length > 500) errors.note = 'noteTooLong'
  return errors
}

/** The API body of the form: slot only for appointments, note trimmed or left out. */
export function requestBody(form) {
  const body = {
    item_code: form.item_code,
    channel: form.channel,
    handling_mode: form.handling_mode,
    applicant_id: Number(form.applicant_id),
  }
  if (form.handling_mode === 'appointment' && form.slot_id) body.slot_id = Number(form.slot_id)
  const note = String(form.note || '').trim()
  if (note) body.note = note
  return body
}

/** A fresh idempotency key (visible ASCII, ≤ 100 characters) for one filing attempt. */
export function newIdempotencyKey(random = Math.random) {
  return `web-${Date.now().toString(36)}-${Math.floor(random() * 1e12).toString(36)}`
}

// ---- transitions ----
/**
 * What an action asks for: `reason` (required or optional), `outcome`, `rating`.
 * close needs a reason only when the request was returned for material.
 */
export function actionInput(action, state) {
  switch (action) {
    case 'reject':
    case 'return_for_material':
      return { reason: 'required' }
    case 'close':
      return { reason: state === 'returned' ? 'required' : 'optional' }
    case 'complete':
      return { outcome: 'optional' }
    case 'rate':
      return { rating: 'required', comment: 'optional' }
    default:
      return {}
  }
}

/** True when the action is done with one click (no dialog). */
export const isOneClick = (action, state) => Object.keys(actionInput(action, state)).length === 0

/** Checks a transition's input; returns {field: ruleKey}. */
export function checkTransition(action, state, input) {
  const needs = actionInput(action, state)
  const errors = {}
  if (needs.reason === 'required' && !String(input.reason || '').trim()) errors.reason = 'reasonRequired'
  if (needs.rating === 'required') {
    const rating = Number(input.rating)
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) errors.rating = 'ratingRequired'
  }
  for (const field of ['reason', 'outcome', 'comment']) {
    if (String(input[field] || '').length > 500) errors[field] = 'textTooLong'
  }
  return errors
}

/** The API body of a transition: only the fields the action takes, trimmed. */
export function transitionBody(action, state, input) {
  const needs = actionInput(action, state)
  const body = { action }
  for (const field of ['reason', 'outcome', 'comment']) {
    const value = String(input[field] || '').trim()
    if (needs[field] && value) body[field] = value
  }
  if (needs.rating) body.rating = Number(input.rating)
  return body
}

/** Desk actions in button order, of those the server allows now. */
export function orderedActions(allowed = []) {
  return ACTIONS.filter((action) => allowed.includes(action))
}

// ---- client-side paging (the desk queue comes in one answer of at most 500) ----
export function pageOf(list, page, size) {
  const pages = Math.max(1, Math.ceil(list.length / size))
  const current = Math.min(Math.max(1, page), pages)
  return { items: list.slice((current - 1) * size, current * size), page: current, pages }
}

/** The community to open the desk for: the address, else the caller's one community grant. */
export function defaultCommunity(queryCommunity, grants = []) {
  if (/^\d{12}$/.test(queryCommunity || '')) return queryCommunity
  const codes = [...new Set(grants.map((g) => String(g.scope_code || '')).filter((c) => c.length >= 12).map((c) => c.slice(0, 12)))]
  return codes.length === 1 ? codes[0] : ''
}

// ---- catalogue editor ----
const LIST_FIELDS = ['responsible_departments', 'eligible_groups', 'required_materials']

/** An empty editor form, or the form of an existing item. Lists become one line each. */
export function itemToForm(item) {
  const form = {
    code: item?.code || '',
    name: item?.name || '',
    category: item?.category || '',
    legal_basis: item?.legal_basis || '',
    fee_yuan: item ? (Number(item.fee_fen || 0) / 100).toFixed(2) : '0.00',
    promised_working_days: item ? String(item.promised_working_days ?? '') : '',
    handling_modes: [...(item?.handling_modes || [])],
    channels: [...(item?.channels || [])],
    fully_online: Boolean(item?.fully_online),
    steps: (item?.steps || []).map((step) => ({ title: step.title || '', description: step.description || '' })),
  }
  for (const field of LIST_FIELDS) form[field] = (item?.[field] || []).join('\n')
  return form
}

/** 办理流程 limits, as the server checks them. */
export const MAX_STEPS = 20
export const MAX_STEP_TITLE = 30
export const MAX_STEP_DESCRIPTION = 200
const chars = (text) => [...String(text || '')].length

/** The steps worth sending: trimmed, rows left wholly blank dropped. */
export function stepsOf(form) {
  return (form.steps || [])
    .map((step) => ({ title: String(step.title || '').trim(), description: String(step.description || '').trim() }))
    .filter((step) => step.title || step.description)
}

/** The rule the steps break (a message key under services.rules), or null. */
export function checkSteps(steps) {
  if (steps.length > MAX_STEPS) return 'stepsTooMany'
  const titles = new Set()
  for (const step of steps) {
    if (!step.title) return 'stepTitleRequired'
    if (chars(step.title) > MAX_STEP_TITLE) return 'stepTitleLength'
    if (chars(step.description) > MAX_STEP_DESCRIPTION) return 'stepDescriptionLength'
    if (titles.has(step.title)) return 'stepTitleRepeated'
    titles.add(step.title)
  }
  return null
}

/**
 * The public guide's two entries: 在线申请 when the item takes web or mobile requests, 预约办理
 * when it is handled by appointment (the server's offers_* flags, with the same rule as a
 * fallback), each linking to the resident's application page. At a kiosk, 在线申请 needs the
 * kiosk channel and both lead to the kiosk's own application page.
 */
export function guideEntries(item, { kiosk = false } = {}) {
  if (!item || item.retired || item.current === false) return []
  const online = kiosk
    ? (item.channels || []).includes('kiosk')
    : item.offers_online_application ?? (item.channels || []).some((c) => c === 'web' || c === 'mobile')
  const appointment = item.offers_appointment ?? (item.handling_modes || []).includes('appointment')
  const path = kiosk ? '/kiosk/apply' : '/my/apply'
  const entries = []
  if (online) entries.push({ key: 'apply', to: { path, query: { item: item.code } } })
  if (appointment) entries.push({ key: 'appointment', to: { path, query: { item: item.code, mode: 'appointment' } } })
  return entries
}

/** A file size for people: 12 KB, 1.4 MB. */
export function formatBytes(bytes) {
  const n = Number(bytes) || 0
  if (n < 1024) return `${n} B`
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`
  return `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** The upload type of a sample form file, by its extension (browsers differ on .docx/.xlsx). */
export const SAMPLE_FORM_TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
}
export function sampleFormType(fileName) {
  const extension = String(fileName || '').split('.').pop().toLowerCase()
  return SAMPLE_FORM_TYPES[extension] || ''
}

const lines = (text) => String(text || '').split('\n').map((s) => s.trim()).filter(Boolean)

/** Checks the editor form; returns {field: ruleKey}. */
export function checkItemForm(form, { creating }) {
  const errors = {}
  if (creating && !/^[A-Z0-9-]{3,32}$/.test(String(form.code || '').trim())) errors.code = 'codeFormat'
  if (!String(form.name || '').trim()) errors.name = 'nameRequired'
  if (!CATEGORIES.includes(form.category)) errors.category = 'categoryRequired'
  if (!/^\d+(\.\d{1,2})?$/.test(String(form.fee_yuan ?? '').trim())) errors.fee_fen = 'feeFormat'
  const days = String(form.promised_working_days ?? '').trim()
  if (!/^\d{1,3}$/.test(days) || Number(days) > 365) errors.promised_working_days = 'daysFormat'
  if (!form.handling_modes.length) errors.handling_modes = 'modesRequired'
  if (!form.channels.length) errors.channels = 'channelsRequired'
  else if (form.fully_online && !form.channels.some((c) => c === 'web' || c === 'mobile')) errors.fully_online = 'onlineNeedsWeb'
  if (!lines(form.responsible_departments).length) errors.responsible_departments = 'departmentsRequired'
  if (!lines(form.eligible_groups).length) errors.eligible_groups = 'groupsRequired'
  if (!lines(form.required_materials).length) errors.required_materials = 'materialsRequired'
  if (!String(form.legal_basis || '').trim()) errors.legal_basis = 'legalBasisRequired'
  const steps = checkSteps(stepsOf(form))
  if (steps) errors.steps = steps
  return errors
}

/** The API body of the editor form (fee in fen, lists from lines, enumerations in order). */
export function formToItem(form) {
  const body = {
    code: String(form.code || '').trim(),
    name: String(form.name || '').trim(),
    category: form.category,
    legal_basis: String(form.legal_basis || '').trim(),
    fee_fen: Math.round(Number(String(form.fee_yuan).trim()) * 100),
    promised_working_days: Number(String(form.promised_working_days).trim()),
    handling_modes: HANDLING_MODES.filter((m) => form.handling_modes.includes(m)),
    channels: CHANNELS.filter((c) => form.channels.includes(c)),
    fully_online: Boolean(form.fully_online),
    steps: stepsOf(form),
  }
  for (const field of LIST_FIELDS) body[field] = lines(form[field])
  return body
}

/** The editor field an API error names (fee_fen ↔ fee_yuan, "channels[0]" → channels). */
export function formFieldOf(apiField) {
  if (!apiField) return null
  const base = String(apiField).replace(/^items\[\d+\]\./, '').split(/[.[]/)[0]
  return base || null
}
