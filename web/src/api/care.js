// Care (issue 19): archives of people in need, the monthly visits planned from them, the needs the
// visits find, and the visits' compliance by place and worker (docs/api.md, "Care").
import { api } from './client.js'
import { postImport, postImportErrorCopy } from './imports.js'

const one = (path, id) => `/api/v1/care/${path}/${encodeURIComponent(id)}`

/** {groups: [{code, name}], items: [Category]} — each with fields, checklist and `readable`. */
export const careCategories = () => api.get('/api/v1/care/categories')

/** {items: [Archive], next_cursor}; filters place, category, group, status, resident, q, deceased. */
export const listArchives = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/care/archives', { query: { ...filters, limit, cursor } })
/** Archive + visits (newest first). */
export const getArchive = (id) => api.get(one('archives', id))
/** {resident_id, category, fields?, opened_on?, review_on?, responsible_id?} → 201 Archive. */
export const openArchive = (body) => api.post('/api/v1/care/archives', body)
/** {fields?, responsible_id? (null clears), review_on?} → Archive. */
export const updateArchive = (id, changes) => api.patch(one('archives', id), changes)
/** {closed_on?, reason} → Archive (closed). */
export const closeArchive = (id, body) => api.post(`${one('archives', id)}/close`, body)

/** {items: [Visit], next_cursor} of a month (this one by default), by place; `mine: true` the caller's own. */
export const listVisits = ({ place, month, mine, status, limit = 50, cursor } = {}) =>
  api.get('/api/v1/care/visits', { query: { place, month, mine: mine ? 'true' : undefined, status, limit, cursor } })
/** {visited_on?, mode?, findings?, note?, needs?} → Visit + need_ids. */
export const recordVisit = (id, body) => api.post(`${one('visits', id)}/record`, body)
/** Visit + photos [{id, content_type, byte_size, url, created_by_name, created_at}] + needs. */
export const getVisit = (id) => api.get(one('visits', id))
/** A photo (JPEG or PNG, at most 5 MiB, 6 a visit) of a recorded visit → 201 photo. */
export const uploadVisitPhoto = (id, file) => api.post(`${one('visits', id)}/photos`, file, { contentType: file.type || 'image/jpeg' })
/** assignee_id null: unassigned. → Visit. */
export const assignVisit = (id, assigneeId) => api.post(`${one('visits', id)}/assign`, { assignee_id: assigneeId })

/** {place, month, total, places: [row], workers: [row]}. */
export const careCompliance = (place, month) => api.get('/api/v1/care/compliance', { query: { place, month } })

/** {items: [Need]} most urgent first. */
export const listNeeds = ({ place, status, mine } = {}) =>
  api.get('/api/v1/care/needs', { query: { place, status, mine: mine ? 'true' : undefined } })
/** {resident_id, what, urgency?, due_on?} → 201 Need. */
export const createNeed = (body) => api.post('/api/v1/care/needs', body)
export const assignNeed = (id, assigneeId) => api.post(`${one('needs', id)}/assign`, { assignee_id: assigneeId })
export const closeNeed = (id, outcome) => api.post(`${one('needs', id)}/close`, { outcome })
/** Hands a need on: {to: 'event', code: category} or {to: 'service_request', code: item, handling_mode?} → Need (event_id / request_id). */
export const referNeed = (id, body) => api.post(`${one('needs', id)}/refer`, body)

// 政策找人 (decision 0032): the benefits and their rules, the people the rules found, the
// outcomes workers record, and the signals other departments send by spreadsheet.

/** {items: [{code, name, department, basis, rule}]} — `rule` the condition in words. */
export const listBenefits = () => api.get('/api/v1/care/benefits')
/** {items: [Finding], next_cursor}; filters place, benefit, kind, status. */
export const listFindings = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/care/findings', { query: { ...filters, limit, cursor } })
/** {status (applied|declined|not_eligible|enrolled|stopped), note?} → Finding. */
export const recordFindingOutcome = (id, body) => api.post(`${one('findings', id)}/outcome`, body)

/** {items: [Signal]} newest first (at most 500), of `place` or the whole scope. */
export const listSignals = ({ place } = {}) => api.get('/api/v1/care/signals', { query: { place } })
export const SIGNAL_IMPORT_TEMPLATE_URL = '/api/v1/care/signals/import-template.xlsx'
/** {rows, imported, findings (open findings of the people named), written, dry_run}. */
export const importSignals = (file, options) => postImport('/api/v1/care/signals/import', file, options)
export const signalImportErrorCopy = (file) => postImportErrorCopy('/api/v1/care/signals/import', file)
