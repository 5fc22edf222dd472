import { api } from './client.js'

export const getHousehold = (id) => api.get(`/api/v1/households/${encodeURIComponent(id)}`)
export const createHousehold = (household) => api.post('/api/v1/households', household)
/** The open households of a building, by room, with their heads' names (a form's chooser). */
export const listHouseholdsOfBuilding = (building) => api.get('/api/v1/households', { query: { building } })
