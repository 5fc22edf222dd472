// The 60-second wait before another SMS code may be asked for, ticking each second: one for
// the sign-up and forgotten-password pages and the kiosk's sign-in. Call inside setup().
import { computed, onBeforeUnmount, ref } from 'vue'
import { cooldownLeft } from './selfLogic.js'

export function useCodeCooldown() {
  const sentAt = ref(0)
  const now = ref(Date.now())
  const timer = setInterval(() => { now.value = Date.now() }, 1000)
  onBeforeUnmount(() => clearInterval(timer))
  const wait = computed(() => cooldownLeft(sentAt.value, now.value))
  return { sentAt, wait, markSent: () => { sentAt.value = Date.now() } }
}
