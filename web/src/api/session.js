import { api } from './client.js'

// Session calls never trigger the 401 redirect: a 401 here is an answer, not an accident.
export const login = (username, password) =>
  api.post('/api/v1/session', { username, password }, { noAuthRedirect: true })
export const currentSession = () => api.get('/api/v1/session', { noAuthRedirect: true })
export const logout = () => api.delete('/api/v1/session', { noAuthRedirect: true })
/**
 * The caller's own change: → a new session (the same answer as a login); other sessions end.
 * It needs a live session, so its 401 does lead to the login page.
 */
export const changePassword = (currentPassword, password) =>
  api.post('/api/v1/session/password', { current_password: currentPassword, password })
