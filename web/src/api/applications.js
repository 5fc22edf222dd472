// Applications for assistance (救助申请; issue 19 items 5 and 7, decision 0035): a community
// worker files an application for a person — for a benefit of the 政策找人 rules, or an emergency
// (急难救助) with the amount proposed; the town reviews, the county approves a benefit; an approved
// emergency's payment is recorded (docs/api.md, "Applications for assistance"). The benefits
// themselves are listed by listBenefits (api/care.js).
import { api } from './client.js'

const one = (id) => `/api/v1/care/applications/${encodeURIComponent(id)}`

/** {items: [Application], next_cursor} newest first; filters place, status, kind. */
export const listApplications = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/care/applications', { query: { ...filters, limit, cursor } })
/** Application with its steps. */
export const getApplication = (id) => api.get(one(id))
/** {resident_id, kind, benefit? (benefit only), amount? (emergency only, yuan), reason, finding_id?} → 201 Application (town). */
export const fileApplication = (body) => api.post('/api/v1/care/applications', body)
/** 审核 / 审批: {decision (approve|reject), note? (required to reject)} → Application; 403 for a caller not of the stage's level. */
export const decideApplication = (id, body) => api.post(`${one(id)}/decide`, body)
/** 登记发放 of an approved emergency: {amount (yuan, ≤ approved), note?} → Application (paid). */
export const payApplication = (id, body) => api.post(`${one(id)}/pay`, body)
