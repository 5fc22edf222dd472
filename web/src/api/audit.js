// The audit log (docs/api.md "Audit log", permission audit.read): records inside the
// caller's audit.read scope, newest first, and their .xlsx export with the same filters.
import { api, buildUrl } from './client.js'

const base = '/api/v1/audit'

/** The filters the server understands, without empty values (also used by the export). */
export function auditQuery({ actor, action, subject_type, subject_id, from, until } = {}) {
  return { actor, action, subject_type, subject_id, from, until }
}

/** One page: { items: [AuditRecord], next_cursor }. */
export const listAudit = ({ limit = 50, cursor, ...filters } = {}) =>
  api.get(base, { query: { ...auditQuery(filters), limit, cursor } })

/** Address of the .xlsx export of the same filters. */
export const auditExportUrl = (filters = {}) => buildUrl(`${base}/export`, auditQuery(filters))

/**
 * The export as a Blob (审计日志.xlsx). Fetched rather than linked so that a refusal (422 on
 * `from` past 100,000 records) comes back as an ApiError whose message the page can show.
 */
export const fetchAuditExport = (filters = {}) => api.get(`${base}/export`, { query: auditQuery(filters), blob: true })

export const AUDIT_EXPORT_NAME = '审计日志.xlsx'
