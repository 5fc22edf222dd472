import { describe, it, expect } from 'vitest'
import { reportUrl } from './indicators.js'

describe('reportUrl', () => {
  it('asks for the .xlsx by default and the PDF when told, with the same query', () => {
    expect(reportUrl('321023', '2024-04')).toBe('/api/v1/indicators/report.xlsx?place=321023&period=2024-04')
    expect(reportUrl('321023', '2024-04', undefined, 'pdf')).toBe('/api/v1/indicators/report.pdf?place=321023&period=2024-04')
    expect(reportUrl('321023', '', '市公安局', 'pdf')).toBe(`/api/v1/indicators/report.pdf?place=321023&department=${encodeURIComponent('市公安局')}`)
  })
})
