// Professional social work (社会工作; issue 20 item 2, decision 0046): social workers at the
// stations (社工站) and rooms (社工室) — which are facilities (api/facilities.js) — their service
// records, a station's reach and the coverage by community behind A5 (docs/api.md, "Social work").
import { api } from './client.js'

/** {items: [SocialWorker]}; filters place, facility_id, include_left ('true'). */
export const listSocialWorkers = (filters = {}) => api.get('/api/v1/social-workers', { query: filters })
/** The social workers bound to the signed-in account (a social worker's own). */
export const mySocialWorkers = () => api.get('/api/v1/social-workers/mine')
/** {name, certificate_level, certificate_number, facility_id, started_on, account_id?} → 201. */
export const addSocialWorker = (body) => api.post('/api/v1/social-workers', body)
export const workerLeaves = (id, endedOn) => api.post(`/api/v1/social-workers/${id}/leave`, { ended_on: endedOn })
/** {items: [SocialWorkRecord]} newest first; filters place, worker_id, from, to. */
export const listServiceRecords = (filters = {}) => api.get('/api/v1/social-work/records', { query: filters })
/** {worker_id, community, served_on, method, people_served, summary} → 201. */
export const recordService = (body) => api.post('/api/v1/social-work/records', body)
export const stationReach = (facilityId) => api.get(`/api/v1/social-work/stations/${facilityId}/reach`)
/** The whole list of communities of the station's town it reaches → {facility_id, communities: [{code, name}]}. */
export const setStationReach = (facilityId, communities) => api.put(`/api/v1/social-work/stations/${facilityId}/reach`, { communities })
/** {communities, reached, items: [{community_code, community_name, records, certified_workers, last_served_on, reached}]}. */
export const socialWorkCoverage = (place) => api.get('/api/v1/social-work/coverage', { query: { place } })
