import { api } from './client.js'

const one = (username) => `/api/v1/accounts/${encodeURIComponent(username)}`

export const listAccounts = ({ q, limit = 50, cursor } = {}) =>
  api.get('/api/v1/accounts', { query: { q, limit, cursor } })
/** {username, display_name, password, grants: [{role, scope_code, department}], phone?} → Account. */
export const createAccount = (account) => api.post('/api/v1/accounts', account)
/** Replaces every grant of the account → Account (its sessions end). */
export const replaceGrants = (username, grants) => api.put(`${one(username)}/grants`, { grants })
/** Sets the mobile number the account's SMS go to ('' or null clears it) → Account (masked). */
export const setPhone = (username, phone) => api.put(`${one(username)}/phone`, { phone: phone || null })
export const disableAccount = (username) => api.post(`${one(username)}/disable`)
export const enableAccount = (username) => api.post(`${one(username)}/enable`)
/** → {delivered_to: 'shown_once', temporary_password, must_change_password: true} (shown to the
 * manager this once), or {delivered_to: 'sms', phone (masked), must_change_password: true} when the
 * server sent it to the holder's phone. */
export const resetPassword = (username) => api.post(`${one(username)}/password`)
