import { describe, it, expect, beforeEach } from 'vitest'
import { setActivePinia, createPinia } from 'pinia'
import { useAuthStore } from './auth.js'

const session = (grants, permissions = ['divisions.read']) => ({
  csrf_token: 'c', expires_at: 1, account: { username: 'u', grants, permissions },
})

describe('auth store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('keeps the CSRF token and derives scope and permissions from the account', () => {
    const auth = useAuthStore()
    auth.setSession(session([
      { role: 'town_official', scope_code: '321002001', scope_name: '东关街道' },
      { role: 'county_official', scope_code: '321002', scope_name: '广陵区' },
    ]))
    expect(auth.csrfToken).toBe('c')
    expect(auth.topScopeCode).toBe('321002')
    expect(auth.scopeNames).toEqual(['东关街道', '广陵区'])
    expect(auth.inScope('321002100201')).toBe(true)
    expect(auth.inScope('3210')).toBe(false)
    expect(auth.can('divisions.read')).toBe(true)
    expect(auth.can('grids.manage')).toBe(false)
    auth.clear()
    expect(auth.isAuthenticated).toBe(false)
    expect(auth.csrfToken).toBeNull()
  })
})
