// Mandatory reports of harm to a child (强制报告; issue 19 item 4, decision 0034): a mandated
// reporter (a school, a hospital … signed in with the role institution) files a report and follows
// its receipts (minors.report); the community's 儿童主任 and the county's officers read,
// acknowledge and close the reports (care.minors) (docs/api.md, "Mandatory reports").
import { api } from './client.js'

const one = (id) => `/api/v1/mandatory-reports/${encodeURIComponent(id)}`

// ---- the reporter (minors.report) ----

/**
 * {institution, contact_phone, place_code (the child's community), kind, urgent?, child_name?,
 * child_age?, child_address?, description} → 201 Receipt (receipt_code, acknowledge_due_at …).
 */
export const fileMandatoryReport = (body) => api.post('/api/v1/mandatory-reports', body)
/** {items: [Receipt]}: the caller's own reports, newest first (at most 100). */
export const listMyMandatoryReports = () => api.get('/api/v1/mandatory-reports/mine')

// ---- the handlers (care.minors) ----

/** {items: [Report], next_cursor} newest first; filters place, status, overdue ('true'). */
export const listMandatoryReports = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/mandatory-reports', { query: { ...filters, limit, cursor } })
export const getMandatoryReport = (id) => api.get(one(id))
/** 受理 → Report (acknowledged); 409 unless received. */
export const acknowledgeMandatoryReport = (id) => api.post(`${one(id)}/acknowledge`)
/** 办结: {outcome (1–1000), referral?} → Report (closed); 409 unless acknowledged. */
export const closeMandatoryReport = (id, body) => api.post(`${one(id)}/close`, body)
