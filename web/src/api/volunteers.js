// Volunteers with a verified hours ledger (志愿服务; issue 20 item 3, decision 0047): the register,
// teams, activities with slots typed by skill, sign-ups checked in, out and verified, the ledger's
// proof, the published statistics and a volunteer's own page (docs/api.md, "志愿服务").
import { api } from './client.js'

/** {items: [{code, name, name_en}]}. */
export const listVolunteerSkills = () => api.get('/api/v1/volunteer-skills')
/** {items: [Volunteer]} in scope; filter skill. */
export const listVolunteers = (filters = {}) => api.get('/api/v1/volunteers', { query: filters })
/** {resident_id? | account_id?, name, community_code, skills, availability} → 201 Volunteer. */
export const registerVolunteer = (body) => api.post('/api/v1/volunteers', body)
export const getVolunteer = (id) => api.get(`/api/v1/volunteers/${id}`)
/** {volunteer, balance_minutes, items: [ledger entry]} newest first. */
export const volunteerHours = (id) => api.get(`/api/v1/volunteers/${id}/hours`)
export const listVolunteerTeams = () => api.get('/api/v1/volunteer-teams')
/** {name, community_code, members: [volunteer id]} → 201. */
export const addVolunteerTeam = (body) => api.post('/api/v1/volunteer-teams', body)
export const listVolunteerActivities = () => api.get('/api/v1/volunteer-activities')
/** {title, community_code, team_id?, starts_at, ends_at, slots: [{skill, wanted}]} → 201 Activity. */
export const addVolunteerActivity = (body) => api.post('/api/v1/volunteer-activities', body)
/** Activity with its signups. */
export const getVolunteerActivity = (id) => api.get(`/api/v1/volunteer-activities/${id}`)
/** Signs a volunteer up on its behalf: {volunteer_id, skill} → 201 Signup. */
export const signUpVolunteer = (activityId, body) => api.post(`/api/v1/volunteer-activities/${activityId}/signups`, body)
export const checkInSignup = (id) => api.post(`/api/v1/volunteer-signups/${id}/check-in`)
export const checkOutSignup = (id) => api.post(`/api/v1/volunteer-signups/${id}/check-out`)
/** {minutes?} → Signup (posted to the ledger). */
export const verifySignup = (id, body = {}) => api.post(`/api/v1/volunteer-signups/${id}/verify`, body)
/** {minutes, reason} → Signup (a reversing group and a new one). */
export const correctSignup = (id, body) => api.post(`/api/v1/volunteer-signups/${id}/correct`, body)
/** The city administrator's proof of the ledger. */
export const verifyVolunteerLedger = () => api.get('/api/v1/volunteer-ledger/verify')
/** Public: {items: [{community_code, volunteers, activities, verified_minutes}]}. */
export const volunteerStats = (place) => api.get('/api/v1/volunteer-stats', { query: { place } })
/** The signed-in volunteer's own {volunteer, signups, hours} (404 when not registered). */
export const myVolunteer = () => api.get('/api/v1/me/volunteer')
export const myVolunteerActivities = () => api.get('/api/v1/me/volunteer/activities')
/** {activity_id, skill} → 201 Signup. */
export const mySignUp = (body) => api.post('/api/v1/me/volunteer/signups', body)
