import { createApp, watch } from 'vue'
import { createPinia } from 'pinia'
import App from './App.vue'
import { createAppI18n } from './i18n/index.js'
import { createAppRouter } from './router/index.js'
import { api, csrfInterceptor, unauthenticatedInterceptor, mustChangePasswordInterceptor } from './api/client.js'
import { useAuthStore } from './stores/auth.js'
import { usePreferencesStore } from './stores/preferences.js'
import './styles/main.css'
import { vCardLabels } from './composables/cardTable.js'

const app = createApp(App)
app.directive('card-labels', vCardLabels)
const pinia = createPinia()
app.use(pinia)

const preferences = usePreferencesStore(pinia)
preferences.apply()
const i18n = createAppI18n(preferences.locale)
watch(
  () => preferences.locale,
  (locale) => {
    i18n.global.locale.value = locale
  },
)
app.use(i18n)

const router = createAppRouter(pinia)
const auth = useAuthStore(pinia)
api.interceptors.request.use(csrfInterceptor(() => auth.csrfToken))
api.interceptors.error.use(
  unauthenticatedInterceptor(() => {
    auth.clear()
    const current = router.currentRoute.value
    // At a kiosk, a resident's ended session returns to the kiosk (its sign-in), never the login.
    if (current.path.startsWith('/kiosk')) return
    if (current.name !== 'login') {
      router.push({ name: 'login', query: { redirect: current.fullPath } })
    }
  }),
)
// Any call answered 403 must_change_password (the password was reset meanwhile): to the
// password page, which the router then keeps the user on.
api.interceptors.error.use(
  mustChangePasswordInterceptor(() => {
    auth.markMustChangePassword()
    const current = router.currentRoute.value
    if (current.name !== 'password') {
      router.push({ name: 'password', query: current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
    }
  }),
)
app.use(router)
app.mount('#app')

// The installable app (manifest in public/): its service worker keeps the shell for short network
// losses (public/sw.js). Production builds only; the dev server has no /sw.js.
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  window.addEventListener('load', () => { navigator.serviceWorker.register('/sw.js').catch(() => {}) })
}
