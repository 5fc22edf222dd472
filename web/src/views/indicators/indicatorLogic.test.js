import { describe, it, expect } from 'vitest'
import { recordsRoute, formatValue, formatTarget, sortRows, summarize, reportable, currentMonth, checkFigure } from './indicatorLogic.js'

describe('indicatorLogic', () => {
  it('formats values and targets as people read them', () => {
    expect(formatValue(66.666666, '%')).toBe('66.67 %')
    expect(formatValue(30, '㎡/百户')).toBe('30 ㎡/百户')
    expect(formatValue(null, '%')).toBe('—')
    expect(formatValue(1200)).toBe('1,200')
    expect(formatTarget({ target: 90, comparator: '>=', unit: '%' })).toBe('≥ 90 %')
    expect(formatTarget({ target: null, comparator: '>=', unit: '个' })).toBe('')
  })

  it('sorts the worst first and keeps the plan order among equals', () => {
    const rows = [
      { id: 'A', status: 'met' },
      { id: 'B', status: 'behind' },
      { id: 'C', status: null },
      { id: 'D', status: 'at_risk' },
      { id: 'E', status: 'behind' },
    ]
    expect(sortRows(rows, true).map((r) => r.id)).toEqual(['B', 'E', 'D', 'A', 'C'])
    expect(sortRows(rows, false).map((r) => r.id)).toEqual(['A', 'B', 'C', 'D', 'E'])
    expect(summarize(rows)).toEqual({ met: 1, on_track: 0, at_risk: 1, behind: 2, no_data: 0, contribution: 1 })
  })

  it('offers reporting only where no module computes and the place may report', () => {
    expect(reportable({ computed_by: 'kiosks' }, 'community')).toBe(false)
    expect(reportable({ computed_by: null, unit_level: 'county' }, 'town')).toBe(false)
    expect(reportable({ computed_by: null, unit_level: 'community', value: null, reason: '本指标不统计此类地区' }, 'community')).toBe(false)
    expect(reportable({ computed_by: null, unit_level: 'community', value: null, reason: '尚未填报' }, 'town')).toBe(true)
  })

  it('checks a figure before it is sent', () => {
    expect(checkFigure('share', 3, 2)).toBe('indicators.form.shareTooLarge')
    expect(checkFigure('ratio', 3, 2)).toBe(null)
    expect(checkFigure('share', 1, 0)).toBe('indicators.form.denominatorInvalid')
    expect(checkFigure('count', 5, '')).toBe(null)
    expect(checkFigure('count', -1, '')).toBe('indicators.form.numeratorInvalid')
    expect(currentMonth(new Date('2025-12-31T17:00:00Z'))).toBe('2026-01')
  })

  it('links a computed figure to the records behind it', () => {
    expect(recordsRoute({ computed_by: 'designations' }, '321002')).toEqual({ name: 'designations', query: { place: '321002' } })
    expect(recordsRoute({ computed_by: 'kiosks' })).toEqual({ name: 'kiosks' })
    expect(recordsRoute({ computed_by: null })).toBe(null)
    const types = [
      { code: 'incubation_base', covers: ['A4a', 'A4b'] },
      { code: 'volunteer_station', covers: [], volunteer_station: true },
    ]
    expect(recordsRoute({ id: 'A4b', computed_by: 'facilities' }, '321002001001', types)).toEqual({ name: 'facilities', query: { type: 'incubation_base', division: '321002001001' } })
    expect(recordsRoute({ id: 'A6', computed_by: 'facilities' }, '3210', types)).toEqual({ name: 'facilities', query: { type: 'volunteer_station' } })
    expect(recordsRoute({ id: 'B1a', computed_by: 'facilities' }, '321002', types)).toEqual({ name: 'facilities' })
  })
})
