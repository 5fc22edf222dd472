import { describe, it, expect, beforeEach } from 'vitest'
import { setActivePinia, createPinia } from 'pinia'
import { usePreferencesStore, ELDER_KEY, LOCALE_KEY, ELDER_CLASS } from './preferences.js'

describe('preferences store (elder mode, language)', () => {
  beforeEach(() => {
    localStorage.clear()
    document.documentElement.className = ''
    document.documentElement.setAttribute('lang', 'zh-CN')
    setActivePinia(createPinia())
  })

  it('starts with elder mode off and Chinese', () => {
    const store = usePreferencesStore()
    expect(store.elderMode).toBe(false)
    expect(store.locale).toBe('zh-CN')
  })

  it('toggles elder mode, puts the class on <html> and persists it', () => {
    const store = usePreferencesStore()
    store.toggleElderMode()
    expect(store.elderMode).toBe(true)
    expect(document.documentElement.classList.contains(ELDER_CLASS)).toBe(true)
    expect(localStorage.getItem(ELDER_KEY)).toBe('1')

    setActivePinia(createPinia())
    const reloaded = usePreferencesStore()
    expect(reloaded.elderMode).toBe(true)

    reloaded.toggleElderMode()
    expect(document.documentElement.classList.contains(ELDER_CLASS)).toBe(false)
    expect(localStorage.getItem(ELDER_KEY)).toBe('0')
  })

  it('sets the language and the lang attribute, ignoring unknown languages', () => {
    const store = usePreferencesStore()
    store.setLocale('en')
    expect(document.documentElement.getAttribute('lang')).toBe('en')
    expect(localStorage.getItem(LOCALE_KEY)).toBe('en')
    store.setLocale('fr')
    expect(store.locale).toBe('en')
    setActivePinia(createPinia())
    expect(usePreferencesStore().locale).toBe('en')
  })

  it('falls back to Chinese for a corrupt saved language', () => {
    localStorage.setItem(LOCALE_KEY, 'xx')
    expect(usePreferencesStore().locale).toBe('zh-CN')
  })
})
