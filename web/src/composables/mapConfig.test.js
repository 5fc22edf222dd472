import { describe, it, expect } from 'vitest'
import { addBaseMap, tileLayerSpecs, normaliseBaseMap, clusterLabel, roundCoordinate, OFFLINE_BASE_MAP } from './mapConfig.js'

const TIANDITU = {
  provider: 'tianditu',
  datum: 'wgs84',
  layers: [
    { role: 'labels', url: 'https://t{s}.tianditu.gov.cn/cva_w/wmts?LAYER=cva&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k', subdomains: '01234567', attribution: '', max_zoom: 18 },
    { role: 'base', url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?LAYER=vec&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=k', subdomains: '01234567', attribution: '天地图', max_zoom: 18 },
  ],
}

function fakeLeaflet() {
  const calls = []
  const L = {
    tileLayer: (url, options) => {
      calls.push(['tileLayer', url, options])
      return { on: (name, fn) => calls.push(['on', name, fn]), addTo: (map) => calls.push(['addTo', map]) }
    },
  }
  return { L, calls }
}

describe('base map from the deployment answer', () => {
  it('takes the server\'s layers, base under labels, with subdomains and zoom', () => {
    const specs = tileLayerSpecs(TIANDITU)
    expect(specs.map((s) => s.url)).toEqual([TIANDITU.layers[1].url, TIANDITU.layers[0].url])
    expect(specs[0].options).toEqual({ maxZoom: 18, attribution: '天地图', subdomains: '01234567' })
  })
  it('is offline for none, a missing answer or malformed layers', () => {
    expect(normaliseBaseMap(undefined)).toBe(OFFLINE_BASE_MAP)
    expect(normaliseBaseMap({ provider: 'none', layers: [] }).provider).toBe('none')
    expect(tileLayerSpecs({ provider: 'custom', layers: [{ url: 'javascript:alert(1)' }, { url: 42 }] })).toEqual([])
    const custom = tileLayerSpecs({ provider: 'custom', layers: [{ role: 'base', url: 'http://127.0.0.1:9/{z}/{x}/{y}.png', subdomains: '', attribution: '' }] })
    expect(custom).toEqual([{ url: 'http://127.0.0.1:9/{z}/{x}/{y}.png', options: { maxZoom: 18, attribution: '' } }])
  })
  it('adds every tile layer and reports failed tiles, or says there are none', () => {
    const { L, calls } = fakeLeaflet()
    const seen = []
    const hooks = { noTiles: () => seen.push('none'), tilesFailed: () => seen.push('failed') }
    expect(addBaseMap(L, 'map', TIANDITU, hooks)).toHaveLength(2)
    expect(calls.filter((c) => c[0] === 'tileLayer')).toHaveLength(2)
    expect(calls.filter((c) => c[0] === 'addTo')).toEqual([['addTo', 'map'], ['addTo', 'map']])
    calls.find((c) => c[0] === 'on' && c[1] === 'tileerror')[2]()
    expect(seen).toEqual(['failed'])
    const before = calls.length
    expect(addBaseMap(L, 'map', { provider: 'none', layers: [] }, hooks)).toEqual([])
    expect(addBaseMap(L, 'map', undefined, hooks)).toEqual([])
    expect(seen).toEqual(['failed', 'none', 'none'])
    expect(calls).toHaveLength(before)
  })
})

describe('cluster markers', () => {
  it('name how many facilities they hold', () => {
    const t = (key, values) => `${key}:${values.n}`
    expect(clusterLabel(92, t)).toBe('facilities.map.clusterLabel:92')
  })
})

describe('map coordinates', () => {
  it('rounds a picked coordinate to 6 decimals', () => {
    expect(roundCoordinate(32.123456789)).toBe(32.123457)
    expect(roundCoordinate('119.4129004')).toBe(119.4129)
  })
})
