import { api, buildUrl } from './client.js'
import { postImport, postImportErrorCopy } from './imports.js'

const base = '/api/v1/residents'
const one = (id) => `${base}/${encodeURIComponent(id)}`

/**
 * The list filters the server understands, without empty values (also used by export).
 * `tag` is a list (sent as tag=a,b); `tag_match` (all|any) says how several tags match.
 */
export function residentQuery({ q, id_number, phone, tag, tag_match, age_min, age_max, community, grid, status, sort } = {}) {
  return { q, id_number, phone, tag, tag_match, age_min, age_max, community, grid, status, sort }
}

export const listResidents = ({ limit = 50, cursor, ...filters } = {}) =>
  api.get(base, { query: { ...residentQuery(filters), limit, cursor } })
export const getResident = (id) => api.get(one(id))
export const createResident = (resident) => api.post(base, resident)
export const updateResident = (id, changes) => api.patch(one(id), changes)
export const moveResident = (id, { household_id, relation, date }) =>
  api.post(`${one(id)}/move`, { household_id, relation, date })
export const changeResidentStatus = (id, { status, date }) => api.post(`${one(id)}/status`, { status, date })
export const addResidentTag = (id, tag) => api.post(`${one(id)}/tags`, tag)
export const endResidentTag = (id, tagId, validUntil) =>
  api.post(`${one(id)}/tags/${encodeURIComponent(tagId)}/end`, { valid_until: validUntil })
export const residentCounts = (division) => api.get(`${base}/counts`, { query: { division } })

/**
 * Link of the .xlsx export of a filtered list (a plain GET with the session cookie). Masked by
 * default; `unmasked` asks for whole ID numbers, phones and birth dates (people.personal_data,
 * a separate audited choice).
 */
export const exportUrl = (filters, { unmasked = false } = {}) =>
  buildUrl(`${base}/export.xlsx`, { ...residentQuery(filters), unmasked: unmasked ? 'true' : undefined })
/** One personal field of one resident, whole (点击查看; audited): id_number | phone | birth_date. */
export const revealResident = (id, field) => api.post(`${one(id)}/reveal`, { field })
export const IMPORT_TEMPLATE_URL = `${base}/import-template.xlsx`

export { IMPORT_TYPES } from './imports.js'
/** Uploads an .xlsx or .csv file as the raw request body; dryRun checks without writing. */
export const importResidents = (file, options) => postImport(`${base}/import`, file, options)
/** The rejected file back with a red 错误 column (an .xlsx Blob). */
export const importErrorCopy = (file) => postImportErrorCopy(`${base}/import`, file)
