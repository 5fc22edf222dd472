import { describe, it, expect } from 'vitest'
import {
  DELEGATIONS, takesOrganisation, grantableRoles, scopeLevels, grantProblem, grantsProblem, toGrantsPayload, editableGrants,
  usernameProblem, displayNameProblem, initialPasswordProblem, phoneProblem, normalizedPhone, takesDuty, blankGrant, takesProvider,
} from './accountRules.js'

describe('account rules', () => {
  it('offers the roles the delegation table gives the manager', () => {
    expect(grantableRoles([{ role: 'town_official' }])).toEqual(['community_worker', 'grid_worker', 'social_org', 'volunteer', 'provider', 'institution'])
    expect(grantableRoles([{ role: 'county_official' }])).toEqual(['town_official', 'community_worker', 'grid_worker', 'social_org', 'volunteer', 'provider', 'institution'])
    expect(grantableRoles([{ role: 'city_admin' }])).toEqual([
      'department_officer', 'county_official', 'town_official', 'community_worker', 'grid_worker', 'social_org', 'volunteer', 'resident', 'provider', 'institution',
    ])
    expect(grantableRoles([{ role: 'community_worker' }])).toEqual([])
    expect(grantableRoles([{ role: 'provider' }])).toEqual([])
    expect(grantableRoles([{ role: 'institution' }])).toEqual([])
    expect(grantableRoles(undefined)).toEqual([])
  })

  it('knows the levels of scope of each role', () => {
    expect(scopeLevels('department_officer')).toEqual(['city', 'county'])
    expect(scopeLevels('social_org')).toEqual(['town', 'community'])
    expect(scopeLevels('grid_worker')).toEqual(['grid'])
    expect(scopeLevels('provider')).toEqual(['county', 'town', 'community'])
    expect(scopeLevels('institution')).toEqual(['county', 'town', 'community'])
  })

  it('delegates mandated reporters (decision 0034) as delegation.cpp does', () => {
    const rows = DELEGATIONS.filter(([, role]) => role === 'institution')
    expect(rows).toEqual([
      ['town_official', 'institution', 'town'],
      ['town_official', 'institution', 'community'],
      ['county_official', 'institution', 'county'],
      ['county_official', 'institution', 'town'],
      ['county_official', 'institution', 'community'],
      ['city_admin', 'institution', 'county'],
      ['city_admin', 'institution', 'town'],
      ['city_admin', 'institution', 'community'],
    ])
    expect(grantProblem({ role: 'institution', scope_code: '321012' })).toBe('')
    expect(grantProblem({ role: 'institution', scope_code: '321012100' })).toBe('')
    expect(grantProblem({ role: 'institution', scope_code: '321012100001' })).toBe('')
    expect(grantProblem({ role: 'institution', scope_code: '3210' })).toBe('scopeLevel')
    expect(grantProblem({ role: 'institution', scope_code: '321012100001001' })).toBe('scopeLevel')
    expect(toGrantsPayload([{ role: 'institution', scope_code: '321012100', department: 'x', duty: 'children_director', provider_id: 4 }]))
      .toEqual([{ role: 'institution', scope_code: '321012100', department: '' }])
  })

  it('checks a grant: role, digits, the length of its level, a department for officers', () => {
    expect(grantProblem({ role: '', scope_code: '321002001002' })).toBe('roleRequired')
    expect(grantProblem({ role: 'community_worker', scope_code: ' ' })).toBe('scopeRequired')
    expect(grantProblem({ role: 'community_worker', scope_code: '3210a' })).toBe('scopeDigits')
    expect(grantProblem({ role: 'community_worker', scope_code: '321002001' })).toBe('scopeLevel')
    expect(grantProblem({ role: 'community_worker', scope_code: '321002001002' })).toBe('')
    expect(grantProblem({ role: 'social_org', scope_code: '321002001' })).toBe('')
    expect(grantProblem({ role: 'department_officer', scope_code: '3210', department: '' })).toBe('departmentRequired')
    expect(grantProblem({ role: 'department_officer', scope_code: '321002', department: '市城管局' })).toBe('')
  })

  it('finds the first problem of a list and builds the payload', () => {
    expect(grantsProblem([])).toEqual({ key: 'grantsRequired', index: -1 })
    expect(grantsProblem([{ role: 'volunteer', scope_code: '321002001002' }, { role: '', scope_code: '' }]))
      .toEqual({ key: 'roleRequired', index: 1 })
    expect(grantsProblem([{ role: 'volunteer', scope_code: '321002001002' }])).toBeNull()
    expect(toGrantsPayload([
      { role: 'volunteer', scope_code: ' 321002001002 ', department: '市城管局' },
      { role: 'department_officer', scope_code: '3210', department: ' 市城管局 ' },
    ])).toEqual([
      { role: 'volunteer', scope_code: '321002001002', department: '' },
      { role: 'department_officer', scope_code: '3210', department: '市城管局' },
    ])
    expect(editableGrants({ grants: [{ role: 'volunteer', scope_code: '321002001002', scope_name: '某社区' }] }))
      .toEqual([{ role: 'volunteer', scope_code: '321002001002', department: '', duty: '', provider_id: null, provider_name: '' }])
  })

  it('keeps a community worker\'s duty (儿童主任, 健康联络员) and sends it only on such a grant', () => {
    expect(editableGrants({ grants: [{ role: 'community_worker', scope_code: '321002001002', duty: 'children_director', duty_label: '儿童主任' }] }))
      .toEqual([{ role: 'community_worker', scope_code: '321002001002', department: '', duty: 'children_director', provider_id: null, provider_name: '' }])
    expect(toGrantsPayload([
      { role: 'community_worker', scope_code: '321002001002', department: '', duty: 'health_liaison' },
      { role: 'community_worker', scope_code: '321002001003', department: '', duty: '' },
      { role: 'grid_worker', scope_code: '321002001002001', department: '', duty: 'children_director' },
    ])).toEqual([
      { role: 'community_worker', scope_code: '321002001002', department: '', duty: 'health_liaison' },
      { role: 'community_worker', scope_code: '321002001003', department: '' },
      { role: 'grid_worker', scope_code: '321002001002001', department: '' },
    ])
    expect(takesDuty('community_worker')).toBe(true)
    expect(takesDuty('town_official')).toBe(false)
    expect(blankGrant().duty).toBe('')
  })

  it('names the provider of a provider\'s staff (decision 0033), and only on such a grant', () => {
    expect(takesProvider('provider')).toBe(true)
    expect(takesProvider('community_worker')).toBe(false)
    expect(blankGrant().provider_id).toBeNull()
    expect(grantProblem({ role: 'provider', scope_code: '321002001' })).toBe('providerRequired')
    expect(grantProblem({ role: 'provider', scope_code: '321002001', provider_id: 4 })).toBe('')
    expect(grantProblem({ role: 'provider', scope_code: '321002', provider_id: 4 })).toBe('')
    expect(grantProblem({ role: 'provider', scope_code: '321002001002', provider_id: 4 })).toBe('')
    expect(grantProblem({ role: 'provider', scope_code: '321002001002001', provider_id: 4 })).toBe('scopeLevel')
    expect(toGrantsPayload([
      { role: 'provider', scope_code: '321002001', department: '', duty: '', provider_id: '4' },
      { role: 'volunteer', scope_code: '321002001002', department: '', duty: '', provider_id: 4 },
    ])).toEqual([
      { role: 'provider', scope_code: '321002001', department: '', provider_id: 4 },
      { role: 'volunteer', scope_code: '321002001002', department: '' },
    ])
    expect(editableGrants({ grants: [{ role: 'provider', scope_code: '321002001', scope_name: '东关街道', provider_id: 4, provider_name: '颐养居家' }] }))
      .toEqual([{ role: 'provider', scope_code: '321002001', department: '', duty: '', provider_id: 4, provider_name: '颐养居家' }])
  })

  it('checks usernames, display names and initial passwords as the server does', () => {
    expect(usernameProblem('')).toBe('usernameRequired')
    expect(usernameProblem('ab')).toBe('usernameFormat')
    expect(usernameProblem('Worker1')).toBe('usernameFormat')
    expect(usernameProblem('worker_1.a-b')).toBe('')
    expect(displayNameProblem('王'.repeat(65))).toBe('displayNameTooLong')
    expect(displayNameProblem('王小明')).toBe('')
    expect(initialPasswordProblem('worker1-Spring', 'worker1')).toBe('containsUsername')
  })

  it('checks an optional mobile phone as the server does, and normalises it', () => {
    expect(phoneProblem('')).toBe('')
    expect(phoneProblem('  ')).toBe('')
    expect(phoneProblem('13812345678')).toBe('')
    expect(phoneProblem('+86 138-1234-5678')).toBe('')
    expect(normalizedPhone('+86 138-1234-5678')).toBe('13812345678')
    expect(normalizedPhone('0086 (139) 0000 1111')).toBe('13900001111')
    expect(normalizedPhone('8613812345678')).toBe('13812345678')
    for (const bad of ['0514-87654321', '12345678901', '1381234567', '138123456789', '1381234567x', '23812345678']) {
      expect(phoneProblem(bad), bad).toBe('phoneFormat')
    }
  })
})

describe('the organisation of a social organisation\'s account (decision 0045)', () => {
  it('is sent only on a social_org grant and kept when the grants are edited', () => {
    expect(takesOrganisation('social_org')).toBe(true)
    expect(takesOrganisation('community_worker')).toBe(false)
    expect(toGrantsPayload([
      { role: 'social_org', scope_code: '321002001002', department: '', duty: '', organisation_id: '7' },
      { role: 'social_org', scope_code: '321002001002', department: '', duty: '', organisation_id: null },
      { role: 'volunteer', scope_code: '321002001002', department: '', duty: '', organisation_id: 7 },
    ])).toEqual([
      { role: 'social_org', scope_code: '321002001002', department: '', organisation_id: 7 },
      { role: 'social_org', scope_code: '321002001002', department: '' },
      { role: 'volunteer', scope_code: '321002001002', department: '' },
    ])
    expect(editableGrants({ grants: [{ role: 'social_org', scope_code: '321002001002', organisation_id: 7, organisation_name: '银龄互助社' }] }))
      .toEqual([{ role: 'social_org', scope_code: '321002001002', department: '', duty: '', provider_id: null, provider_name: '', organisation_id: 7, organisation_name: '银龄互助社' }])
  })
})
