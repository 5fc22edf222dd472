// The city this deployment serves and the title it shows (GET /api/v1/deployment, public: the
// sign-in page shows it too). Until it answers, or when it cannot, the pages show the i18n
// app.title; the browser tab's title follows.
import { defineStore } from 'pinia'
import { api } from '../api/client.js'

export const useDeploymentStore = defineStore('deployment', {
  state: () => ({ title: '', cityCode: '', cityName: '', loaded: false }),
  actions: {
    async load() {
      if (this.loaded) return
      this.loaded = true
      try {
        const found = await api.get('/api/v1/deployment', { noAuthRedirect: true })
        this.title = found.title || ''
        this.cityCode = found.city_code || ''
        this.cityName = found.city_name || ''
        if (this.title && typeof document !== 'undefined') document.title = `${this.title} · 邻里`
      } catch {
        // An older server or a network fault: the default title stays.
      }
    },
  },
})
