// The rules of the account forms, as the server applies them (src/domain/access/): usernames,
// display names, and grants following the delegation table (delegation.cpp, decision 0013) —
// which roles a manager's roles may grant and at which level of scope. The table here only
// narrows the role list and checks the scope code's length before sending; the server
// decides (403 role not delegated, 404 scope outside, 422 on `grants`).
import { passwordProblem } from '../account/passwordRules.js'

export const ROLES = [
  'city_admin', 'department_officer', 'county_official', 'town_official', 'community_worker',
  'grid_worker', 'social_org', 'volunteer', 'resident', 'provider', 'institution',
]

/** The number of digits of a division code by level (扬州市 3210, 广陵区 321002, …). */
export const LEVEL_DIGITS = { city: 4, county: 6, town: 9, community: 12, grid: 15 }

/** [manager's role, role granted, level of the grant's scope], as in delegation.cpp. */
export const DELEGATIONS = [
  ['town_official', 'community_worker', 'community'],
  ['town_official', 'grid_worker', 'grid'],
  ['town_official', 'social_org', 'community'],
  ['town_official', 'volunteer', 'community'],
  ['town_official', 'provider', 'town'],
  ['town_official', 'provider', 'community'],
  ['town_official', 'institution', 'town'],
  ['town_official', 'institution', 'community'],
  ['county_official', 'town_official', 'town'],
  ['county_official', 'community_worker', 'community'],
  ['county_official', 'grid_worker', 'grid'],
  ['county_official', 'social_org', 'town'],
  ['county_official', 'social_org', 'community'],
  ['county_official', 'volunteer', 'community'],
  ['county_official', 'provider', 'county'],
  ['county_official', 'provider', 'town'],
  ['county_official', 'provider', 'community'],
  ['county_official', 'institution', 'county'],
  ['county_official', 'institution', 'town'],
  ['county_official', 'institution', 'community'],
  ['city_admin', 'county_official', 'county'],
  ['city_admin', 'department_officer', 'city'],
  ['city_admin', 'department_officer', 'county'],
  ['city_admin', 'town_official', 'town'],
  ['city_admin', 'community_worker', 'community'],
  ['city_admin', 'grid_worker', 'grid'],
  ['city_admin', 'social_org', 'town'],
  ['city_admin', 'social_org', 'community'],
  ['city_admin', 'volunteer', 'community'],
  ['city_admin', 'resident', 'community'],
  ['city_admin', 'provider', 'county'],
  ['city_admin', 'provider', 'town'],
  ['city_admin', 'provider', 'community'],
  ['city_admin', 'institution', 'county'],
  ['city_admin', 'institution', 'town'],
  ['city_admin', 'institution', 'community'],
]

/** The roles the manager's grants may give, in the order of ROLES. */
export function grantableRoles(managerGrants) {
  const mine = new Set((managerGrants || []).map((g) => g.role))
  const roles = new Set(DELEGATIONS.filter(([by]) => mine.has(by)).map(([, role]) => role))
  return ROLES.filter((role) => roles.has(role))
}

/** The levels a grant of the role may have as its scope (any manager). */
export function scopeLevels(role) {
  const levels = DELEGATIONS.filter(([, r]) => r === role).map(([, , level]) => level)
  return Object.keys(LEVEL_DIGITS).filter((level) => levels.includes(level))
}

/**
 * The designated duties a community worker's grant may carry (issue 19): 儿童主任 reads the minors'
 * care archives, 健康联络员 the severe-mental-disorder and tuberculosis ones, in that community;
 * 社会工作者 (decision 0046, also on a town's grant) records their own social-work service records.
 */
export const DUTIES = ['children_director', 'health_liaison', 'social_worker']
/** Whether a grant of the role may carry a duty. */
export const takesDuty = (role) => role === 'community_worker'

/**
 * A home-service provider's staff (decision 0033) name their provider; the grant's scope is the
 * provider's registered place (a county, town or community).
 */
export const takesProvider = (role) => role === 'provider'

/**
 * A social organisation's account (decision 0045) may name its organisation (by id); its scope
 * is then the organisation's community.
 */
export const takesOrganisation = (role) => role === 'social_org'

export const blankGrant = () => ({ role: '', scope_code: '', department: '', duty: '', provider_id: null, provider_name: '' })

/**
 * What is wrong with one grant, as a key under accounts.rules ('' for nothing): the role,
 * a scope code of digits whose length fits the role's level, a department for officers.
 */
export function grantProblem(grant) {
  if (!grant.role) return 'roleRequired'
  const code = String(grant.scope_code || '').trim()
  if (!code) return 'scopeRequired'
  if (!/^\d+$/.test(code)) return 'scopeDigits'
  const levels = scopeLevels(grant.role)
  if (levels.length && !levels.some((level) => LEVEL_DIGITS[level] === code.length)) return 'scopeLevel'
  if (grant.role === 'department_officer' && !String(grant.department || '').trim()) return 'departmentRequired'
  if (takesProvider(grant.role) && !grant.provider_id) return 'providerRequired'
  return ''
}

/** The first problem of a list of grants, with the row it is in: {key, index} or null. */
export function grantsProblem(grants) {
  if (!grants.length) return { key: 'grantsRequired', index: -1 }
  for (const [index, grant] of grants.entries()) {
    const key = grantProblem(grant)
    if (key) return { key, index }
  }
  return null
}

/**
 * What the server is sent: trimmed codes, a department only for department officers, a duty
 * only on a community worker's grant that has one, a provider only on a provider's staff's.
 */
export function toGrantsPayload(grants) {
  return grants.map((g) => {
    const grant = {
      role: g.role,
      scope_code: String(g.scope_code).trim(),
      department: g.role === 'department_officer' ? String(g.department || '').trim() : '',
    }
    if (takesDuty(g.role) && DUTIES.includes(g.duty)) grant.duty = g.duty
    if (takesProvider(g.role) && g.provider_id) grant.provider_id = Number(g.provider_id)
    if (takesOrganisation(g.role) && g.organisation_id) grant.organisation_id = Number(g.organisation_id)
    return grant
  })
}

/** An account's grants as the editor holds them. */
export const editableGrants = (account) =>
  (account?.grants || []).map((g) => ({
    role: g.role, scope_code: g.scope_code, department: g.department || '', duty: g.duty || '',
    provider_id: g.provider_id ?? null, provider_name: g.provider_name || '',
    ...(g.organisation_id != null ? { organisation_id: g.organisation_id, organisation_name: g.organisation_name || '' } : {}),
  }))

/** Username: 3 to 32 of a-z 0-9 _ . - (the server's IsValidUsername). */
export function usernameProblem(username) {
  const text = String(username || '')
  if (!text) return 'usernameRequired'
  if (!/^[a-z0-9_.-]{3,32}$/.test(text)) return 'usernameFormat'
  return ''
}

export function displayNameProblem(name) {
  return [...String(name || '').trim()].length > 64 ? 'displayNameTooLong' : ''
}

/** The initial password of a new account: the own-change rules, the username included. */
export const initialPasswordProblem = (password, username) => passwordProblem(password, username)

/**
 * A mobile number as typed, normalised as the server does (ParseAccountPhone): blanks, dashes,
 * dots and parentheses dropped, a +86 / 0086 / 86 prefix removed. '' stays ''.
 */
export function normalizedPhone(phone) {
  let text = String(phone || '').replace(/[\s\-.()（）]/g, '')
  for (const prefix of ['+86', '0086', '86']) {
    if (text.startsWith(prefix) && text.length - prefix.length === 11) { text = text.slice(prefix.length); break }
  }
  return text
}

/** The account's phone: optional; else an 11-digit mainland mobile number (SMS reach no fixed line). */
export function phoneProblem(phone) {
  const text = normalizedPhone(phone)
  if (!text) return ''
  return /^1[3-9]\d{9}$/.test(text) ? '' : 'phoneFormat'
}
