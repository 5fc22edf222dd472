import { api } from './client.js'

export const listBuildings = ({ community, grid, limit = 50, cursor } = {}) =>
  api.get('/api/v1/buildings', { query: { community, grid, limit, cursor } })
export const getBuilding = (id) => api.get(`/api/v1/buildings/${encodeURIComponent(id)}`)
export const createBuilding = (building) => api.post('/api/v1/buildings', building)
