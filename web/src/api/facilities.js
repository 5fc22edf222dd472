// Facilities and life circles (docs/api.md "Facilities and life circles"): the facility
// registry, the plan's area standards, the stored circle coverage, gaps and siting.
import { api, buildUrl } from './client.js'
import { postImport, postImportErrorCopy } from './imports.js'

const base = '/api/v1/facilities'
const one = (id) => `${base}/${encodeURIComponent(id)}`

/** The list filters the server understands (also used by the export link). */
export function facilityQuery({ division, type, status, q } = {}) {
  return { division, type, status, q }
}

export const listFacilityTypes = () => api.get('/api/v1/facility-types')
export const listFacilities = ({ limit = 50, cursor, ...filters } = {}) =>
  api.get(base, { query: { ...facilityQuery(filters), limit, cursor } })
export const getFacility = (id) => api.get(one(id))
export const createFacility = (facility) => api.post(base, facility)
export const updateFacility = (id, changes) => api.patch(one(id), changes)
export const deleteFacility = (id) => api.delete(one(id))

/** Every facility of a filter, page by page, up to `max` (for the map). */
export async function listAllFacilities(filters = {}, { max = 2000 } = {}) {
  const items = []
  let cursor
  do {
    const page = await listFacilities({ ...filters, limit: 200, cursor })
    items.push(...(page.items || []))
    cursor = page.next_cursor || undefined
  } while (cursor && items.length < max)
  return { items: items.slice(0, max), truncated: Boolean(cursor) }
}

/** Link of the .xlsx export of a filtered list (a plain GET with the session cookie). */
export const facilityExportUrl = ({ division, type } = {}) => buildUrl(`${base}/export.xlsx`, { division, type })

/**
 * The standards of a place and the places below it, a page of places at a time:
 * { depth: 0|1, level: 'community'|…, limit, cursor } (docs/api.md "Places below a division").
 */
export const facilityStandards = (division, { depth, level, limit, cursor } = {}) =>
  api.get('/api/v1/facility-standards', { query: { division, depth, level, limit, cursor } })

export const listCircles = () => api.get('/api/v1/circles')
/** Stored coverage of a circle; same place filter and pages as facilityStandards. */
export const circleCoverage = (division, circle, { depth, level, limit, cursor } = {}) =>
  api.get('/api/v1/circles/coverage', { query: { division, circle, depth, level, limit, cursor } })
export const computeCircles = () => api.post('/api/v1/circles/compute')
export const circleGaps = (circle, division) =>
  api.get(`/api/v1/circles/${encodeURIComponent(circle)}/gaps`, { query: { division } })
export const gapsGeoJsonUrl = (circle, division) =>
  buildUrl(`/api/v1/circles/${encodeURIComponent(circle)}/gaps.geojson`, { division })
export const siteCircle = (circle, { division, k = 3, candidates = 'buildings', exact = false }) =>
  api.post(`/api/v1/circles/${encodeURIComponent(circle)}/siting`, { division, k, candidates, exact })
export const walkingNetwork = () => api.get('/api/v1/walking-network')

/** Buildings of a community whose address contains `q` (the form's building lookup). */
export const searchBuildings = ({ community, q, limit = 20 } = {}) =>
  api.get('/api/v1/buildings', { query: { community, q, limit } })

export const FACILITY_IMPORT_TEMPLATE_URL = `${base}/import-template.xlsx`
/** Uploads an .xlsx or .csv file; all or nothing, dryRun checks without writing. */
export const importFacilities = (file, options) => postImport(`${base}/import`, file, options)
/** The rejected file back with a red 错误 column (an .xlsx Blob). */
export const facilityImportErrorCopy = (file) => postImportErrorCopy(`${base}/import`, file)
