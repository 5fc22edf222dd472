// Residents serving themselves (decision 0026): sign-up and forgotten passwords by SMS code
// (public), and their own requests, slots and household (self.services, self.household).
import { api } from './client.js'

const mine = '/api/v1/me/requests'
const one = (id) => `${mine}/${encodeURIComponent(id)}`

// ---- public: codes, sign-up, forgotten password ----
export const requestSignUpCode = (body) => api.post('/api/v1/sign-up/code', body)
export const signUp = (body) => api.post('/api/v1/sign-up', body)
export const requestResetCode = (body) => api.post('/api/v1/password-reset/code', body)
export const resetPassword = (body) => api.post('/api/v1/password-reset', body)

// ---- my own requests ----
export const listMyRequests = ({ state, limit = 20, cursor } = {}) => api.get(mine, { query: { state, limit, cursor } })
export const getMyRequest = (id) => api.get(one(id))
/** Files my own request; the idempotency key makes a double tap answer the first one again. */
export const fileMyRequest = (body, idempotencyKey) =>
  api.post(mine, body, idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : undefined)
/** withdraw, resubmit or rate ({action, reason?, rating?, comment?}). */
export const actOnMyRequest = (id, body) => api.post(`${one(id)}/transitions`, body)
export const uploadMyMaterial = (id, name, file) =>
  api.post(`${one(id)}/materials`, file, { query: { name }, contentType: file.type })
export const myMaterialUrl = (id, materialId) => `${one(id)}/materials/${encodeURIComponent(materialId)}`
export const listMySlots = (date) => api.get('/api/v1/me/appointment-slots', { query: { date } })
export const getMyHousehold = () => api.get('/api/v1/me/household')

// ---- my home services (居家养老上门服务 ordered by the elderly person themselves) ----
const myOrders = '/api/v1/me/home-orders'
const myOrder = (id) => `${myOrders}/${encodeURIComponent(id)}`
/** {items: [{id, name, phone, price, unit, service, service_name}]}: the active providers serving
 * me, one item per (provider, service); only those offering `service` when it is given. */
export const listMyHomeProviders = (service) => api.get('/api/v1/me/home-providers', { query: { service } })
/** {items: [Order], next_cursor}, newest first. */
export const listMyHomeOrders = ({ limit = 10, cursor } = {}) => api.get(myOrders, { query: { limit, cursor } })
/** {provider_id, service, units, wanted_on, note?} → 201 Order (ordered_by 'self'). */
export const placeMyHomeOrder = (body) => api.post(myOrders, body)
export const cancelMyHomeOrder = (id, reason) => api.post(`${myOrder(id)}/cancel`, { reason })
/** {rating (1–5), note?} → Order. */
export const rateMyHomeOrder = (id, body) => api.post(`${myOrder(id)}/rating`, body)
