import { createI18n } from 'vue-i18n'
import zhCN from '../locales/zh-CN/index.js'
import en from '../locales/en/index.js'

export const SUPPORTED_LOCALES = ['zh-CN', 'en']
export const DEFAULT_LOCALE = 'zh-CN'

export function createAppI18n(locale = DEFAULT_LOCALE) {
  return createI18n({
    legacy: false,
    globalInjection: true,
    locale: SUPPORTED_LOCALES.includes(locale) ? locale : DEFAULT_LOCALE,
    fallbackLocale: DEFAULT_LOCALE,
    messages: { 'zh-CN': zhCN, en },
  })
}
