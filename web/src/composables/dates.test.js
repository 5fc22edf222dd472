import { describe, it, expect } from 'vitest'
import { today, checkDate, formatTime, formatTimeSeconds } from './dates.js'

describe('dates', () => {
  it('checks dates', () => {
    expect(checkDate('')).toBeNull()
    expect(checkDate('2026-01-31')).toBeNull()
    expect(checkDate('2026-02-30')).toBe('dateFormat')
    expect(checkDate('2026/01/31')).toBe('dateFormat')
  })
})

describe('today', () => {
  it('is the date in China (UTC+8), not in the browser time zone', () => {
    expect(today(new Date('2026-11-29T15:59:59Z'))).toBe('2026-11-29')
    expect(today(new Date('2026-11-29T16:00:00Z'))).toBe('2026-11-30')
    expect(today(new Date('2026-12-31T17:00:00Z'))).toBe('2027-01-01')
  })
})

describe('times', () => {
  it('shows Beijing time', () => {
    expect(formatTime(Date.UTC(2026, 10, 30, 2, 30))).toBe('2026-11-30 10:30')
    expect(formatTime(Date.UTC(2026, 10, 30, 16, 5, 9))).toBe('2026-12-01 00:05')
    expect(formatTimeSeconds(Date.UTC(2026, 10, 30, 16, 5, 9))).toBe('2026-12-01 00:05:09')
    expect(formatTime(0)).toBe('1970-01-01 08:00')
    expect(formatTime(null)).toBe('—')
    expect(formatTime('x')).toBe('—')
  })
})
