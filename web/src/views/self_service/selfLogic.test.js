import { describe, expect, it } from 'vitest'
import { appliesOnline, channelFor, cleanCode, cooldownLeft, onlineModes, selfRoutes } from './selfLogic.js'

describe('residents\' page helpers', () => {
  it('files from a phone as mobile, else web', () => {
    expect(channelFor(390)).toBe('mobile')
    expect(channelFor(720)).toBe('mobile')
    expect(channelFor(1280)).toBe('web')
  })
  it('offers only the modes a resident can choose online', () => {
    expect(onlineModes({ handling_modes: ['entrusted', 'appointment', 'grid_proxy', 'self_service'] })).toEqual(['appointment', 'grid_proxy', 'self_service'])
    expect(onlineModes(null)).toEqual([])
  })
  it('knows which items take online requests', () => {
    expect(appliesOnline({ channels: ['window', 'mobile'] })).toBe(true)
    expect(appliesOnline({ channels: ['window', 'kiosk'] })).toBe(false)
    // At a kiosk: the kiosk channel, whatever the width; web alone is not enough there.
    expect(appliesOnline({ channels: ['window', 'kiosk'] }, true)).toBe(true)
    expect(appliesOnline({ channels: ['web', 'mobile'] }, true)).toBe(false)
    expect(channelFor(390, true)).toBe('kiosk')
    expect(channelFor(1920, true)).toBe('kiosk')
    expect(selfRoutes(true)).toMatchObject({ list: 'kiosk-mine', request: 'kiosk-my-request', apply: 'kiosk-apply', household: null })
    expect(selfRoutes()).toMatchObject({ list: 'my-requests', request: 'my-request', apply: 'my-apply', household: 'my-household' })
  })
  it('counts the code cooldown down to zero', () => {
    expect(cooldownLeft(0, 5000)).toBe(0)
    expect(cooldownLeft(1000, 1000)).toBe(60)
    expect(cooldownLeft(1000, 31500)).toBe(30)
    expect(cooldownLeft(1000, 90000)).toBe(0)
  })
  it('keeps six digits of a typed code', () => {
    expect(cleanCode(' 12 34-567 ')).toBe('123456')
    expect(cleanCode(undefined)).toBe('')
  })
})
