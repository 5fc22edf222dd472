// Rehabilitation records (康复服务记录; issue 19 item 6, decision 0038): each session a person with
// a disability receives at a 残疾人之家 or a county's 精神障碍社区康复服务站 — what, on which day,
// for how long (docs/api.md, "Rehabilitation"). Mental-health rehabilitation (精神障碍社区康复) is
// recorded and read only with care.health. The homes themselves are facilities (api/facilities.js).
import { api } from './client.js'

/** {items: [RehabRecord], next_cursor} newest first; filters place, facility_id, resident_id, kind. */
export const listRehabRecords = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/rehabilitation', { query: { ...filters, limit, cursor } })
/** {resident_id, facility_id, kind, served_on (YYYY-MM-DD), minutes (1–600), note?} → 201 RehabRecord. */
export const recordRehab = (body) => api.post('/api/v1/rehabilitation', body)
