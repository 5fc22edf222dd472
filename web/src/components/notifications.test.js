import { describe, it, expect } from 'vitest'
import { notificationTarget } from './notifications.js'

describe('notification links', () => {
  it('follows the page the server linked, and only pages of this app', () => {
    expect(notificationTarget('/escalations/12')).toBe('/escalations/12')
    expect(notificationTarget('/events/12')).toBe('/events/12')
    expect(notificationTarget('https://evil.example/')).toBe(null)
    expect(notificationTarget('//evil.example/x')).toBe(null)
    expect(notificationTarget('')).toBe(null)
    expect(notificationTarget(null)).toBe(null)
  })
})
