import { api } from './client.js'

export const listGrids = ({ community, parent, status = 'active', q, on, limit = 50, cursor } = {}) =>
  api.get('/api/v1/grids', { query: { community, parent, status, q, on, limit, cursor } })
export const getGrid = (code) => api.get(`/api/v1/grids/${encodeURIComponent(code)}`)
export const createGrid = (grid) => api.post('/api/v1/grids', grid)
export const updateGrid = (code, changes) => api.patch(`/api/v1/grids/${encodeURIComponent(code)}`, changes)
export const closeGrid = (code, validUntil) =>
  api.post(`/api/v1/grids/${encodeURIComponent(code)}/close`, { valid_until: validUntil })
