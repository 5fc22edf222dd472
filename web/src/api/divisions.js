import { api } from './client.js'

export const getDivision = (code) => api.get(`/api/v1/divisions/${encodeURIComponent(code)}`)
/** The outlines (GeoJSON) of a place's children, and the children without one (decision 0051). */
export const getOutlines = (code) => api.get(`/api/v1/divisions/${encodeURIComponent(code)}/outlines`)
export const searchDivisions = ({ q, level, limit = 20, cursor } = {}) =>
  api.get('/api/v1/divisions', { query: { q, level, limit, cursor } })
export const setDivisionKind = (code, kind) =>
  api.patch(`/api/v1/divisions/${encodeURIComponent(code)}`, { kind })
/** A place of the city by name, for people who are not signed in (no counts, no grids). */
export const getPublicPlace = (code) => api.get(`/api/v1/places/${encodeURIComponent(code)}`)
