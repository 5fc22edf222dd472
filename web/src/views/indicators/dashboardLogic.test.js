import { describe, it, expect } from 'vitest'
import { statusColour, treemapData, mapData, outlinedCodes, trendSeries, canDrill, parentCode } from './dashboardLogic.js'

describe('dashboardLogic', () => {
  it('colours a breakdown by status and labels each tile with its value', () => {
    const data = treemapData(
      [{ place_code: '321002', place_name: '广陵区', level: 'county', value: 66.666, unit: '%', status: 'behind' },
        { place_code: '321003', place_name: '邗江区', level: 'county', value: null, unit: '%', status: 'no_data' }],
      (s) => ({ behind: '滞后', no_data: '无数据' })[s],
      (v, u) => (v === null ? '—' : `${Math.round(v)} ${u}`),
    )
    expect(data[0].itemStyle.color).toBe('#a50e0e')
    expect(data[0].label.formatter).toBe('广陵区\n67 %')
    expect(data[1].tooltip).toBe('邗江区：— · 无数据')
    expect(statusColour(null)).toBe('#5f6368')
  })

  it('keeps months without a value as gaps and the target as a line', () => {
    const series = trendSeries([{ period: '2025-11', value: 12.345 }, { period: '2025-12', value: null }], 18)
    expect(series).toEqual({ periods: ['2025-11', '2025-12'], values: [12.35, null], target: 18 })
    expect(trendSeries([], null).target).toBe(null)
  })

  it('drills down to towns but not below communities, and back up', () => {
    expect(canDrill('county')).toBe(true)
    expect(canDrill('community')).toBe(false)
    expect(parentCode('321002001001')).toBe('321002001')
    expect(parentCode('321002001')).toBe('321002')
    expect(parentCode('321002')).toBe('3210')
    expect(parentCode('3210')).toBe(null)
  })
})

describe('the outline map', () => {
  const items = [
    { place_code: '321002', place_name: '广陵区', level: 'county', value: 80, unit: '%', status: 'met' },
    { place_code: '321071', place_name: '扬州经济技术开发区', level: 'county', value: null, unit: '%', status: 'no_data' },
  ]
  const outlines = { features: [{ properties: { code: '321002', name: '广陵区' } }] }

  it('draws the places that have an outline, filled by status, matched by code', () => {
    const codes = outlinedCodes(outlines)
    expect([...codes]).toEqual(['321002'])
    const data = mapData(items, codes, (s) => s, (v, u) => `${v ?? '—'}${u}`)
    expect(data).toHaveLength(1)
    expect(data[0].name).toBe('321002')
    expect(data[0].itemStyle.areaColor).toBe(statusColour('met'))
    expect(data[0].text).toBe('广陵区\n80%')
  })

  it('has no outlined places without an answer', () => {
    expect(outlinedCodes(null).size).toBe(0)
    expect(mapData(items, outlinedCodes(undefined), (s) => s, String)).toEqual([])
  })
})
