// Validation of the resident form. Pure functions return the key of the broken rule (under
// people.rules.*) or null; residentFormRules() wraps them for el-form with translated
// messages. They mirror the server's checks (src/core/identity/) so that most mistakes are
// caught before a round trip; the server has the last word and its message is shown at the
// field it names.
import { checkIdNumber, isMasked } from './idNumber.js'
import { ethnicityByCode } from '../../constants/ethnicities.js'
import { checkDate } from '../../composables/dates.js'

export const NAME_MAX_LENGTH = 50
export const RESIDENT_STATUSES = ['registered_resident', 'floating', 'away', 'moved_out', 'deceased']
export const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other']
export const SORTS = ['name', 'age', '-age', 'id']

export function checkName(value) {
  const name = String(value ?? '').trim()
  if (!name) return 'nameRequired'
  if ([...name].length > NAME_MAX_LENGTH) return 'nameTooLong'
  return null
}

const isMobile = (digits) => /^1[3-9]\d{9}$/.test(digits)
const areaCodeLength = (digits) => (digits.length >= 2 && (digits[1] === '1' || digits[1] === '2') ? 3 : 4)

/**
 * Optional phone: an 11-digit mobile number (13..19) or a fixed line with its area code, as
 * the server's ParsePhone accepts (+86 / 0086 / 86 prefixes, blanks, dots, brackets, one dash).
 */
export function checkPhone(value) {
  const text = String(value ?? '')
  if (!text.trim()) return null
  let digits = ''
  let dash = -1
  let international = false
  let i = 0
  const separator = (c) => ' \t-.()'.includes(c)
  while (i < text.length && separator(text[i])) i++
  if (text[i] === '+') { international = true; i++ }
  for (; i < text.length; i++) {
    const c = text[i]
    if (c >= '0' && c <= '9') digits += c
    else if (c === '-' && dash < 0) dash = digits.length
    else if (!separator(c)) return 'phoneChars'
  }
  if (!digits) return 'phoneChars'
  let rest = digits
  let country = false
  if (international) {
    if (!rest.startsWith('86')) return 'phoneCountry'
    rest = rest.slice(2)
    country = true
  } else if (rest.startsWith('0086')) {
    rest = rest.slice(4)
    country = true
  } else if (rest.length === 13 && rest.startsWith('86') && isMobile(rest.slice(2))) {
    rest = rest.slice(2)
    country = true
  }
  if (country) dash = -1
  if (rest.startsWith('1')) return isMobile(rest) ? null : 'phoneMobile'
  const national = country && !rest.startsWith('0') ? `0${rest}` : rest
  if (national.length < 2 || national[0] !== '0') return 'phoneFormat'
  const areaLength = areaCodeLength(national)
  if (dash >= 0 && dash !== areaLength) return 'phoneArea'
  if (national.length < areaLength + 7) return 'phoneFixed'
  const area = national.slice(0, areaLength)
  const local = national.slice(areaLength)
  if (area[1] === '0') return 'phoneArea'
  if (local.length > 8 || local[0] === '0') return 'phoneFixed'
  return null
}

export const checkEthnicity = (value) => (ethnicityByCode(value) ? null : 'ethnicityRequired')
export const checkStatus = (value) => (RESIDENT_STATUSES.includes(value) ? null : 'statusRequired')
export const checkRelation = (value) => (!value || RELATIONS.includes(value) ? null : 'relationInvalid')

export function checkRequiredDate(value) {
  if (!String(value ?? '').trim()) return 'dateRequired'
  return checkDate(value)
}

/** A community code has 12 digits; optional when a grid code is given. */
export function checkCommunityCode(value, gridCode) {
  const code = String(value ?? '').trim()
  const grid = String(gridCode ?? '').trim()
  if (!code) return grid ? null : 'placeRequired'
  return /^\d{12}$/.test(code) ? null : 'communityFormat'
}

/** A grid code is the community code plus 3 digits (a micro-grid's adds 2 more). */
export function checkGridCode(value, communityCode) {
  const code = String(value ?? '').trim()
  if (!code) return null
  if (!/^\d{15}(\d{2})?$/.test(code)) return 'gridFormat'
  const community = String(communityCode ?? '').trim()
  if (community && !code.startsWith(community)) return 'gridOutsideCommunity'
  return null
}

export function checkHouseholdId(value) {
  const text = String(value ?? '').trim()
  return !text || /^[\w-]{1,64}$/.test(text) ? null : 'householdFormat'
}

/**
 * All broken rules of a form, as {field: ruleKey}. `original` is the resident being edited:
 * a masked ID number or phone that was not touched is not checked (it is not sent back).
 */
export function validateResidentForm(form, { today, original } = {}) {
  const untouched = (field) => original && form[field] === original[field] && isMasked(original[field])
  const checks = {
    name: checkName(form.name),
    id_number: untouched('id_number') ? null : checkIdNumber(form.id_number, today),
    phone: untouched('phone') ? null : checkPhone(form.phone),
    ethnicity: checkEthnicity(form.ethnicity),
    // Editing leaves status and household to their own dialogs (the form hides them).
    status: original ? null : checkStatus(form.status),
    status_since: original ? null : checkRequiredDate(form.status_since),
    community_code: checkCommunityCode(form.community_code, form.grid_code),
    grid_code: checkGridCode(form.grid_code, form.community_code),
    household_id: original ? null : checkHouseholdId(form.household_id),
    relation: original ? null : checkRelation(form.relation),
  }
  const errors = {}
  for (const [field, key] of Object.entries(checks)) if (key) errors[field] = key
  return errors
}

/**
 * el-form rules. `context()` returns {form, original} so that cross-field rules see the
 * current values; t translates.
 */
export function residentFormRules(t, context) {
  const rule = (field, trigger = 'blur') => ({
    trigger,
    validator: (_rule, _value, callback) => {
      const { form, original } = context()
      const key = validateResidentForm(form, { original })[field]
      callback(key ? new Error(t(`people.rules.${key}`)) : undefined)
    },
  })
  return {
    name: [rule('name')],
    id_number: [rule('id_number')],
    phone: [rule('phone')],
    ethnicity: [rule('ethnicity', 'change')],
    status: [rule('status', 'change')],
    status_since: [rule('status_since', 'change')],
    community_code: [rule('community_code')],
    grid_code: [rule('grid_code')],
    household_id: [rule('household_id')],
    relation: [rule('relation', 'change')],
  }
}

export function emptyResidentForm(today = '') {
  return {
    name: '', id_number: '', phone: '', ethnicity: '01', status: 'registered_resident', status_since: today,
    community_code: '', grid_code: '', household_id: '', relation: '',
  }
}

/** The form values of an existing resident (for editing). */
export function residentToForm(resident) {
  return {
    name: resident.name || '',
    id_number: resident.id_number || '',
    phone: resident.phone || '',
    ethnicity: resident.ethnicity?.code || '',
    status: resident.status || '',
    status_since: resident.status_since || '',
    community_code: resident.community_code || '',
    grid_code: resident.grid_code || '',
    household_id: resident.household_id == null ? '' : String(resident.household_id),
    relation: resident.relation || '',
  }
}

const trimmed = (value) => String(value ?? '').trim()

/** The POST /api/v1/residents body for a valid form. */
export function toResidentPayload(form) {
  const payload = {
    name: trimmed(form.name),
    id_number: trimmed(form.id_number).toUpperCase(),
    ethnicity: form.ethnicity,
    status: form.status,
    status_since: trimmed(form.status_since),
  }
  const phone = trimmed(form.phone)
  if (phone) payload.phone = phone
  const grid = trimmed(form.grid_code)
  const community = trimmed(form.community_code) || (grid ? grid.slice(0, 12) : '')
  if (community) payload.community_code = community
  if (grid) payload.grid_code = grid
  const household = trimmed(form.household_id)
  if (household) {
    // The server's household ids are integers (the chooser holds them as text).
    payload.household_id = /^\d+$/.test(household) ? Number(household) : household
    if (form.relation) payload.relation = form.relation
  }
  return payload
}

/**
 * The PATCH body: only the fields that changed. Household membership changes go through the
 * move dialog, and status changes through the status dialog, so they are not sent here.
 */
export function toResidentPatch(form, original) {
  const before = residentToForm(original)
  const full = toResidentPayload(form)
  const patch = {}
  for (const field of ['name', 'id_number', 'phone', 'ethnicity', 'community_code', 'grid_code']) {
    const now = field === 'phone' ? trimmed(form.phone) : full[field] ?? ''
    const was = field === 'id_number' ? before[field].toUpperCase() : before[field]
    if (now !== was) patch[field] = now === '' ? null : now
  }
  return patch
}

export const TAG_GRADES = [1, 2, 3, 4]

/** The add-tag dialog: a tag from the dictionary, a grade 1–4 when it has grades, a start date. */
export function checkTagForm(form, definition) {
  const errors = {}
  if (!form.code || !definition) errors.code = 'tagRequired'
  if (definition?.has_grade && !TAG_GRADES.includes(Number(form.grade))) errors.grade = 'gradeRequired'
  const date = checkRequiredDate(form.valid_from)
  if (date) errors.valid_from = date
  if ([...String(form.source ?? '').trim()].length > 100) errors.source = 'sourceTooLong'
  return errors
}

/** The move dialog: another household, a relation to its head, a date. */
export function checkMoveForm(form, currentHouseholdId) {
  const errors = {}
  const household = String(form.household_id ?? '').trim()
  if (!household) errors.household_id = 'householdRequired'
  else if (checkHouseholdId(household)) errors.household_id = 'householdFormat'
  else if (currentHouseholdId != null && household === String(currentHouseholdId)) errors.household_id = 'sameHousehold'
  if (!RELATIONS.includes(form.relation)) errors.relation = 'relationRequired'
  const date = checkRequiredDate(form.date)
  if (date) errors.date = date
  return errors
}

/** The status dialog: a status other than the current one, from a date not before the current one's. */
export function checkStatusChange(form, resident) {
  const errors = {}
  if (!RESIDENT_STATUSES.includes(form.status)) errors.status = 'statusRequired'
  else if (form.status === resident?.status) errors.status = 'sameStatus'
  const date = checkRequiredDate(form.date)
  if (date) errors.date = date
  else if (resident?.status_since && form.date < resident.status_since) errors.date = 'dateBeforeStatus'
  return errors
}

// The import file check is shared by every import page.
export { IMPORT_MAX_BYTES, checkImportFile } from '../../components/importFile.js'
