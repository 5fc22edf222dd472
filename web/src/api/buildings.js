import { api } from './client.js'

export const listBuildings = ({ community, grid, limit = 50, cursor } = {}) =>
  api.get('/api/v1/buildings', { query: { community, grid, limit, cursor } })
export const getBuilding = (id) => api.get(`/api/v1/buildings/${encodeURIComponent(id)}`)
export const createBuilding = (building) => api.post('/api/v1/buildings', building)
/** Every building of a community, page by page up to `max` (the facility map's offline drawing). */
export async function listAllBuildings(community, { max = 2000 } = {}) {
  const items = []
  let cursor
  do {
    const page = await listBuildings({ community, limit: 200, cursor })
    items.push(...(page.items || []))
    cursor = page.next_cursor || undefined
  } while (cursor && items.length < max)
  return { items: items.slice(0, max), truncated: Boolean(cursor) }
}
