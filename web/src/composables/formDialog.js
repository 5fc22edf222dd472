// The state every small form dialog keeps: the form (reset to `blank()` each time the dialog
// opens), one error text per field plus a general one, the saving flag, and `visible` bound to
// the v-model of the dialog (props.modelValue / 'update:modelValue'). `send(save)` runs the
// request: on success the dialog closes; a failure's Chinese text goes beside the field it
// names (`fieldOf(e)`, by default e.field when it is one of `fields`) or above the form.
import { reactive, ref, computed, watch } from 'vue'
import { errorText } from '../api/client.js'

export function useFormDialog({ props, emit, t, fields, blank, fieldOf }) {
  const form = reactive(blank())
  const errors = reactive(Object.fromEntries(fields.map((f) => [f, ''])))
  const generalError = ref('')
  const saving = ref(false)
  const visible = computed({ get: () => props.modelValue, set: (v) => emit('update:modelValue', v) })
  const whereFailed = fieldOf || ((e) => (e.field && fields.includes(e.field) ? e.field : null))

  function clearErrors() {
    for (const f of fields) errors[f] = ''
    generalError.value = ''
  }
  watch(visible, (open) => {
    if (!open) return
    Object.assign(form, blank())
    clearErrors()
  })

  async function send(save) {
    saving.value = true
    try {
      await save()
      visible.value = false
    } catch (e) {
      const message = errorText(e, t)
      const field = whereFailed(e)
      if (field) errors[field] = message
      else generalError.value = message
    } finally {
      saving.value = false
    }
  }
  return { form, errors, generalError, saving, visible, clearErrors, send }
}
