// The home services file the server reads (GET /api/v1/home-services): the services with their
// names and units, the subsidies and the age from which a person is elderly — loaded once per
// page, the five services of the interface shown until it comes (or when it cannot be read).
import { ref, computed } from 'vue'
import { useI18n } from 'vue-i18n'
import { homeServicesConfig } from '../../api/homeServices.js'
import { SERVICES } from './homeServicesLogic.js'

export function useHomeServices() {
  const { t } = useI18n()
  const config = ref(null)
  const loadError = ref(null)
  const load = () => homeServicesConfig()
    .then((answer) => { config.value = answer })
    .catch((e) => { loadError.value = e })
  const services = computed(() => (config.value?.services?.length
    ? config.value.services
    : SERVICES.map((code) => ({ code, name: t(`homeServices.services.${code}`), unit: '' }))))
  const elderlyAge = computed(() => config.value?.elderly_age ?? 60)
  const subsidies = computed(() => config.value?.subsidies || [])
  const nameOf = (code) => services.value.find((s) => s.code === code)?.name || code
  const unitOf = (code) => services.value.find((s) => s.code === code)?.unit || ''
  return { config, loadError, load, services, elderlyAge, subsidies, nameOf, unitOf }
}
