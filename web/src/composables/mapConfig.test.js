import { describe, it, expect } from 'vitest'
import { tileUrl, addTiles, roundCoordinate, DEFAULT_TILE_URL, DEFAULT_ATTRIBUTION } from './mapConfig.js'

describe('map tiles', () => {
  it('uses the configured template, the default, or none', () => {
    expect(tileUrl({})).toBe(DEFAULT_TILE_URL)
    expect(tileUrl({ VITE_LINLI_MAP_TILES: 'none' })).toBe(null)
    expect(tileUrl({ VITE_LINLI_MAP_TILES: ' http://tiles.local/{z}/{x}/{y}.png ' })).toBe('http://tiles.local/{z}/{x}/{y}.png')
  })
  it('adds the tile layer and reports failed tiles, or says there are none', () => {
    const calls = []
    const layer = { on: (name, fn) => calls.push(['on', name, fn]), addTo: (map) => calls.push(['addTo', map]) }
    const L = { tileLayer: (url, options) => { calls.push(['tileLayer', url, options]); return layer } }
    const seen = []
    const hooks = { noTiles: () => seen.push('none'), tilesFailed: () => seen.push('failed') }
    addTiles(L, 'map', hooks, {})
    expect(calls[0]).toEqual(['tileLayer', DEFAULT_TILE_URL, { maxZoom: 19, attribution: DEFAULT_ATTRIBUTION }])
    expect(calls[1][1]).toBe('tileerror')
    calls[1][2]()
    expect(calls[2]).toEqual(['addTo', 'map'])
    expect(seen).toEqual(['failed'])
    addTiles(L, 'map', hooks, { VITE_LINLI_MAP_TILES: 'none' })
    expect(seen).toEqual(['failed', 'none'])
    expect(calls).toHaveLength(3)
  })
})

describe('map coordinates', () => {
  it('rounds a picked coordinate to 6 decimals', () => {
    expect(roundCoordinate(32.123456789)).toBe(32.123457)
    expect(roundCoordinate('119.4129004')).toBe(119.4129)
  })
})
