// The one record a detail page shows, fetched by `fetch()` (a promise of the record), with the
// page's `t` for error texts:
// `record`, `loading`, `error` (in the interface's language), `notFound` (a 404: the page offers
// no retry) and `load()` to fetch it again — on opening, after a change, on retry. A failed load
// clears the record, so the page never shows a stale one beside the error.
import { ref } from 'vue'
import { errorText } from '../api/client.js'

export function useRecord(fetch, t) {
  const record = ref(null)
  const loading = ref(true)
  const error = ref('')
  const notFound = ref(false)
  async function load() {
    loading.value = true
    error.value = ''
    notFound.value = false
    try {
      record.value = await fetch()
    } catch (e) {
      record.value = null
      notFound.value = e.status === 404
      error.value = errorText(e, t)
    } finally {
      loading.value = false
    }
  }
  return { record, loading, error, notFound, load }
}
