import { describe, it, expect, beforeEach, vi } from 'vitest'
import { setActivePinia, createPinia } from 'pinia'
import { createRouter, createMemoryHistory } from 'vue-router'
import { guardRoute, safeRedirect } from './index.js'
import { useAuthStore } from '../stores/auth.js'
import { ApiError, mustChangePasswordInterceptor, isMustChangePassword } from '../api/client.js'

vi.mock('../api/session.js', () => ({
  login: vi.fn(),
  currentSession: vi.fn(),
  logout: vi.fn(),
  changePassword: vi.fn(),
}))
const sessionApi = await import('../api/session.js')

const session = (account) => ({
  csrf_token: 'c1', expires_at: 1,
  account: { username: 'worker7', grants: [], permissions: ['divisions.read'], must_change_password: false, ...account },
})

const to = (name, { fullPath = `/${name}`, meta = {} } = {}) => ({ name, fullPath, meta })

describe('route guard', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    vi.clearAllMocks()
  })

  it('sends the signed-out user to the login page with the way back', () => {
    const auth = useAuthStore()
    auth.clear()
    expect(guardRoute(to('people', { meta: { permission: 'people.read' } }), auth))
      .toEqual({ name: 'login', query: { redirect: '/people' } })
    expect(guardRoute(to('login', { meta: { public: true } }), auth)).toBe(true)
  })

  it('lets a normal account through, checking permissions; the password page for everyone', () => {
    const auth = useAuthStore()
    auth.setSession(session())
    expect(guardRoute(to('divisions-root', { meta: { permission: 'divisions.read' } }), auth)).toBe(true)
    expect(guardRoute(to('people', { meta: { permission: 'people.read' } }), auth)).toEqual({ name: 'forbidden' })
    expect(guardRoute(to('password'), auth)).toBe(true)
    expect(guardRoute(to('login', { meta: { public: true } }), auth)).toEqual({ name: 'home' })
  })

  it('keeps an account whose password must change on the password page', () => {
    const auth = useAuthStore()
    auth.setSession(session({ must_change_password: true }))
    expect(auth.mustChangePassword).toBe(true)
    expect(guardRoute(to('password'), auth)).toBe(true)
    expect(guardRoute(to('divisions-root', { fullPath: '/divisions', meta: { permission: 'divisions.read' } }), auth))
      .toEqual({ name: 'password', query: { redirect: '/divisions' } })
    expect(guardRoute(to('forbidden'), auth)).toEqual({ name: 'password', query: { redirect: '/forbidden' } })
    expect(guardRoute(to('home', { fullPath: '/' }), auth)).toEqual({ name: 'password', query: {} })
    expect(guardRoute(to('login', { meta: { public: true } }), auth)).toEqual({ name: 'password' })
    // The public service guide needs no account at all.
    expect(guardRoute(to('public-catalogue', { fullPath: '/guide', meta: { public: true } }), auth)).toBe(true)
  })

  it('opens a provider\'s staff on their orders, everyone else on the workbench', () => {
    const auth = useAuthStore()
    auth.setSession(session({ grants: [{ role: 'provider', scope_code: '321002001', provider_id: 3 }], permissions: ['divisions.read', 'self', 'homecare.serve'] }))
    expect(auth.providerOnly).toBe(true)
    expect(guardRoute(to('home', { fullPath: '/' }), auth)).toEqual({ name: 'provider-orders' })
    expect(guardRoute(to('provider-orders', { meta: { permission: 'homecare.serve' } }), auth)).toBe(true)
    expect(guardRoute(to('login', { meta: { public: true } }), auth)).toEqual({ name: 'home' })
    auth.setSession(session({ grants: [{ role: 'provider', scope_code: '321002001' }, { role: 'volunteer', scope_code: '321002001002' }] }))
    expect(auth.providerOnly).toBe(false)
    expect(guardRoute(to('home', { fullPath: '/' }), auth)).toBe(true)
    auth.setSession(session({ grants: [] }))
    expect(auth.providerOnly).toBe(false)
    expect(guardRoute(to('home', { fullPath: '/' }), auth)).toBe(true)
  })

  it('opens a mandated reporter on its report form (decision 0034), with its receipts reachable', () => {
    const auth = useAuthStore()
    auth.setSession(session({ grants: [{ role: 'institution', scope_code: '321012100' }], permissions: ['divisions.read', 'self', 'minors.report'] }))
    expect(auth.institutionOnly).toBe(true)
    expect(auth.providerOnly).toBe(false)
    expect(guardRoute(to('home', { fullPath: '/' }), auth)).toEqual({ name: 'mandatory-report' })
    expect(guardRoute(to('mandatory-report', { meta: { permission: 'minors.report' } }), auth)).toBe(true)
    expect(guardRoute(to('mandatory-report-mine', { meta: { permission: 'minors.report' } }), auth)).toBe(true)
    // The handlers' pages are not a reporter's.
    expect(guardRoute(to('care-mandatory-reports', { meta: { permission: 'care.minors' } }), auth)).toEqual({ name: 'forbidden' })
    // With another role too, the workbench as for everyone.
    auth.setSession(session({ grants: [{ role: 'institution', scope_code: '321012100' }, { role: 'volunteer', scope_code: '321012100001' }] }))
    expect(auth.institutionOnly).toBe(false)
    expect(guardRoute(to('home', { fullPath: '/' }), auth)).toBe(true)
  })

  it('accepts only paths of this app as the way back', () => {
    expect(safeRedirect('/people?q=1')).toBe('/people?q=1')
    expect(safeRedirect('//evil.example')).toBeNull()
    expect(safeRedirect('https://evil.example')).toBeNull()
    expect(safeRedirect(undefined)).toBeNull()
  })
})

describe('the forced change through a router', () => {
  const Stub = { render: () => null }
  function router(pinia) {
    const r = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/login', name: 'login', component: Stub, meta: { public: true } },
        { path: '/', name: 'home', redirect: '/divisions' },
        { path: '/divisions', name: 'divisions-root', component: Stub, meta: { permission: 'divisions.read' } },
        { path: '/password', name: 'password', component: Stub },
        { path: '/forbidden', name: 'forbidden', component: Stub },
      ],
    })
    r.beforeEach(async (target) => {
      const auth = useAuthStore(pinia)
      if (!auth.loaded) await auth.load()
      return guardRoute(target, auth)
    })
    return r
  }

  beforeEach(() => vi.clearAllMocks())

  it('a login answering must_change_password leads to the password page, and its success out of it', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    sessionApi.currentSession.mockRejectedValue(new ApiError({ status: 401, code: 'unauthenticated' }))
    const r = router(pinia)
    await r.push('/divisions')
    expect(r.currentRoute.value.fullPath).toBe('/login?redirect=/divisions')

    const auth = useAuthStore(pinia)
    sessionApi.login.mockResolvedValue(session({ must_change_password: true }))
    await auth.login('worker7', 'TmpPassword16ch')
    await r.replace('/divisions')
    expect(r.currentRoute.value.name).toBe('password')
    expect(r.currentRoute.value.query.redirect).toBe('/divisions')
    // Cannot navigate away.
    await r.push('/forbidden')
    expect(r.currentRoute.value.name).toBe('password')
    await r.push('/login')
    expect(r.currentRoute.value.name).toBe('password')

    sessionApi.changePassword.mockResolvedValue({ ...session(), csrf_token: 'c2' })
    await auth.changePassword('TmpPassword16ch', 'Quiet-River-2026')
    expect(sessionApi.changePassword).toHaveBeenCalledWith('TmpPassword16ch', 'Quiet-River-2026')
    expect(auth.csrfToken).toBe('c2')
    expect(auth.mustChangePassword).toBe(false)
    await r.replace('/divisions')
    expect(r.currentRoute.value.name).toBe('divisions-root')
  })

  it('a reloaded session (GET /session) with the flag is held on the password page too', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    sessionApi.currentSession.mockResolvedValue(session({ must_change_password: true }))
    const r = router(pinia)
    await r.push('/')
    expect(r.currentRoute.value.name).toBe('password')
  })

  it('a failed change keeps the flag and the old session', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const auth = useAuthStore(pinia)
    auth.setSession(session({ must_change_password: true }))
    sessionApi.changePassword.mockRejectedValue(new ApiError({ status: 422, code: 'validation_failed', field: 'password', message: '密码不能包含用户名' }))
    await expect(auth.changePassword('TmpPassword16ch', 'worker7-2026-x')).rejects.toMatchObject({ field: 'password' })
    expect(auth.mustChangePassword).toBe(true)
    expect(auth.csrfToken).toBe('c1')
  })
})

describe('403 must_change_password from any call', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('is recognised and marks the session so that the router holds it', () => {
    const auth = useAuthStore()
    auth.setSession(session())
    const forced = new ApiError({ status: 403, code: 'permission_denied', field: 'must_change_password', message: '请先修改密码' })
    const other = new ApiError({ status: 403, code: 'permission_denied', message: '没有权限' })
    expect(isMustChangePassword(forced)).toBe(true)
    expect(isMustChangePassword(other)).toBe(false)
    const seen = []
    const intercept = mustChangePasswordInterceptor((e) => {
      seen.push(e)
      auth.markMustChangePassword()
    })
    intercept(other)
    expect(auth.mustChangePassword).toBe(false)
    intercept(forced)
    expect(seen).toEqual([forced])
    expect(auth.mustChangePassword).toBe(true)
    expect(guardRoute(to('divisions-root', { fullPath: '/divisions', meta: { permission: 'divisions.read' } }), auth))
      .toEqual({ name: 'password', query: { redirect: '/divisions' } })
  })

  it('marking a signed-out store does nothing', () => {
    const auth = useAuthStore()
    auth.clear()
    auth.markMustChangePassword()
    expect(auth.account).toBeNull()
  })
})
