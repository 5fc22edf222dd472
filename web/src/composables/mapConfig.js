// Map settings shared by every Leaflet map of the app (the event report's and the facility
// form's MapPicker, the facility map). The tile URL is configurable at build time through
// VITE_LINLI_MAP_TILES (a Leaflet URL template, or "none" for no background at all); the maps
// work without tiles: a pin is still placed by clicking, and coordinates can be typed.
export const DEFAULT_TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png'
export const DEFAULT_ATTRIBUTION = '&copy; OpenStreetMap contributors'
/** Centre of Yangzhou (WGS-84) when no point is chosen yet. */
export const YANGZHOU_CENTER = [32.3942, 119.4129]

/** The tile URL template to use, or null for none. */
export function tileUrl(env = import.meta.env || {}) {
  const configured = env.VITE_LINLI_MAP_TILES
  if (configured === undefined || configured === null || configured === '') return DEFAULT_TILE_URL
  if (String(configured).trim().toLowerCase() === 'none') return null
  return String(configured).trim()
}
export function tileAttribution(env = import.meta.env || {}) {
  return env.VITE_LINLI_MAP_ATTRIBUTION || DEFAULT_ATTRIBUTION
}

/**
 * Puts the background tiles on a Leaflet map (`L` is Leaflet itself). Calls `noTiles()` when
 * none are configured and `tilesFailed()` each time one cannot load.
 */
export function addTiles(L, map, { noTiles, tilesFailed }, env = import.meta.env || {}) {
  const url = tileUrl(env)
  if (!url) {
    noTiles()
    return
  }
  const layer = L.tileLayer(url, { maxZoom: 19, attribution: tileAttribution(env) })
  layer.on('tileerror', tilesFailed)
  layer.addTo(map)
}

/** Rounds a coordinate for the number fields (6 decimals ≈ 0.1 m). */
export const roundCoordinate = (value) => Math.round(Number(value) * 1e6) / 1e6
