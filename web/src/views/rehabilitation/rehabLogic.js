// The rehabilitation pages' pure parts (康复服务记录; issue 19 item 6, decision 0038): the kinds the
// server knows and the ones the caller may record or read (精神障碍社区康复 only with care.health),
// the facilities that take records (残疾人之家 and, with care.health, 精神障碍社区康复服务站), the
// record form checked as the server checks it and the body sent, and the list filters kept in the
// address. No Vue.
import { checkDate } from '../../composables/dates.js'

export const KINDS = ['training', 'assistive_device', 'day_care', 'vocational', 'mental_health']
export const MENTAL_HEALTH = 'mental_health'
/** The permission that records and reads 精神障碍社区康复 (健康联络员, county officials, city admin). */
export const HEALTH_PERMISSION = 'care.health'
export const DISABILITY_HOME = 'disability_home'
export const MENTAL_HEALTH_STATION = 'mental_health_rehab'
export const MIN_MINUTES = 1
export const MAX_MINUTES = 600
export const MAX_NOTE = 500
/** A session is recorded on its day or up to this many days later (the server's kRehabBackdateDays). */
export const BACKDATE_DAYS = 90
/** The facility select's choice "not in the list: type its number". */
export const OTHER_FACILITY = 'other'
/** The fields of the record form (the server's names), in the order the form shows them. */
export const REHAB_FIELDS = ['resident_id', 'facility_id', 'kind', 'served_on', 'minutes', 'note']

const length = (value) => [...String(value ?? '').trim()].length
const allowed = (can) => (typeof can === 'function' ? can : () => false)
const ID = /^[1-9]\d{0,11}$/

// ---- kinds and facilities by permission ----

/** The kinds the caller may record or filter by: 精神障碍社区康复 only with care.health. */
export const kindOptions = (can) => KINDS.filter((k) => k !== MENTAL_HEALTH || allowed(can)(HEALTH_PERMISSION))

/** The facility types the form lists: 残疾人之家, and the stations for holders of care.health. */
export const facilityTypes = (can) => (allowed(can)(HEALTH_PERMISSION) ? [DISABILITY_HOME, MENTAL_HEALTH_STATION] : [DISABILITY_HOME])

/** The kinds a facility records: a 精神障碍社区康复服务站 only 精神障碍社区康复; a home (or one not known) any the caller may. */
export function kindsAt(facility, can) {
  const options = kindOptions(can)
  return facility?.type === MENTAL_HEALTH_STATION ? options.filter((k) => k === MENTAL_HEALTH) : options
}

/** A facility as the select shows it: name · type · its community, town or county. */
export const facilityText = (facility) => [facility.name, facility.type_name, facility.community_name].filter(Boolean).join(' · ')

// ---- dates ----

const dayNumber = (date) => Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000)

/** The date `days` before `date` (YYYY-MM-DD). */
export function daysBefore(date, days) {
  return new Date((dayNumber(date) - days) * 86_400_000).toISOString().slice(0, 10)
}

/** The earliest day a session may still be recorded today (today − 90 days). */
export const earliestServedOn = (today) => daysBefore(today, BACKDATE_DAYS)

// ---- the record form ----

/** A fresh form: no facility chosen, today's date. The person is chosen beside it (ResidentPicker). */
export function blankRehabForm(today) {
  return { facility: '', facility_other: '', kind: '', served_on: today, minutes: '', note: '' }
}

/** The facility id the form names (the one chosen, or the number typed under 其他), or null. */
export function facilityIdOf(form) {
  const text = String((form.facility === OTHER_FACILITY ? form.facility_other : form.facility) ?? '').trim()
  return ID.test(text) ? Number(text) : null
}

/** The listed facility chosen (null for 其他 or none). */
export function chosenFacility(form, facilities = []) {
  if (!form.facility || form.facility === OTHER_FACILITY) return null
  return facilities.find((f) => String(f.id) === String(form.facility)) || null
}

/**
 * What is wrong with the form before it is sent, as rule keys by field: a person chosen; a
 * facility (chosen, or a whole number typed under 其他); a kind the caller may record (精神障碍社区
 * 康复 only with care.health; a station records nothing else); a real date, not after today and at
 * most 90 days back; whole minutes 1–600; a note of at most 500 characters.
 */
export function rehabProblems(form, { resident, today, can, facilities } = {}) {
  const out = {}
  if (!resident?.id) out.resident_id = 'residentRequired'

  if (!form.facility) out.facility_id = 'facilityRequired'
  else if (form.facility === OTHER_FACILITY && !String(form.facility_other ?? '').trim()) out.facility_id = 'facilityIdRequired'
  else if (facilityIdOf(form) === null) out.facility_id = 'facilityIdFormat'

  if (!KINDS.includes(form.kind)) out.kind = 'kindRequired'
  else if (!kindOptions(can).includes(form.kind)) out.kind = 'kindRestricted'
  else if (!kindsAt(chosenFacility(form, facilities), can).includes(form.kind)) out.kind = 'stationMentalOnly'

  const date = String(form.served_on ?? '').trim()
  if (!date) out.served_on = 'dateRequired'
  else if (checkDate(date)) out.served_on = 'dateFormat'
  else if (today && date > today) out.served_on = 'dateFuture'
  else if (today && date < earliestServedOn(today)) out.served_on = 'dateTooOld'

  const minutes = String(form.minutes ?? '').trim()
  if (!minutes) out.minutes = 'minutesRequired'
  else if (!/^\d{1,4}$/.test(minutes)) out.minutes = 'minutesWhole'
  else if (Number(minutes) < MIN_MINUTES || Number(minutes) > MAX_MINUTES) out.minutes = 'minutesRange'

  if (length(form.note) > MAX_NOTE) out.note = 'noteTooLong'
  return out
}

/** The body of POST /rehabilitation: ids and minutes as numbers, the trimmed note (left out when empty). */
export function toRehabBody(form, resident) {
  const body = {
    resident_id: resident.id,
    facility_id: facilityIdOf(form),
    kind: form.kind,
    served_on: String(form.served_on).trim(),
    minutes: Number(String(form.minutes).trim()),
  }
  const note = String(form.note ?? '').trim()
  if (note) body.note = note
  return body
}

/** The form field a refusal belongs beside: the one it names, else 精神障碍社区康复's 403 beside the kind. */
export function fieldOfError(error, form) {
  if (error?.field && REHAB_FIELDS.includes(error.field)) return error.field
  if (error?.status === 403 && form?.kind === MENTAL_HEALTH) return 'kind'
  return null
}

// ---- the list filters (kept in the address) ----

const text = (query, key) => (typeof query[key] === 'string' ? query[key].trim() : '')

/** The filters of an address; 精神障碍社区康复 only for holders of care.health (others get a 403). */
export function rehabFiltersFromQuery(query = {}, can) {
  const kind = text(query, 'kind')
  return {
    place: /^\d{4,15}$/.test(text(query, 'place')) ? text(query, 'place') : '',
    kind: kindOptions(can).includes(kind) ? kind : '',
    facility_id: ID.test(text(query, 'facility_id')) ? text(query, 'facility_id') : '',
    resident_id: ID.test(text(query, 'resident_id')) ? text(query, 'resident_id') : '',
  }
}

export function rehabFiltersToQuery(filters) {
  const query = {}
  for (const key of ['place', 'kind', 'facility_id', 'resident_id']) {
    const value = String(filters[key] ?? '').trim()
    if (value) query[key] = value
  }
  return query
}

export const rehabFiltersToApi = (filters) => ({
  place: filters.place || undefined,
  kind: filters.kind || undefined,
  facility_id: filters.facility_id || undefined,
  resident_id: filters.resident_id || undefined,
})

/** What is wrong with the typed id filters, by field: a whole number (the record's 编号) or nothing. */
export function rehabFilterProblems(filters) {
  const out = {}
  for (const key of ['facility_id', 'resident_id']) {
    const value = String(filters[key] ?? '').trim()
    if (value && !ID.test(value)) out[key] = 'idFormat'
  }
  return out
}
