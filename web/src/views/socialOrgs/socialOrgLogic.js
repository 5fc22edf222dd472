// Pure helpers of the social-organisation pages (no Vue): the form's body for the API, and the
// record back into a form.

export const STATUSES = ['registered', 'filed']

/** An empty registration form for a community. */
export function emptyOrganisation(place = '') {
  return {
    name: '', category: '', status: 'filed', credit_code: '', filing_number: '', place,
    areas: '', contact_name: '', contact_phone: '', founded_on: '', note: '',
  }
}

/**
 * The form of a stored organisation (areas other than its home, comma-separated); a masked
 * phone (139****5678, for an account without personal data) is left to retype.
 */
export function organisationForm(org) {
  return {
    name: org.name, category: org.category, status: org.registered_as ?? org.status,
    credit_code: org.credit_code ?? '', filing_number: org.filing_number ?? '', place: org.place_code,
    areas: (org.areas ?? []).filter((c) => c !== org.place_code).join(', '),
    contact_name: org.contact_name, contact_phone: String(org.contact_phone ?? '').includes('*') ? '' : org.contact_phone ?? '', founded_on: org.founded_on, note: org.note ?? '',
  }
}

/** The API body of a form: trimmed texts, the code of the status only, areas as a list. */
export function organisationBody(form) {
  const body = {
    name: form.name.trim(), category: form.category, status: form.status, place: form.place,
    areas: String(form.areas ?? '').split(/[\s,，、]+/).filter(Boolean),
    contact_name: form.contact_name.trim(), contact_phone: form.contact_phone.trim(),
    founded_on: form.founded_on, note: form.note,
  }
  if (form.status === 'registered') body.credit_code = form.credit_code.trim().toUpperCase()
  else body.filing_number = form.filing_number.trim()
  return body
}

// ---- incubation (apply → incubate → graduate, or withdraw before graduating) ----
export const INCUBATION_STATUSES = ['applied', 'incubating', 'graduated', 'withdrawn']

/** The steps an incubation in `status` may take next, in the order the page offers them. */
export function incubationSteps(status) {
  if (status === 'applied') return ['start', 'withdraw']
  if (status === 'incubating') return ['graduate', 'withdraw']
  return []
}

/** The date a step must not precede: the last dated step of the record. */
export function lastStepDate(incubation) {
  return incubation.started_on || incubation.applied_on || ''
}

/** What is wrong with a step's date ('' when nothing): required, not in the future, not before the last step. */
export function stepDateProblem(incubation, date, todayDate) {
  if (!date) return 'required'
  if (date > todayDate) return 'future'
  if (date < lastStepDate(incubation)) return 'beforeLast'
  return ''
}
