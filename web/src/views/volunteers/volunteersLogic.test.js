import { describe, it, expect } from 'vitest'
import {
  blankVolunteer, volunteerProblems, toVolunteerBody, blankActivity, activityProblems, toActivityBody, chinaLocal,
  fromChinaLocal, proposedMinutes, statsTotals, splitMinutes, skillName, openSlots, filterVolunteers, pageOf, teamProblems, toTeamBody,
} from './volunteersLogic.js'

const COMMUNITY = '321002001002'

describe('volunteer form', () => {
  it('asks for a name, a binding and a community', () => {
    expect(volunteerProblems(blankVolunteer())).toEqual({ name: 'nameRequired', resident_id: 'residentRequired', community_code: 'communityRequired' })
    const byAccount = { ...blankVolunteer(COMMUNITY), bind: 'account', name: '志愿者乙', account_id: 'x' }
    expect(volunteerProblems(byAccount)).toEqual({ account_id: 'accountRequired' })
    expect(volunteerProblems({ ...byAccount, name: '长'.repeat(41), account_id: '7' })).toEqual({ name: 'nameLength' })
  })

  it('refuses a window that ends before it starts', () => {
    const form = { ...blankVolunteer(COMMUNITY), name: '甲', resident: { id: 3 }, availability: [{ weekday: 6, from: '12:00', until: '09:00' }] }
    expect(volunteerProblems(form)).toEqual({ availability: 'window' })
  })

  it('sends the binding chosen and nothing else', () => {
    const form = { ...blankVolunteer(COMMUNITY), name: ' 甲 ', resident: { id: 3 }, skills: ['general'], availability: [{ weekday: '6', from: '09:00', until: '12:00' }] }
    expect(toVolunteerBody(form)).toEqual({ resident_id: 3, name: '甲', community_code: COMMUNITY, skills: ['general'], availability: [{ weekday: 6, from: '09:00', until: '12:00' }] })
    expect(toVolunteerBody({ ...form, bind: 'account', account_id: ' 12 ' })).toMatchObject({ account_id: 12 })
    expect(toVolunteerBody({ ...form, bind: 'account', account_id: '12' }).resident_id).toBeUndefined()
  })

  it('checks a team', () => {
    expect(teamProblems({ name: ' ', community_code: '' })).toEqual({ name: 'nameRequired', community_code: 'communityRequired' })
    expect(toTeamBody({ name: '队', community_code: COMMUNITY, members: ['2', 1] })).toEqual({ name: '队', community_code: COMMUNITY, members: [2, 1] })
  })
})

describe('activity form', () => {
  it('reads times in Beijing time', () => {
    const ms = Date.parse('2026-12-08T01:00:00Z')
    expect(chinaLocal(ms)).toBe('2026-12-08T09:00')
    expect(fromChinaLocal('2026-12-08T09:00')).toBe(ms)
    expect(fromChinaLocal('2026-12-08')).toBeNull()
  })

  it('proposes tomorrow morning with one general slot, which may be sent as it is but for the title', () => {
    const form = blankActivity(COMMUNITY, Date.parse('2026-12-07T23:00:00Z'))
    expect(form.starts_at).toBe('2026-12-09T09:00')
    expect(activityProblems(form)).toEqual({ title: 'titleRequired' })
    const body = toActivityBody({ ...form, title: ' 重阳敬老 ', team_id: '4' })
    expect(body).toEqual({ title: '重阳敬老', community_code: COMMUNITY, team_id: 4, starts_at: Date.parse('2026-12-09T01:00:00Z'), ends_at: Date.parse('2026-12-09T04:00:00Z'), slots: [{ skill: 'general', wanted: 1 }] })
    expect(toActivityBody({ ...form, title: 'x' }).team_id).toBeUndefined()
  })

  it('refuses reversed or week-long times and bad slots', () => {
    const form = { ...blankActivity(COMMUNITY), title: 't' }
    expect(activityProblems({ ...form, ends_at: form.starts_at })).toEqual({ ends_at: 'endsAfter' })
    expect(activityProblems({ ...form, starts_at: '2026-12-01T09:00', ends_at: '2026-12-08T09:01' })).toEqual({ ends_at: 'week' })
    expect(activityProblems({ ...form, slots: [] })).toEqual({ slots: 'slotCount' })
    expect(activityProblems({ ...form, slots: [{ skill: 'general', wanted: 1 }, { skill: 'general', wanted: 2 }] })).toEqual({ slots: 'slotSkill' })
    expect(activityProblems({ ...form, slots: [{ skill: 'general', wanted: 0 }] })).toEqual({ slots: 'wanted' })
  })
})

describe('display helpers', () => {
  it('proposes the served minutes, else the planned length', () => {
    const activity = { starts_at: 0, ends_at: 180 * 60_000 }
    expect(proposedMinutes({ checkin_at: 1000, checkout_at: 1000 + 90 * 60_000 }, activity)).toBe(90)
    expect(proposedMinutes({ checkin_at: 1000, checkout_at: 2000 }, activity)).toBe(180)
  })

  it('splits minutes', () => {
    expect(splitMinutes(150)).toEqual({ sign: 1, hours: 2, minutes: 30 })
    expect(splitMinutes(-90)).toEqual({ sign: -1, hours: 1, minutes: 30 })
  })

  it('names skills in the language', () => {
    const skills = [{ code: 'general', name: '通用服务', name_en: 'General help' }]
    expect(skillName(skills, 'general')).toBe('通用服务')
    expect(skillName(skills, 'general', 'en')).toBe('General help')
    expect(skillName(skills, 'x')).toBe('x')
  })

  it('lists slots with room, filters and pages', () => {
    expect(openSlots({ slots: [{ id: 1, taken: 1, wanted: 1 }, { id: 2, taken: 0, wanted: 3 }] }).map((s) => s.id)).toEqual([2])
    const items = Array.from({ length: 45 }, (_, i) => ({ name: `志愿者${i}`, community_code: i % 2 ? COMMUNITY : '321002001003', status: 'active' }))
    expect(filterVolunteers(items, { name: '志愿者1' }).length).toBe(11)
    expect(filterVolunteers(items, { community: COMMUNITY }).length).toBe(22)
    expect(pageOf(items, 3)).toMatchObject({ page: 3, pages: 3 })
    expect(pageOf(items, 3).items.length).toBe(5)
    expect(pageOf([], 9)).toEqual({ items: [], page: 1, pages: 1 })
  })
})

describe('published statistics', () => {
  it('sums the communities, hours whole', () => {
    expect(statsTotals([{ volunteers: 2, activities: 1, verified_minutes: 150 }, { volunteers: 1, activities: 0, verified_minutes: 20 }])).toEqual({ volunteers: 3, activities: 1, hours: 2 })
    expect(statsTotals()).toEqual({ volunteers: 0, activities: 0, hours: 0 })
  })
})
