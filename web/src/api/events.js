// Events and the whistle (街社吹哨、部门报到): docs/api.md "Events and escalation".
import { api } from './client.js'

const one = (id) => `/api/v1/events/${encodeURIComponent(id)}`
const escalation = (id) => `/api/v1/escalations/${encodeURIComponent(id)}`

export const listCategories = () => api.get('/api/v1/event-categories')

export const listEvents = ({ state, category, place, mine, limit = 20, cursor } = {}) =>
  api.get('/api/v1/events', { query: { state, category, place, mine: mine ? 1 : undefined, limit, cursor } })
export const getEvent = (id) => api.get(one(id))
/** Reports an event; the idempotency key makes a repeated submit return the first event. */
export const reportEvent = (body, idempotencyKey) =>
  api.post('/api/v1/events', body, idempotencyKey ? { headers: { 'Idempotency-Key': idempotencyKey } } : {})
export const transitionEvent = (id, { action, reason, assignee }) =>
  api.post(`${one(id)}/transitions`, { action, reason: reason || undefined, assignee: assignee || undefined })
/** Makes an event public in the Open311 requests (true) or private again (false). */
export const setEventPublic = (id, value) => api.post(`${one(id)}/public`, { public: value })
/** Uploads one JPEG or PNG file as the raw body. */
export const uploadPhoto = (id, file) => api.post(`${one(id)}/photos`, file, { contentType: file.type || 'image/jpeg' })
export const escalateEvent = (id, { departments, reason }) => api.post(`${one(id)}/escalations`, { departments, reason })

/** The escalation with its event (category, description, place, photos) and its timeline. */
export const getEscalation = (id) => api.get(escalation(id))
/** The city's named departments a whistle goes to: {items: [{code, name}]}. */
export const listDepartments = () => api.get('/api/v1/departments')
export const transitionEscalation = (id, { action, reason, feedback, amount, rating }) =>
  api.post(`${escalation(id)}/transitions`, {
    action,
    reason: reason || undefined,
    feedback: feedback || undefined,
    amount: amount === '' || amount === null || amount === undefined ? undefined : Number(amount),
    rating: rating === '' || rating === null || rating === undefined ? undefined : Number(rating),
  })
export const escalationBoard = ({ department } = {}) => api.get('/api/v1/escalations/board', { query: { department } })
export const escalationRanking = ({ from, to }) => api.get('/api/v1/escalations/ranking', { query: { from, to } })
