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
