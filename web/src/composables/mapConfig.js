// Map settings shared by every Leaflet map of the app (the event report's and the facility
// form's MapPicker, the facility map). The base map is the server's setting (decision 0022),
// sent in GET /api/v1/deployment as `base_map: {provider, datum, layers:[{role, url,
// subdomains, attribution, max_zoom}]}`: 天地图 (vector + labels), OpenStreetMap, a custom tile
// server, or none (offline). The maps work without tiles: they draw their own features on a
// plain background and say why the background is blank.
/** The base map of a server that sends none (an older server, the deployment call failed). */
export const OFFLINE_BASE_MAP = Object.freeze({ provider: 'none', datum: 'wgs84', layers: [] })
/** Centre of Yangzhou (WGS-84) when no point is chosen yet. */
export const YANGZHOU_CENTER = [32.3942, 119.4129]

/** The deployment answer's base_map, checked: anything malformed is the offline map. */
export function normaliseBaseMap(value) {
  if (!value || typeof value !== 'object' || !Array.isArray(value.layers)) return OFFLINE_BASE_MAP
  const layers = value.layers.filter((layer) => layer && typeof layer.url === 'string' && /^https?:\/\//.test(layer.url))
  if (!layers.length) return { ...OFFLINE_BASE_MAP, provider: value.provider === 'none' ? 'none' : String(value.provider || 'none') }
  return { provider: String(value.provider), datum: String(value.datum || 'unknown'), layers }
}

/** Leaflet's arguments for each tile layer, base first then labels: [{url, options}]. */
export function tileLayerSpecs(baseMap) {
  return normaliseBaseMap(baseMap).layers
    .slice()
    .sort((a, b) => (a.role === 'labels') - (b.role === 'labels'))
    .map((layer) => {
      const options = { maxZoom: Number(layer.max_zoom) || 18, attribution: layer.attribution || '' }
      if (layer.subdomains) options.subdomains = layer.subdomains
      return { url: layer.url, options }
    })
}

/**
 * Puts the base map's tile layers on a Leaflet map (`L` is Leaflet itself). Calls `noTiles()`
 * when none are configured (offline) and `tilesFailed()` each time a tile cannot load.
 */
export function addBaseMap(L, map, baseMap, { noTiles, tilesFailed }) {
  const specs = tileLayerSpecs(baseMap)
  if (!specs.length) {
    noTiles()
    return []
  }
  return specs.map(({ url, options }) => {
    const layer = L.tileLayer(url, options)
    layer.on('tileerror', tilesFailed)
    layer.addTo(map)
    return layer
  })
}

/** The accessible name of a cluster marker: how many facilities it stands for. */
export function clusterLabel(count, t) {
  return t('facilities.map.clusterLabel', { n: count })
}

/** Rounds a coordinate for the number fields (6 decimals ≈ 0.1 m). */
export const roundCoordinate = (value) => Math.round(Number(value) * 1e6) / 1e6
