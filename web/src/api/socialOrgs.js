// Community social organisations (社会组织; issue 20 item 1, decision 0045): the registry in
// scope, their activities, and the signed-in organisation's own record (docs/api.md, "社会组织").
import { api } from './client.js'

const id = (value) => encodeURIComponent(value)

/** {items: [{code, name}], active_months, window_months}. */
export const socialOrgCategories = () => api.get('/api/v1/social-org-categories')
/** {items: [SocialOrganisation]}; filters place, category, status, q, active. */
export const listSocialOrgs = (query = {}) => api.get('/api/v1/social-orgs', { query })
export const getSocialOrg = (orgId) => api.get(`/api/v1/social-orgs/${id(orgId)}`)
/** {name, category, status, credit_code?, filing_number?, place, areas?, contact_name, contact_phone, founded_on, note?} → 201. */
export const createSocialOrg = (body) => api.post('/api/v1/social-orgs', body)
export const updateSocialOrg = (orgId, body) => api.put(`/api/v1/social-orgs/${id(orgId)}`, body)
/** {deregistered_on, reason} → the record. */
export const deregisterSocialOrg = (orgId, body) => api.post(`/api/v1/social-orgs/${id(orgId)}/deregister`, body)
export const listSocialOrgActivities = (orgId) => api.get(`/api/v1/social-orgs/${id(orgId)}/activities`)
/** {title, held_on, place?, served, note?} → 201 activity. */
export const addSocialOrgActivity = (orgId, body) => api.post(`/api/v1/social-orgs/${id(orgId)}/activities`, body)

// ---- the organisation's own account (socialorgs.report) ----
/** The organisation with `activities`. */
export const myOrganisation = () => api.get('/api/v1/me/social-org')
export const addMyActivity = (body) => api.post('/api/v1/me/social-org/activities', body)

// ---- incubation at a 社会组织孵化基地 (a facility of type incubation_base) ----
/** {items: [Incubation]} newest first; filter status (applied|incubating|graduated|withdrawn). */
export const listIncubations = (query = {}) => api.get('/api/v1/incubations', { query })
/** {organisation_id, base_id, applied_on, note?} → 201 Incubation. */
export const applyIncubation = (body) => api.post('/api/v1/incubations', body)
/** One step of a programme: start {started_on}, graduate / withdraw {ended_on} → the record. */
export const incubationStep = (incubationId, step, date) =>
  api.post(`/api/v1/incubations/${id(incubationId)}/${step}`, { [step === 'start' ? 'started_on' : 'ended_on']: date })
