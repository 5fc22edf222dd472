// The signed-in account and its CSRF token. The token comes from POST /session and is
// reloaded from GET /session when the page loads (the cookie survives a reload, the
// JavaScript state does not).
import { defineStore } from 'pinia'
import * as sessionApi from '../api/session.js'

export const useAuthStore = defineStore('auth', {
  state: () => ({
    account: null,
    csrfToken: null,
    expiresAt: null,
    loaded: false,
  }),
  getters: {
    isAuthenticated: (state) => Boolean(state.account),
    /** After a reset (or a login with a password below today's rules): nothing but a change. */
    mustChangePassword: (state) => Boolean(state.account?.must_change_password),
    permissions: (state) => state.account?.permissions || [],
    grants: (state) => state.account?.grants || [],
    /** Only a home-service provider's staff (decision 0033): their orders, nothing by place. */
    providerOnly() {
      return this.grants.length > 0 && this.grants.every((g) => g.role === 'provider')
    },
    /** Only a mandated reporter (a school, a hospital …; decision 0034): its reports, nothing by place. */
    institutionOnly() {
      return this.grants.length > 0 && this.grants.every((g) => g.role === 'institution')
    },
    /** The names of the caller's jurisdictions, e.g. "扬州市". */
    scopeNames() {
      return [...new Set(this.grants.map((g) => g.scope_name || g.scope_code))]
    },
    /** Where the division browser starts: the widest scope among the grants. */
    topScopeCode() {
      const codes = this.grants.map((g) => g.scope_code).filter(Boolean)
      if (!codes.length) return null
      return codes.reduce((best, code) => (code.length < best.length ? code : best))
    },
  },
  actions: {
    can(permission) {
      return this.permissions.includes(permission)
    },
    /** True if the division code lies inside one of the caller's scopes. */
    inScope(code) {
      return this.grants.some((g) => g.scope_code && String(code).startsWith(g.scope_code))
    },
    setSession(session) {
      this.account = session.account || null
      this.csrfToken = session.csrf_token || null
      this.expiresAt = session.expires_at || null
      this.loaded = true
    },
    /** The server answered 403 must_change_password: the session's account must change it. */
    markMustChangePassword() {
      if (this.account) this.account = { ...this.account, must_change_password: true }
    },
    clear() {
      this.account = null
      this.csrfToken = null
      this.expiresAt = null
      this.loaded = true
    },
    /** Loads the current session; leaves the store signed out on 401. */
    async load() {
      try {
        this.setSession(await sessionApi.currentSession())
      } catch (error) {
        if (error.status !== 401) console.warn('session probe failed', error)
        this.clear()
      }
    },
    async login(username, password) {
      this.setSession(await sessionApi.login(username, password))
    },
    /** Changes the caller's own password and keeps the new session the server answers. */
    async changePassword(currentPassword, password) {
      this.setSession(await sessionApi.changePassword(currentPassword, password))
    },
    async logout() {
      try {
        await sessionApi.logout()
      } finally {
        this.clear()
      }
    },
  },
})
