import { describe, it, expect } from 'vitest'
import { formatFen, yuanToFen } from './charityLogic.js'

describe('charity money', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(12345)).toBe('123.45')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(-30000)).toBe('-300.00')
    expect(formatFen(123456789)).toBe('1,234,567.89')
  })
  it('reads typed yuan into integer fen', () => {
    expect(yuanToFen('123.4')).toBe(12340)
    expect(yuanToFen('0.01')).toBe(1)
    expect(yuanToFen('500')).toBe(50000)
    expect(yuanToFen('1.005')).toBeNull()
    expect(yuanToFen('-1')).toBeNull()
    expect(yuanToFen('abc')).toBeNull()
  })
})
