// Preferences of this browser: interface language and elder mode (长辈模式). Both are kept
// in localStorage and reflected on <html> (lang attribute, class "elder-mode").
import { defineStore } from 'pinia'
import { SUPPORTED_LOCALES, DEFAULT_LOCALE } from '../i18n/index.js'

export const ELDER_KEY = 'linli.elderMode'
export const LOCALE_KEY = 'linli.locale'
export const ELDER_CLASS = 'elder-mode'

function read(key) {
  try {
    return globalThis.localStorage?.getItem(key) ?? null
  } catch {
    return null
  }
}
function write(key, value) {
  try {
    globalThis.localStorage?.setItem(key, value)
  } catch {
    // Private mode or storage full: the preference lasts for this page only.
  }
}

export const usePreferencesStore = defineStore('preferences', {
  state: () => {
    const saved = read(LOCALE_KEY)
    return {
      elderMode: read(ELDER_KEY) === '1',
      locale: SUPPORTED_LOCALES.includes(saved) ? saved : DEFAULT_LOCALE,
    }
  },
  actions: {
    setElderMode(on) {
      this.elderMode = Boolean(on)
      write(ELDER_KEY, this.elderMode ? '1' : '0')
      this.apply()
    },
    toggleElderMode() {
      this.setElderMode(!this.elderMode)
    },
    setLocale(locale) {
      if (!SUPPORTED_LOCALES.includes(locale)) return
      this.locale = locale
      write(LOCALE_KEY, locale)
      this.apply()
    },
    /** Puts the state on the document element. */
    apply() {
      const root = globalThis.document?.documentElement
      if (!root) return
      root.classList.toggle(ELDER_CLASS, this.elderMode)
      root.setAttribute('lang', this.locale)
    },
  },
})
