// Pure helpers of the social-work page (社会工作; decision 0046): the choices of its forms and the
// checks made before anything is sent (the server checks again).

export const CERTIFICATE_LEVELS = ['assistant', 'social_worker', 'senior', 'none']
export const METHODS = ['case', 'group', 'community']
const CERTIFICATE_NUMBER = /^[A-Za-z0-9-]{4,32}$/

export const blankWorker = (day) => ({ name: '', certificate_level: 'social_worker', certificate_number: '', facility_id: '', started_on: day })
export const blankRecord = (day) => ({ worker_id: '', community: '', served_on: day, method: 'case', people_served: 1, summary: '' })

/** Field → problem key (socialWork.rules.*) of a new worker; {} when it may be sent. */
export function workerProblems(form) {
  const out = {}
  if (!form.name.trim()) out.name = 'nameRequired'
  if (form.certificate_level === 'none') {
    if (form.certificate_number.trim()) out.certificate_number = 'noNumberWithoutCertificate'
  } else if (!CERTIFICATE_NUMBER.test(form.certificate_number.trim())) {
    out.certificate_number = 'certificateNumber'
  }
  if (!/^\d+$/.test(String(form.facility_id))) out.facility_id = 'facilityRequired'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.started_on)) out.started_on = 'date'
  return out
}

/** Field → problem key of a new service record; {} when it may be sent. */
export function recordProblems(form) {
  const out = {}
  if (!/^\d+$/.test(String(form.worker_id))) out.worker_id = 'workerRequired'
  if (!/^\d{12}$/.test(form.community)) out.community = 'communityRequired'
  if (!/^\d{4}-\d{2}-\d{2}$/.test(form.served_on)) out.served_on = 'date'
  const people = Number(form.people_served)
  if (!Number.isInteger(people) || people < 1 || people > 10000) out.people_served = 'people'
  if (!form.summary.trim()) out.summary = 'summaryRequired'
  return out
}

export const toWorkerBody = (form) => ({
  name: form.name.trim(),
  certificate_level: form.certificate_level,
  certificate_number: form.certificate_level === 'none' ? '' : form.certificate_number.trim(),
  facility_id: Number(form.facility_id),
  started_on: form.started_on,
})

export const toRecordBody = (form) => ({
  worker_id: Number(form.worker_id),
  community: form.community,
  served_on: form.served_on,
  method: form.method,
  people_served: Number(form.people_served),
  summary: form.summary.trim(),
})
