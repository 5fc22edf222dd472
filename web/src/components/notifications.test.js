import { describe, it, expect } from 'vitest'
import { notificationTarget, linkTarget } from './notifications.js'

describe('notification targets', () => {
  it('maps a subject to its page of this app', () => {
    expect(notificationTarget({ subject_type: 'event', subject_id: 12, link: '/events/12' })).toEqual({
      name: 'event',
      params: { id: '12' },
    })
    expect(notificationTarget({ subject_type: 'escalation', subject_id: 8, link: '/escalations/8' })).toEqual({
      name: 'escalation',
      params: { id: '8' },
    })
    expect(notificationTarget({ subject_type: 'mandatory_report', subject_id: 4, link: '/care/mandatory-reports/4' })).toEqual({
      name: 'care-mandatory-report',
      params: { id: '4' },
    })
    expect(notificationTarget({ subject_type: 'application', subject_id: 9, link: '/care/applications/9' })).toEqual({
      name: 'care-application',
      params: { id: '9' },
    })
  })

  it('leads nowhere without a subject, or with a broken one', () => {
    expect(notificationTarget({ subject_type: null, subject_id: null, link: '' })).toBe(null)
    expect(notificationTarget({ subject_type: 'event', subject_id: null, link: '/events/1' })).toBe(null)
    expect(notificationTarget({ subject_type: 'event', subject_id: -3 })).toBe(null)
    expect(notificationTarget({ subject_type: 'event', subject_id: '5' })).toBe(null)
    expect(notificationTarget(null)).toBe(null)
    expect(notificationTarget('/events/1')).toBe(null)
  })

  it('falls back to the link for a subject it does not know, or a server without subjects', () => {
    expect(notificationTarget({ subject_type: 'visit', subject_id: 3, link: '/visits/3' })).toBe('/visits/3')
    expect(notificationTarget({ link: '/escalations/12' })).toBe('/escalations/12')
    expect(notificationTarget({ subject_type: 'visit', subject_id: 3, link: 'https://evil.example/' })).toBe(null)
    // Only keys of the map are subjects (not what every object inherits).
    expect(notificationTarget({ subject_type: 'toString', subject_id: 3, link: '' })).toBe(null)
  })

  it('follows only links that are pages of this app', () => {
    expect(linkTarget('/escalations/12')).toBe('/escalations/12')
    expect(linkTarget('/events/12')).toBe('/events/12')
    expect(linkTarget('https://evil.example/')).toBe(null)
    expect(linkTarget('//evil.example/x')).toBe(null)
    expect(linkTarget('')).toBe(null)
    expect(linkTarget(null)).toBe(null)
  })
})
