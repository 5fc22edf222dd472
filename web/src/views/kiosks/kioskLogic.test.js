import { describe, it, expect, vi } from 'vitest'
import { idleTimer, newCalls, readToken, writeToken, pairingUrl, pairingSecret, qrModules, qrPath, pairingStep, pairingPoller, tokenState, TOKEN_WARNING_MS } from './kioskLogic.js'

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

describe('sign-in by scanning the kiosk\'s code', () => {
  it('builds the phone\'s URL and accepts only a well-formed secret back', () => {
    const secret = 'AbC-_0123456789abcdefghijklmnopqrstuvwxyzAB'
    const url = pairingUrl('https://linli.example.cn/', secret)
    expect(url).toBe(`https://linli.example.cn/kiosk-pair?c=${secret}`)
    expect(pairingSecret(new URL(url).searchParams.get('c'))).toBe(secret)
    expect(pairingSecret([secret, 'x'])).toBe(secret)
    for (const bad of ['', 'short', 'has space in it here!!', '<script>alert(1)</script>', undefined, null, 'x'.repeat(101)]) {
      expect(pairingSecret(bad)).toBe('')
    }
  })

  it('draws a QR code of the URL: a square of 21 + 4k modules with its three finder patterns', () => {
    const modules = qrModules(pairingUrl('http://127.0.0.1:8080', 'A'.repeat(43)))
    const size = modules.length
    expect((size - 21) % 4).toBe(0)
    expect(size).toBeGreaterThan(21)
    expect(modules.every((row) => row.length === size)).toBe(true)
    // A finder's 7×7 ring is dark, its next ring light, its 3×3 centre dark.
    for (const [top, left] of [[0, 0], [0, size - 7], [size - 7, 0]]) {
      expect(modules[top][left + 3]).toBe(true)
      expect(modules[top + 1][left + 1]).toBe(false)
      expect(modules[top + 3][left + 3]).toBe(true)
    }
    const path = qrPath(modules)
    const dark = modules.flat().filter(Boolean).length
    expect(path.match(/M/g).length).toBe(dark)
    expect(path.startsWith('M0 0h1v1h-1z')).toBe(true)
  })

  it('tells a session, an expired code and a pending one apart', () => {
    expect(pairingStep({ token: 't', csrf_token: 'c', account: { username: 'r' } })).toBe('signed-in')
    expect(pairingStep({ state: 'expired', expires_at: 0 })).toBe('renew')
    expect(pairingStep({ state: 'pending', expires_at: 1 })).toBe('wait')
    expect(pairingStep(null)).toBe('wait')
  })

  it('polls its code, renews an expired one, retries after an error and stops at the sign-in', async () => {
    vi.useFakeTimers()
    const codes = [{ id: 1, secret: 'a' }, { id: 2, secret: 'b' }]
    const answers = [{ state: 'pending' }, { state: 'expired' }, new Error('offline'), { state: 'pending' }, { token: 't', account: { username: 'r' } }]
    const open = vi.fn(async () => codes.shift())
    const poll = vi.fn(async () => {
      const next = answers.shift()
      if (next instanceof Error) throw next
      return next
    })
    const onCode = vi.fn()
    const onSignedIn = vi.fn()
    const poller = pairingPoller({ open, poll, onCode, onSignedIn, ms: 1000 })
    await poller.start()
    expect(onCode).toHaveBeenLastCalledWith({ id: 1, secret: 'a' })
    await vi.advanceTimersByTimeAsync(1000) // pending
    await vi.advanceTimersByTimeAsync(1000) // expired: a new code
    expect(onCode).toHaveBeenLastCalledWith({ id: 2, secret: 'b' })
    await vi.advanceTimersByTimeAsync(1000) // an error: tried again
    await vi.advanceTimersByTimeAsync(1000) // pending
    await vi.advanceTimersByTimeAsync(1000) // approved
    expect(poll.mock.calls.map((c) => c[0])).toEqual([1, 1, 2, 2, 2])
    expect(onSignedIn).toHaveBeenCalledWith({ token: 't', account: { username: 'r' } })
    await vi.advanceTimersByTimeAsync(5000)
    expect(poll).toHaveBeenCalledTimes(5) // stopped
    vi.useRealTimers()
  })

  it('stops when the kiosk leaves the screen, and on a refused token', async () => {
    vi.useFakeTimers()
    const poll = vi.fn(async () => ({ state: 'pending' }))
    const poller = pairingPoller({ open: async () => ({ id: 9 }), poll, onCode: () => {}, onSignedIn: () => {}, ms: 1000 })
    await poller.start()
    await vi.advanceTimersByTimeAsync(1000)
    poller.stop()
    await vi.advanceTimersByTimeAsync(5000)
    expect(poll).toHaveBeenCalledTimes(1)

    const onRefused = vi.fn()
    const refused = pairingPoller({ open: async () => { throw Object.assign(new Error('x'), { status: 401 }) }, poll, onCode: () => {}, onSignedIn: () => {}, onRefused, ms: 1000 })
    await refused.start()
    expect(onRefused).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(5000)
    expect(onRefused).toHaveBeenCalledTimes(1)
    vi.useRealTimers()
  })
})

describe('tokenState', () => {
  const now = 1_800_000_000_000
  it('is ok far from expiry, expiring within two weeks, expired from the moment itself', () => {
    expect(tokenState({ token_expires_at: now + TOKEN_WARNING_MS + 1 }, now)).toBe('ok')
    expect(tokenState({ token_expires_at: now + TOKEN_WARNING_MS }, now)).toBe('expiring')
    expect(tokenState({ token_expires_at: now + 1 }, now)).toBe('expiring')
    expect(tokenState({ token_expires_at: now }, now)).toBe('expired')
    expect(tokenState({}, now)).toBe('ok')
  })
})
