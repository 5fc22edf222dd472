// Validation of the create-grid form. Pure functions return the key of the broken rule
// (under grids.rules.*) or null; gridFormRules() wraps them for el-form with translated
// messages. The server checks the same rules; these only spare a round trip.
import { checkDate } from '../../composables/dates.js'

export const NAME_MAX_LENGTH = 50
export const HOUSEHOLDS_MAX = 5000
export const GRID_KINDS = ['ordinary', 'dedicated']

export function checkName(value) {
  const name = String(value ?? '').trim()
  if (!name) return 'nameRequired'
  if ([...name].length > NAME_MAX_LENGTH) return 'nameTooLong'
  return null
}

export function checkKind(value) {
  return GRID_KINDS.includes(value) ? null : 'kindRequired'
}

export function checkHouseholds(value) {
  const text = String(value ?? '').trim()
  if (!text) return 'householdsRequired'
  if (!/^\d+$/.test(text)) return 'householdsRange'
  const number = Number(text)
  if (!Number.isSafeInteger(number) || number < 0 || number > HOUSEHOLDS_MAX) return 'householdsRange'
  return null
}

/** The code is optional; when given it must be the community code followed by 3 digits. */
export function checkCode(value, communityCode) {
  const code = String(value ?? '').trim()
  if (!code) return null
  const prefix = String(communityCode ?? '')
  if (!prefix || !code.startsWith(prefix) || !/^\d{3}$/.test(code.slice(prefix.length))) return 'codeFormat'
  return null
}

/** All broken rules of a form, as {field: ruleKey}. Empty when the form is valid. */
export function validateGridForm(form, communityCode) {
  const errors = {}
  const checks = {
    name: checkName(form.name),
    kind: checkKind(form.kind),
    planned_households: checkHouseholds(form.planned_households),
    code: checkCode(form.code, communityCode),
    valid_from: checkDate(form.valid_from),
  }
  for (const [field, key] of Object.entries(checks)) if (key) errors[field] = key
  return errors
}

/** el-form rules; t translates, communityCode() gives the community the grid belongs to. */
export function gridFormRules(t, communityCode) {
  const rule = (check, trigger = 'blur') => ({
    trigger,
    validator: (_rule, value, callback) => {
      const key = check(value)
      callback(key ? new Error(t(`grids.rules.${key}`)) : undefined)
    },
  })
  return {
    name: [rule(checkName)],
    kind: [rule(checkKind, 'change')],
    planned_households: [rule(checkHouseholds)],
    code: [rule((value) => checkCode(value, communityCode()))],
    valid_from: [rule(checkDate, 'change')],
  }
}

/** The POST /api/v1/grids body for a valid form. */
export function toGridPayload(form, communityCode) {
  const payload = {
    community_code: communityCode,
    name: String(form.name).trim(),
    kind: form.kind,
    planned_households: Number(String(form.planned_households).trim()),
  }
  const code = String(form.code ?? '').trim()
  if (code) payload.code = code
  const validFrom = String(form.valid_from ?? '').trim()
  if (validFrom) payload.valid_from = validFrom
  return payload
}

export function emptyGridForm() {
  return { name: '', kind: 'ordinary', planned_households: '', code: '', valid_from: '' }
}
