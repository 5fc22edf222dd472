// The city this deployment serves, the title it shows and the base map of its maps
// (GET /api/v1/deployment, public: the sign-in page shows it too). Until it answers, or when it
// cannot, the pages show the i18n app.title and the maps draw without tiles (offline); the
// browser tab's title follows. `load()` answers the same promise to every caller, so a map can
// wait for its base map.
import { defineStore } from 'pinia'
import { api } from '../api/client.js'
import { OFFLINE_BASE_MAP, normaliseBaseMap } from '../composables/mapConfig.js'

// One load per store (a test's fresh Pinia gets a fresh one).
const pending = new WeakMap()

export const useDeploymentStore = defineStore('deployment', {
  state: () => ({ title: '', cityCode: '', cityName: '', baseMap: OFFLINE_BASE_MAP, loaded: false }),
  actions: {
    load() {
      if (pending.has(this)) return pending.get(this)
      this.loaded = true
      const loading = (async () => {
        try {
          const found = await api.get('/api/v1/deployment', { noAuthRedirect: true })
          this.title = found.title || ''
          this.cityCode = found.city_code || ''
          this.cityName = found.city_name || ''
          this.baseMap = normaliseBaseMap(found.base_map)
          if (this.title && typeof document !== 'undefined') document.title = `${this.title} · 邻里`
        } catch {
          // An older server or a network fault: the default title stays, the maps stay offline.
        }
      })()
      pending.set(this, loading)
      return loading
    },
  },
})
