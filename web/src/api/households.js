import { api } from './client.js'

export const getHousehold = (id) => api.get(`/api/v1/households/${encodeURIComponent(id)}`)
export const createHousehold = (household) => api.post('/api/v1/households', household)
