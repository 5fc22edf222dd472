import { describe, it, expect, beforeEach } from 'vitest'
import { mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { createAppI18n } from '../i18n/index.js'
import PreferenceSwitches from './PreferenceSwitches.vue'
import { usePreferencesStore } from '../stores/preferences.js'

describe('PreferenceSwitches', () => {
  beforeEach(() => {
    localStorage.clear()
    document.documentElement.className = ''
  })

  it('switches elder mode and language and shows the state with aria-pressed', async () => {
    const pinia = createPinia()
    setActivePinia(pinia)
    const wrapper = mount(PreferenceSwitches, { global: { plugins: [pinia, createAppI18n('zh-CN')] } })
    const elder = wrapper.get('[data-testid="elder-mode-toggle"]')
    expect(elder.text()).toBe('长辈模式')
    expect(elder.attributes('aria-pressed')).toBe('false')
    await elder.trigger('click')
    expect(elder.attributes('aria-pressed')).toBe('true')
    expect(document.documentElement.classList.contains('elder-mode')).toBe(true)

    await wrapper.get('[data-testid="lang-en"]').trigger('click')
    expect(usePreferencesStore().locale).toBe('en')
    expect(wrapper.get('[data-testid="lang-en"]').attributes('aria-pressed')).toBe('true')
    expect(document.documentElement.lang).toBe('en')
  })
})
