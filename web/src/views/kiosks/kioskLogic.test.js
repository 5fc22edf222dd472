import { describe, it, expect, vi } from 'vitest'
import { idleTimer, newCalls, readToken, writeToken } from './kioskLogic.js'

describe('idleTimer', () => {
  it('fires once after the time without a poke, and each poke starts it again', () => {
    vi.useFakeTimers()
    const onIdle = vi.fn()
    const timer = idleTimer(onIdle, 1000)
    timer.poke()
    vi.advanceTimersByTime(900)
    timer.poke()
    vi.advanceTimersByTime(900)
    expect(onIdle).not.toHaveBeenCalled()
    vi.advanceTimersByTime(200)
    expect(onIdle).toHaveBeenCalledTimes(1)
    timer.poke()
    timer.stop()
    vi.advanceTimersByTime(5000)
    expect(onIdle).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
  })
})

describe('newCalls', () => {
  it('announces each call once, and a recall again', () => {
    const announced = new Set()
    const board = { called: [{ id: 1, call_count: 1, code: 'A001' }] }
    expect(newCalls(board, announced).map((t) => t.code)).toEqual(['A001'])
    expect(newCalls(board, announced)).toEqual([])
    expect(newCalls({ called: [{ id: 1, call_count: 2, code: 'A001' }] }, announced)).toHaveLength(1)
  })
})

describe('tokens', () => {
  it('are kept in storage and removed with an empty token', () => {
    const map = new Map()
    const storage = { getItem: (k) => map.get(k) ?? null, setItem: (k, v) => map.set(k, v), removeItem: (k) => map.delete(k) }
    writeToken('k', 'abc', storage)
    expect(readToken('k', storage)).toBe('abc')
    writeToken('k', '', storage)
    expect(readToken('k', storage)).toBe('')
  })
})
