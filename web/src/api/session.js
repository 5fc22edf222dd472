import { api } from './client.js'

// Session calls never trigger the 401 redirect: a 401 here is an answer, not an accident.
export const login = (username, password) =>
  api.post('/api/v1/session', { username, password }, { noAuthRedirect: true })
export const currentSession = () => api.get('/api/v1/session', { noAuthRedirect: true })
export const logout = () => api.delete('/api/v1/session', { noAuthRedirect: true })
