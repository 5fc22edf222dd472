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

/** The form of a stored organisation (areas other than its home, comma-separated). */
export function organisationForm(org) {
  return {
    name: org.name, category: org.category, status: org.registered_as ?? org.status,
    credit_code: org.credit_code ?? '', filing_number: org.filing_number ?? '', place: org.place_code,
    areas: (org.areas ?? []).filter((c) => c !== org.place_code).join(', '),
    contact_name: org.contact_name, contact_phone: '', founded_on: org.founded_on, note: org.note ?? '',
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
