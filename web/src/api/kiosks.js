// Kiosks (自助终端), hall displays and queue tickets (叫号): registering devices (kiosks.manage),
// the device's own calls with its token (X-Kiosk-Token, never a session), and the desk's 取号/叫号.
import { api } from './client.js'

export const TOKEN_KEY = 'linli.kioskToken'
export const DISPLAY_TOKEN_KEY = 'linli.displayToken'

// ---- devices (kiosks.manage) ----
export const listKiosks = (community) => api.get('/api/v1/kiosks', { query: { community } })
export const registerKiosk = (body) => api.post('/api/v1/kiosks', body)
export const disableKiosk = (id) => api.post(`/api/v1/kiosks/${encodeURIComponent(id)}/disable`)
/** A new device token (shown once); the old one stops at once. */
export const replaceKioskToken = (id) => api.post(`/api/v1/kiosks/${encodeURIComponent(id)}/token`)
export const kioskCoverage = (division) => api.get('/api/v1/kiosk-coverage', { query: { division } })

// ---- the device (its token; a 401 means "pair again", never the login page) ----
const device = (token) => ({ headers: { 'X-Kiosk-Token': token }, noAuthRedirect: true })
export const deviceSelf = (token) => api.get('/api/v1/kiosk/device', device(token))
export const deviceBoard = (token) => api.get('/api/v1/kiosk/board', device(token))
export const deviceTakeTicket = (token, category) => api.post('/api/v1/kiosk/tickets', { category }, device(token))
// A resident's sign-in at the kiosk by phone and SMS code (decision 0027): a 15-minute session.
export const deviceSignInCode = (token, phone) => api.post('/api/v1/kiosk/sign-in/code', { phone }, device(token))
export const deviceSignIn = (token, phone, code) => api.post('/api/v1/kiosk/sign-in', { phone, code }, device(token))
// Or by scanning the code the kiosk shows with a signed-in phone (decision 0028): the kiosk opens a
// one-time challenge and polls it; the first poll after the phone's approval is the session.
export const deviceOpenPairing = (token) => api.post('/api/v1/kiosk/pairings', undefined, device(token))
export const devicePollPairing = (token, id) => api.post(`/api/v1/kiosk/pairings/${encodeURIComponent(id)}/sign-in`, undefined, device(token))
// The resident's phone (self.services): which kiosk asks, and the approval (once).
export const lookUpPairing = (secret) => api.post('/api/v1/me/kiosk-pairing/look-up', { secret })
export const approvePairing = (secret) => api.post('/api/v1/me/kiosk-pairing/approve', { secret })

// ---- the desk ----
export const queueTickets = (community) => api.get('/api/v1/queue-tickets', { query: { community } })
export const deskTakeTicket = (community_code, category) => api.post('/api/v1/queue-tickets', { community_code, category })
export const callNextTicket = (community_code, desk) => api.post('/api/v1/queue-tickets/call-next', { community_code, desk })
export const actOnTicket = (id, action, desk) => api.post(`/api/v1/queue-tickets/${encodeURIComponent(id)}/transitions`, { action, desk })
