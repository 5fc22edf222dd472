// Service desk API: the public catalogue and service guide, catalogue editing, appointment
// slots, service requests with their transitions and materials, the one-window desk queue.
import { api, buildUrl } from './client.js'

const items = '/api/v1/service-items'
const item = (code) => `${items}/${encodeURIComponent(code)}`
const requests = '/api/v1/service-requests'
const request = (id) => `${requests}/${encodeURIComponent(id)}`

// ---- catalogue (public reads) ----
export const listServiceItems = ({ q, category, channel, mode, fully_online, include_retired, limit = 20, cursor } = {}) =>
  api.get(items, { query: { q, category, channel, mode, fully_online, include_retired, limit, cursor } })
export const getServiceItem = (code, version) => api.get(item(code), { query: { version } })
export const createServiceItem = (body) => api.post(items, body)
export const updateServiceItem = (code, body) => api.put(item(code), body)
export const retireServiceItem = (code) => api.post(`${item(code)}/retire`)
export const restoreServiceItem = (code) => api.post(`${item(code)}/restore`)

// ---- sample forms (样表) and the community's service centre (public reads) ----
export const listSampleForms = (code) => api.get(`${item(code)}/forms`)
/** Uploads one sample form (PDF, DOCX or XLSX) as the raw body under its file name. */
export const uploadSampleForm = (code, file, contentType) =>
  api.post(`${item(code)}/forms`, file, { query: { name: file.name }, contentType })
export const deleteSampleForm = (code, formId) => api.delete(`${item(code)}/forms/${encodeURIComponent(formId)}`)
/** Download link of a sample form (public). */
export const sampleFormUrl = (code, formId) => `${item(code)}/forms/${encodeURIComponent(formId)}`
/** 办理地点 / 办公时间 / 咨询电话 of a community (404 when it has no service centre). */
export const getServiceCentre = (community) =>
  api.get(`/api/v1/communities/${encodeURIComponent(community)}/service-centre`)

// ---- appointment slots ----
export const listSlots = ({ community, date }) => api.get('/api/v1/appointment-slots', { query: { community, date } })
export const createSlot = (slot) => api.post('/api/v1/appointment-slots', slot)

// ---- requests ----
export const listServiceRequests = ({ place, state, item: itemCode, applicant, overdue, limit = 20, cursor } = {}) =>
  api.get(requests, { query: { place, state, item: itemCode, applicant, overdue: overdue ? 'true' : undefined, limit, cursor } })
export const getServiceRequest = (id) => api.get(request(id))
/** Files a request; the idempotency key makes a double click answer the first request again. */
export const fileServiceRequest = (body, idempotencyKey) =>
  api.post(requests, body, idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : undefined)
/** {action, reason?, rating?, comment?, outcome?} → the request detail. */
export const transitionServiceRequest = (id, body) => api.post(`${request(id)}/transitions`, body)
/** Uploads one file (PDF, JPEG or PNG) as the raw body under the material's name. */
export const uploadMaterial = (id, name, file) =>
  api.post(`${request(id)}/materials`, file, { query: { name }, contentType: file.type })
/** Download link of a material (a plain GET with the session cookie). */
export const materialUrl = (id, materialId) => `${request(id)}/materials/${encodeURIComponent(materialId)}`

// ---- the desk ----
export const deskQueue = (community) => api.get('/api/v1/service-desk/queue', { query: { community } })
export const serviceFigures = ({ group_by, division, from, to } = {}) =>
  api.get('/api/v1/service-figures', { query: { group_by, division, from, to } })

export const catalogueUrl = (filters) => buildUrl(items, filters)
