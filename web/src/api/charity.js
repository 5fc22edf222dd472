// Community charity (社区慈善; issue 20 item 4, decision 0048): funds and their ledgers, donations,
// needs and disbursements (docs/api.md, "社区慈善"), and each fund's public disclosure. Money is
// always an integer number of fen (`*_fen`).
import { api } from './client.js'

/** {items: [CharityFund]} in the caller's scope; filter place. */
export const listCharityFunds = (query = {}) => api.get('/api/v1/charity-funds', { query })
/** {community, name, opened_on, managing_organisation} → 201 CharityFund. */
export const createCharityFund = (body) => api.post('/api/v1/charity-funds', body)
export const getCharityFund = (id) => api.get(`/api/v1/charity-funds/${id}`)
/** {items: [CharityLedgerEntry]} oldest first. */
export const getCharityLedger = (id) => api.get(`/api/v1/charity-funds/${id}/ledger`)
export const reverseCharityEntry = (fundId, entryId, reason) =>
  api.post(`/api/v1/charity-funds/${fundId}/ledger/${entryId}/reversal`, { reason })
/** {balanced, items: [{fund_id, stored_fen, recomputed_fen, entries, balanced}]} */
export const verifyCharityFunds = () => api.get('/api/v1/charity-funds/verify')
/** {items: [CharityDonation], phones_unmasked} of one fund. */
export const listDonations = (fund) => api.get('/api/v1/charity-donations', { query: { fund } })
/** money: {fund_id, kind: 'money', amount_fen, donor_name | anonymous, donor_phone?, donated_on};
 *  in kind: {…, kind: 'in_kind', item, quantity, unit, estimated_value_fen}. → 201 CharityDonation */
export const recordDonation = (body) => api.post('/api/v1/charity-donations', body)
/** {items: [CharityNeed]}; filters place, status. */
export const listCharityNeeds = (query = {}) => api.get('/api/v1/charity-needs', { query })
export const postCharityNeed = (body) => api.post('/api/v1/charity-needs', body)
export const closeCharityNeed = (id) => api.post(`/api/v1/charity-needs/${id}/close`)
/** {items: [CharityDisbursement]}; filters fund, status. */
export const listDisbursements = (query = {}) => api.get('/api/v1/charity-disbursements', { query })
/** {fund_id, need_id?, purpose?, amount_fen} → 201 pending. */
export const requestDisbursement = (body) => api.post('/api/v1/charity-disbursements', body)
export const approveDisbursement = (id, note = '') => api.post(`/api/v1/charity-disbursements/${id}/approve`, { note })
export const rejectDisbursement = (id, note = '') => api.post(`/api/v1/charity-disbursements/${id}/reject`, { note })
/** No sign-in: {fund, income_fen, spending_fen, months, donations (donor masked), disbursements}. */
export const getCharityDisclosure = (id) => api.get(`/api/v1/public/charity-funds/${id}`)
