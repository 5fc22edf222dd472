// Pure helpers of the volunteer pages (志愿服务; decision 0047): the forms' choices, the checks
// made before anything is sent (the server checks again), the bodies sent, and how minutes,
// instants and skills are shown. No Vue.

export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7]
export const PAGE_SIZE = 20
const CHINA_OFFSET_MS = 8 * 3_600_000
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/
const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/
const WEEK_MS = 7 * 24 * 3_600_000

/** A new volunteer: bound to a registered person (resident) or to a volunteer account (account). */
export const blankVolunteer = (community = '') => ({
  bind: 'resident', resident: null, account_id: '', name: '', community_code: community, skills: [], availability: [],
})
export const blankWindow = () => ({ weekday: 6, from: '09:00', until: '12:00' })
export const blankTeam = (community = '') => ({ name: '', community_code: community, members: [] })
export const blankSlot = (skill = 'general') => ({ skill, wanted: 1 })

/** "YYYY-MM-DDTHH:mm" in Beijing time of an instant (a datetime-local input's value). */
export function chinaLocal(ms) {
  return new Date(Number(ms) + CHINA_OFFSET_MS).toISOString().slice(0, 16)
}
/** The instant (ms) of a datetime-local value read in Beijing time; null when not one. */
export function fromChinaLocal(value) {
  if (!LOCAL.test(String(value || ''))) return null
  const ms = Date.parse(`${value}:00+08:00`)
  return Number.isNaN(ms) ? null : ms
}

/** A new activity: tomorrow 09:00–12:00 Beijing time, one general slot. */
export function blankActivity(community = '', now = Date.now()) {
  const tomorrow = chinaLocal(now + 24 * 3_600_000).slice(0, 10)
  return { title: '', community_code: community, team_id: '', starts_at: `${tomorrow}T09:00`, ends_at: `${tomorrow}T12:00`, slots: [blankSlot()] }
}

/** Field → problem key (volunteers.rules.*) of a new volunteer; {} when it may be sent. */
export function volunteerProblems(form) {
  const out = {}
  const name = form.name.trim()
  if (!name) out.name = 'nameRequired'
  else if ([...name].length > 40) out.name = 'nameLength'
  if (form.bind === 'resident' && !form.resident) out.resident_id = 'residentRequired'
  if (form.bind === 'account' && !/^[1-9]\d*$/.test(String(form.account_id).trim())) out.account_id = 'accountRequired'
  if (!/^\d{12}$/.test(form.community_code || '')) out.community_code = 'communityRequired'
  if (form.availability.some((w) => !HHMM.test(w.from) || !HHMM.test(w.until) || w.from >= w.until)) out.availability = 'window'
  return out
}

export const toVolunteerBody = (form) => ({
  ...(form.bind === 'resident' ? { resident_id: form.resident.id } : { account_id: Number(String(form.account_id).trim()) }),
  name: form.name.trim(),
  community_code: form.community_code,
  skills: [...form.skills],
  availability: form.availability.map((w) => ({ weekday: Number(w.weekday), from: w.from, until: w.until })),
})

export function teamProblems(form) {
  const out = {}
  if (!form.name.trim()) out.name = 'nameRequired'
  if (!/^\d{12}$/.test(form.community_code || '')) out.community_code = 'communityRequired'
  return out
}
export const toTeamBody = (form) => ({ name: form.name.trim(), community_code: form.community_code, members: form.members.map(Number) })

/** Field → problem key of a new activity; {} when it may be sent. */
export function activityProblems(form) {
  const out = {}
  if (!form.title.trim()) out.title = 'titleRequired'
  if (!/^\d{12}$/.test(form.community_code || '')) out.community_code = 'communityRequired'
  const starts = fromChinaLocal(form.starts_at)
  const ends = fromChinaLocal(form.ends_at)
  if (starts === null) out.starts_at = 'instant'
  if (ends === null) out.ends_at = 'instant'
  else if (starts !== null && ends <= starts) out.ends_at = 'endsAfter'
  else if (starts !== null && ends - starts > WEEK_MS) out.ends_at = 'week'
  const skills = form.slots.map((s) => s.skill)
  if (!form.slots.length || form.slots.length > 20) out.slots = 'slotCount'
  else if (new Set(skills).size !== skills.length) out.slots = 'slotSkill'
  else if (form.slots.some((s) => !Number.isInteger(Number(s.wanted)) || Number(s.wanted) < 1 || Number(s.wanted) > 1000)) out.slots = 'wanted'
  return out
}

export const toActivityBody = (form) => ({
  title: form.title.trim(),
  community_code: form.community_code,
  ...(form.team_id ? { team_id: Number(form.team_id) } : {}),
  starts_at: fromChinaLocal(form.starts_at),
  ends_at: fromChinaLocal(form.ends_at),
  slots: form.slots.map((s) => ({ skill: s.skill, wanted: Number(s.wanted) })),
})

/** The minutes a verifier is offered: the served minutes, else the activity's planned length. */
export function proposedMinutes(signup, activity) {
  const planned = activity ? Math.floor((activity.ends_at - activity.starts_at) / 60_000) : 0
  const served = signup.checkin_at && signup.checkout_at ? Math.floor((signup.checkout_at - signup.checkin_at) / 60_000) : 0
  return served >= 1 ? served : planned
}

/** Minutes as hours and minutes: {hours, minutes} (negative entries keep their sign on hours). */
export function splitMinutes(total) {
  const n = Number(total) || 0
  const sign = n < 0 ? -1 : 1
  const abs = Math.abs(n)
  return { sign, hours: Math.floor(abs / 60), minutes: abs % 60 }
}

/** The skill's name in the interface's language (its code when unknown). */
export function skillName(skills, code, locale = 'zh-CN') {
  const skill = skills.find((s) => s.code === code)
  if (!skill) return code
  return locale.startsWith('en') ? skill.name_en || skill.name : skill.name
}

/** Slots with room left. */
export const openSlots = (activity) => (activity?.slots || []).filter((s) => s.taken < s.wanted)

/** The register's filters applied in the page: name (part), community, status. */
export function filterVolunteers(items, { name = '', community = '', status = '' } = {}) {
  const q = name.trim()
  return items.filter((v) => (!q || v.name.includes(q))
    && (!community || v.community_code.startsWith(community))
    && (!status || v.status === status))
}

/** One page (1-based) of a list and the number of pages. */
export function pageOf(items, page, size = PAGE_SIZE) {
  const pages = Math.max(1, Math.ceil(items.length / size))
  const current = Math.min(Math.max(1, page), pages)
  return { items: items.slice((current - 1) * size, current * size), page: current, pages }
}

/** The published statistics summed over their communities: {volunteers, activities, hours}. */
export function statsTotals(items = []) {
  const sum = (key) => items.reduce((s, r) => s + (Number(r[key]) || 0), 0)
  return { volunteers: sum('volunteers'), activities: sum('activities'), hours: Math.floor(sum('verified_minutes') / 60) }
}
