// The home services pages' pure parts (居家养老上门服务; decision 0033): money in yuan, the
// distance of a check-in from the person's home, which actions an order's status allows (for a
// worker and for the provider's staff), Beijing date-times for the schedule, the browser's
// position for check-in and check-out, the lists' filters kept in the address, and the forms of
// a provider and an order checked as the server checks them. No Vue.
import { checkDate } from '../../composables/dates.js'
import { thisMonth, addMonths, isMonth } from '../care/careLogic.js'

export const SERVICES = ['meal', 'cleaning', 'mobility', 'bathing', 'medical']
export const PROVIDER_KINDS = ['organisation', 'facility']
export const PROVIDER_STATUSES = ['active', 'suspended']
export const ORDER_STATUSES = ['placed', 'scheduled', 'serving', 'done', 'cancelled']
/** The statuses of an order still to be served. */
export const OPEN_STATUSES = ['placed', 'scheduled', 'serving']
export const ORDERED_BY = ['self', 'relative', 'worker']
/** A check-in or check-out farther than this from the person's building is flagged. */
export const DISTANCE_WARNING_M = 500
export const MAX_PRICE = 10000
export const MAX_UNITS = 100
export const MAX_NOTE = 500
/** How long check-in waits for the browser's position before going on without it. */
export const LOCATE_TIMEOUT_MS = 10000

// ---- money (yuan, 2 decimals) ----

/** Yuan → whole fen, or null for nothing. */
export function toFen(yuan) {
  if (yuan === null || yuan === undefined || yuan === '' || !Number.isFinite(Number(yuan))) return null
  return Math.round(Number(yuan) * 100)
}

/** An amount as people read it: ¥12.50; '—' for nothing. */
export function formatYuan(yuan) {
  const fen = toFen(yuan)
  if (fen === null) return '—'
  const sign = fen < 0 ? '-' : ''
  return `${sign}¥${(Math.abs(fen) / 100).toFixed(2)}`
}

/** A price as typed: '' (nothing) or the rule key of what is wrong with it. */
export function priceProblem(text) {
  const value = String(text ?? '').trim()
  if (!value) return 'priceRequired'
  if (!/^\d{1,5}(\.\d{1,2})?$/.test(value)) return 'priceFormat'
  return Number(value) > MAX_PRICE ? 'priceRange' : ''
}

/**
 * What an order will cost, as the server reckons it at check-out: the units within the person's
 * remaining subsidised units of the month are paid by the subsidy at the provider's price, the
 * rest by the person. → {amount, subsidy, self_pay, subsidised} (yuan, units), or null when the
 * price or the units are unknown.
 */
export function estimateCost({ units, price, remaining }) {
  const n = Number(units)
  const fen = toFen(price)
  if (!Number.isInteger(n) || n < 1 || fen === null) return null
  const subsidised = Math.min(n, Math.max(0, Math.floor(Number(remaining) || 0)))
  return {
    amount: (n * fen) / 100,
    subsidy: (subsidised * fen) / 100,
    self_pay: ((n - subsidised) * fen) / 100,
    subsidised,
  }
}

// ---- distance ----

/** Whether a check-in or check-out distance (metres) is too far from the person's home. */
export const farAway = (metres) => metres !== null && metres !== undefined && metres !== '' && Number(metres) > DISTANCE_WARNING_M

/** A distance as people read it: '—' for none, metres below 1 km, else km with one decimal. */
export function distanceText(metres, t) {
  if (metres === null || metres === undefined || metres === '' || !Number.isFinite(Number(metres))) return t('homeServices.noLocation')
  const m = Math.round(Number(metres))
  return m < 1000 ? t('homeServices.metres', { n: m }) : t('homeServices.kilometres', { n: (m / 1000).toFixed(1) })
}

// ---- what an order's status allows ----

/** What an order's status allows whoever placed it: cancel while placed or scheduled, rate once
 * done and not yet rated (the elderly person's own orders: 我的上门服务). */
export function ownOrderActions(order) {
  const status = order?.status
  return {
    cancel: status === 'placed' || status === 'scheduled',
    rate: status === 'done' && (order.rating === null || order.rating === undefined),
  }
}

/** A worker's actions (homecare.order): cancel while placed or scheduled, rate once done. */
export function orderActions(order, can) {
  const ordering = Boolean(can?.('homecare.order'))
  const own = ownOrderActions(order)
  return { cancel: ordering && own.cancel, rate: ordering && own.rate }
}

/** The provider's staff's actions: schedule (again while scheduled), check in, check out. */
export function providerActions(order) {
  const status = order?.status
  return {
    schedule: status === 'placed' || status === 'scheduled',
    checkIn: status === 'scheduled',
    checkOut: status === 'serving',
  }
}

/** The tone of an order's status tag (Element Plus types). */
export const STATUS_TONES = { placed: 'warning', scheduled: 'primary', serving: 'success', done: 'info', cancelled: 'info' }
export const statusTone = (status) => STATUS_TONES[status] || 'info'

// ---- Beijing date-times (the schedule) ----

const CHINA_OFFSET_MS = 8 * 3_600_000

/** A date-time typed in Beijing time ('YYYY-MM-DDTHH:mm') → epoch ms, or null. */
export function chinaLocalToMs(text) {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2})?$/.exec(String(text ?? '').trim())
  if (!match) return null
  const [, y, mo, d, h, mi] = match.map(Number)
  if (checkDate(`${match[1]}-${match[2]}-${match[3]}`) || h > 23 || mi > 59) return null
  return Date.UTC(y, mo - 1, d, h, mi) - CHINA_OFFSET_MS
}

/** Epoch ms → 'YYYY-MM-DDTHH:mm' in Beijing time (a datetime-local input's value); '' for nothing. */
export function msToChinaLocal(ms) {
  if (ms === null || ms === undefined || ms === '' || !Number.isFinite(Number(ms))) return ''
  return new Date(Number(ms) + CHINA_OFFSET_MS).toISOString().slice(0, 16)
}

/**
 * The time a schedule dialog proposes: the one already set; else 09:00 of the wanted day when
 * that is still ahead; else the next full half hour from now.
 */
export function proposedSchedule(order, now = Date.now()) {
  if (order?.scheduled_at && Number(order.scheduled_at) > now) return msToChinaLocal(order.scheduled_at)
  const morning = order?.wanted_on ? chinaLocalToMs(`${order.wanted_on}T09:00`) : null
  if (morning !== null && morning > now) return msToChinaLocal(morning)
  const halfHour = 30 * 60_000
  return msToChinaLocal(Math.ceil((now + 60_000) / halfHour) * halfHour)
}

/** What is wrong with a schedule time: '' or a rule key (a real time, not in the past). */
export function scheduleProblem(text, now = Date.now()) {
  const ms = chinaLocalToMs(text)
  if (ms === null) return 'timeFormat'
  return ms < now - 60_000 ? 'timePast' : ''
}

// ---- the browser's position (check-in, check-out) ----

/**
 * The browser's position now (never one cached from an earlier check-in), asked once with a
 * timeout: {position: {lat, lon} | null, reason}
 * — reason '' with a position, else 'unsupported' (no geolocation), 'denied', 'unavailable' or
 * 'timeout'. Never rejects: the caller goes on without a position and says why.
 */
export function locate(geolocation, { timeout = LOCATE_TIMEOUT_MS } = {}) {
  return new Promise((resolve) => {
    if (!geolocation || typeof geolocation.getCurrentPosition !== 'function') {
      resolve({ position: null, reason: 'unsupported' })
      return
    }
    let done = false
    const finish = (answer) => {
      if (done) return
      done = true
      clearTimeout(timer)
      resolve(answer)
    }
    // Some browsers never call back while the permission prompt stays open.
    const timer = setTimeout(() => finish({ position: null, reason: 'timeout' }), timeout + 1000)
    try {
      geolocation.getCurrentPosition(
        (pos) => finish({ position: { lat: pos.coords.latitude, lon: pos.coords.longitude }, reason: '' }),
        (error) => finish({ position: null, reason: error?.code === 1 ? 'denied' : error?.code === 3 ? 'timeout' : 'unavailable' }),
        { enableHighAccuracy: true, timeout, maximumAge: 0 },
      )
    } catch {
      finish({ position: null, reason: 'unavailable' })
    }
  })
}

/** The part of a check-in or check-out body that says where: {lat, lon} or nothing. */
export const locationBody = (located) => (located?.position ? { lat: located.position.lat, lon: located.position.lon } : {})

// ---- phones ----

/** Whether a phone number came masked (138****5678). */
export const isMasked = (phone) => /\*/.test(String(phone ?? ''))

/** A tel: link for a whole number; null for a masked one or none. */
export function telHref(phone) {
  const text = String(phone ?? '').trim()
  if (!text || isMasked(text)) return null
  const digits = text.replace(/[^\d+]/g, '')
  return digits ? `tel:${digits}` : null
}

// ---- the lists' filters (kept in the address) ----

const text = (query, key) => (typeof query[key] === 'string' ? query[key] : '')
const placeOf = (query) => (/^\d{4,15}$/.test(text(query, 'place')) ? text(query, 'place') : '')

export function providerFiltersFromQuery(query = {}) {
  return {
    place: placeOf(query),
    service: SERVICES.includes(text(query, 'service')) ? text(query, 'service') : '',
    status: PROVIDER_STATUSES.includes(text(query, 'status')) ? text(query, 'status') : '',
    q: text(query, 'q'),
  }
}

export function providerFiltersToQuery(filters) {
  const query = {}
  if (filters.place) query.place = filters.place
  if (filters.service) query.service = filters.service
  if (filters.status) query.status = filters.status
  if (filters.q?.trim()) query.q = filters.q.trim()
  return query
}

export const providerFiltersToApi = (filters) => ({
  place: filters.place || undefined,
  service: filters.service || undefined,
  status: filters.status || undefined,
  q: filters.q?.trim() || undefined,
})

export function orderFiltersFromQuery(query = {}) {
  return {
    place: placeOf(query),
    provider: /^\d+$/.test(text(query, 'provider')) ? text(query, 'provider') : '',
    status: ORDER_STATUSES.includes(text(query, 'status')) ? text(query, 'status') : '',
    service: SERVICES.includes(text(query, 'service')) ? text(query, 'service') : '',
    month: isMonth(text(query, 'month')) ? text(query, 'month') : '',
    resident: /^\d+$/.test(text(query, 'resident')) ? text(query, 'resident') : '',
  }
}

export function orderFiltersToQuery(filters) {
  const query = {}
  for (const key of ['place', 'provider', 'status', 'service', 'month', 'resident']) if (filters[key]) query[key] = filters[key]
  return query
}

export const orderFiltersToApi = (filters) => Object.fromEntries(
  ['place', 'provider', 'status', 'service', 'month', 'resident'].map((key) => [key, filters[key] || undefined]),
)

/**
 * The provider app's filters: status 'open' (placed, scheduled or serving: the default), 'all'
 * or one status; the day (today by default, '' for every day).
 */
export function providerOrderFiltersFromQuery(query = {}, today) {
  const status = text(query, 'status')
  const date = text(query, 'date')
  return {
    status: status === 'all' || ORDER_STATUSES.includes(status) ? status : 'open',
    date: date === 'all' ? '' : !checkDate(date) && date ? date : today,
  }
}

export function providerOrderFiltersToQuery(filters, today) {
  const query = {}
  if (filters.status && filters.status !== 'open') query.status = filters.status
  if (!filters.date) query.date = 'all'
  else if (filters.date !== today) query.date = filters.date
  return query
}

/** What the API is asked for ('open' is all of the day's orders, those still open kept). */
export const providerOrderFiltersToApi = (filters) => ({
  status: ORDER_STATUSES.includes(filters.status) ? filters.status : undefined,
  date: filters.date || undefined,
})

/** The orders shown of those answered. */
export const shownProviderOrders = (orders, filters) =>
  (filters.status === 'open' ? (orders || []).filter((o) => OPEN_STATUSES.includes(o.status)) : orders || [])

// ---- the provider's form ----

export const blankServiceRow = () => ({ service: '', price: '' })
export const blankQualificationRow = () => ({ name: '', number: '', valid_until: '' })

export function emptyProviderForm() {
  return {
    name: '',
    kind: 'organisation',
    facility_id: null,
    facility_name: '',
    credit_code: '',
    place_code: '',
    areas: [],
    services: [blankServiceRow()],
    qualifications: [],
    contact_name: '',
    contact_phone: '',
    status: 'active',
  }
}

/** A provider as the form edits it (prices as text). */
export function providerToForm(provider) {
  return {
    name: provider.name || '',
    kind: provider.kind || 'organisation',
    facility_id: provider.facility_id ?? null,
    facility_name: provider.facility_name || '',
    credit_code: provider.credit_code || '',
    place_code: provider.place_code || '',
    areas: (provider.areas || []).map((a) => ({ code: a.code, name: a.name || a.code })),
    services: (provider.services || []).length
      ? provider.services.map((s) => ({ service: s.service, price: s.price === null || s.price === undefined ? '' : (toFen(s.price) / 100).toFixed(2) }))
      : [blankServiceRow()],
    qualifications: (provider.qualifications || []).map((q) => ({ name: q.name || '', number: q.number || '', valid_until: q.valid_until || '' })),
    contact_name: provider.contact_name || '',
    contact_phone: provider.contact_phone || '',
    status: provider.status || 'active',
  }
}

const length = (value) => [...String(value ?? '').trim()].length
const blankQualification = (row) => !String(row.name || '').trim() && !String(row.number || '').trim() && !row.valid_until

/**
 * What is wrong with a provider's form, as rule keys: {name, kind, facility_id, credit_code,
 * place_code, areas, services: 'servicesRequired' | {index: {service, price}}, qualifications:
 * {index: {name, valid_until}}, contact_name, contact_phone}.
 */
export function providerProblems(form) {
  const out = {}
  if (!length(form.name)) out.name = 'nameRequired'
  else if (length(form.name) > 100) out.name = 'nameTooLong'
  if (!PROVIDER_KINDS.includes(form.kind)) out.kind = 'kindRequired'
  if (form.kind === 'facility' && !form.facility_id) out.facility_id = 'facilityRequired'
  const credit = String(form.credit_code || '').trim()
  if (credit && !/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(credit.toUpperCase())) out.credit_code = 'creditCode'
  if (!form.place_code) out.place_code = 'placeRequired'
  else if (form.place_code.length < 6 || form.place_code.length > 12) out.place_code = 'placeLevel'
  if (form.place_code && (form.areas || []).some((a) => !String(a.code).startsWith(form.place_code))) out.areas = 'areaOutside'
  const rows = (form.services || []).filter((row) => row.service || String(row.price ?? '').trim())
  if (!rows.length) out.services = 'servicesRequired'
  else {
    const services = {}
    const seen = new Set()
    ;(form.services || []).forEach((row, index) => {
      if (!row.service && !String(row.price ?? '').trim()) return
      const problems = {}
      if (!row.service) problems.service = 'serviceRequired'
      else if (seen.has(row.service)) problems.service = 'serviceTwice'
      seen.add(row.service)
      const price = priceProblem(row.price)
      if (price) problems.price = price
      if (Object.keys(problems).length) services[index] = problems
    })
    if (Object.keys(services).length) out.services = services
  }
  const qualifications = {}
  ;(form.qualifications || []).forEach((row, index) => {
    if (blankQualification(row)) return
    const problems = {}
    if (!length(row.name)) problems.name = 'qualificationName'
    if (row.valid_until && checkDate(row.valid_until)) problems.valid_until = 'dateFormat'
    if (Object.keys(problems).length) qualifications[index] = problems
  })
  if (Object.keys(qualifications).length) out.qualifications = qualifications
  if (!length(form.contact_name)) out.contact_name = 'contactNameRequired'
  else if (length(form.contact_name) > 30) out.contact_name = 'contactNameTooLong'
  const phone = String(form.contact_phone || '').trim()
  if (!phone) out.contact_phone = 'contactPhoneRequired'
  else if (!/^[\d\s\-+()（）]{7,20}$/.test(phone)) out.contact_phone = 'contactPhoneFormat'
  return out
}

/** The body of POST / PUT /providers (status only on a change). */
export function toProviderBody(form, { editing = false } = {}) {
  const body = {
    name: String(form.name).trim(),
    kind: form.kind,
    credit_code: String(form.credit_code || '').trim().toUpperCase(),
    place_code: form.place_code,
    services: (form.services || []).filter((row) => row.service).map((row) => ({ service: row.service, price: Number(String(row.price).trim()) })),
    qualifications: (form.qualifications || []).filter((row) => !blankQualification(row)).map((row) => {
      const q = { name: String(row.name).trim(), number: String(row.number || '').trim() }
      if (row.valid_until) q.valid_until = row.valid_until
      return q
    }),
    contact_name: String(form.contact_name).trim(),
    contact_phone: String(form.contact_phone).trim(),
  }
  if (form.kind === 'facility') body.facility_id = form.facility_id
  if ((form.areas || []).length) body.areas = form.areas.map((a) => a.code)
  if (editing) body.status = form.status
  return body
}

/**
 * The part of the form a server's 422 names: 'services[1].price' (or 'services.1.price') →
 * {field: 'services', index: 1, part: 'price'}; 'areas[0]' → {field: 'areas', index: 0, part:
 * ''}; 'name' → {field: 'name', index: -1, part: ''}; null for nothing.
 */
export function formFieldOf(errorField) {
  const value = String(errorField ?? '')
  if (!value) return null
  const match = /^(\w+)(?:\[(\d+)\]|\.(\d+))(?:\.(\w+))?$/.exec(value)
  if (match) return { field: match[1], index: Number(match[2] ?? match[3]), part: match[4] || '' }
  const dotted = /^(\w+)\.(\w+)$/.exec(value)
  if (dotted) return { field: dotted[1], index: -1, part: dotted[2] }
  return { field: value, index: -1, part: '' }
}

/** Adds a place to the areas served (once; never one outside the registered place). */
export function withArea(areas, area, placeCode) {
  if (!area?.code || (placeCode && !area.code.startsWith(placeCode))) return areas
  if (areas.some((a) => a.code === area.code)) return areas
  return [...areas, { code: area.code, name: area.name || area.code }]
}

// ---- an order ----

export function blankOrderForm(today) {
  return { service: '', provider_id: null, units: '1', wanted_on: today, ordered_by: '', note: '' }
}

/**
 * What is wrong with an order before it is sent, as rule keys: the person chosen and old enough,
 * a service, a provider, 1–100 whole units, a real day from today on, who asked, a short note.
 */
export function orderProblems(form, { resident, elderlyAge, today }) {
  const out = {}
  if (!resident) out.resident_id = 'residentRequired'
  else if (elderlyAge && resident.age !== null && resident.age !== undefined && Number(resident.age) < Number(elderlyAge)) out.resident_id = 'tooYoung'
  if (!form.service) out.service = 'serviceRequired'
  if (!form.provider_id) out.provider_id = 'providerRequired'
  const units = String(form.units ?? '').trim()
  if (!/^\d+$/.test(units) || Number(units) < 1 || Number(units) > MAX_UNITS) out.units = 'units'
  if (!form.wanted_on || checkDate(form.wanted_on)) out.wanted_on = 'dateFormat'
  else if (form.wanted_on < today) out.wanted_on = 'past'
  if (!ORDERED_BY.includes(form.ordered_by)) out.ordered_by = 'orderedByRequired'
  if (length(form.note) > MAX_NOTE) out.note = 'noteTooLong'
  return out
}

export function toOrderBody(form, resident) {
  const body = {
    resident_id: resident.id,
    provider_id: Number(form.provider_id),
    service: form.service,
    units: Number(String(form.units).trim()),
    wanted_on: form.wanted_on,
    ordered_by: form.ordered_by,
  }
  const note = String(form.note || '').trim()
  if (note) body.note = note
  return body
}

/** The day after `today` (YYYY-MM-DD): the day an elderly person's own order proposes. */
export function nextDay(today) {
  const date = new Date(`${today}T00:00:00Z`)
  date.setUTCDate(date.getUTCDate() + 1)
  return date.toISOString().slice(0, 10)
}

/**
 * What is wrong with an order the elderly person places themselves (no person to choose, no
 * 下单方式: it is theirs), as rule keys: a service, a provider, 1–100 units, a day from today on,
 * a short note.
 */
export function ownOrderProblems(form, today) {
  const { resident_id: _person, ordered_by: _by, ...problems } = orderProblems({ ...form, ordered_by: 'self' }, { resident: {}, elderlyAge: 0, today })
  return problems
}

/** The body of POST /me/home-orders. */
export function toOwnOrderBody(form) {
  const { resident_id: _person, ordered_by: _by, ...body } = toOrderBody(form, {})
  return body
}

/**
 * The services offered to the person, from GET /me/home-providers (one item per provider and
 * service), in the interface's order: [{service, service_name, unit, offers: [item]}], each
 * service's offers cheapest first.
 */
export function offersByService(items) {
  const byCode = new Map()
  for (const item of items || []) {
    if (!byCode.has(item.service)) byCode.set(item.service, { service: item.service, service_name: item.service_name, unit: item.unit, offers: [] })
    byCode.get(item.service).offers.push(item)
  }
  const rank = (code) => (SERVICES.includes(code) ? SERVICES.indexOf(code) : SERVICES.length)
  return [...byCode.values()]
    .sort((a, b) => rank(a.service) - rank(b.service))
    .map((group) => ({ ...group, offers: [...group.offers].sort((a, b) => (toFen(a.price) ?? 0) - (toFen(b.price) ?? 0) || String(a.name).localeCompare(String(b.name))) }))
}

/** The person's place the providers must serve: the community (a grid lies inside it). */
export const residentPlace = (resident) => resident?.community_code || (resident?.grid_code ? resident.grid_code.slice(0, 12) : '')

/** The check-out's units as typed: '' (the order's) or a whole number 1–100; else a rule key. */
export function unitsProblem(textValue) {
  const value = String(textValue ?? '').trim()
  if (!value) return ''
  return /^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= MAX_UNITS ? '' : 'units'
}

/** A rating: a whole number 1–5. */
export const ratingProblem = (rating) => (Number.isInteger(rating) && rating >= 1 && rating <= 5 ? '' : 'ratingRequired')

// ---- statements ----

/** The month a statement opens on: last month (the one that can be closed). */
export const defaultStatementMonth = (now = new Date()) => addMonths(thisMonth(now), -1)

/** Whether the month is over (a statement can be closed only then). */
export const monthClosable = (month, now = new Date()) => isMonth(month) && month < thisMonth(now)

/** 'open' (not closed yet), 'balanced' or 'unbalanced' (closed totals ≠ today's lines). */
export function balanceState(statement) {
  if (!statement?.closed) return 'open'
  return statement.balances === false ? 'unbalanced' : 'balanced'
}

/** Whether the caller may close the statement now. */
export const canCloseStatement = (statement, can, now = new Date()) =>
  Boolean(statement) && !statement.closed && Boolean(can?.('homecare.manage')) && monthClosable(statement.month, now)

// ---- names ----

/** A service's name: the server's when it gave one, else the interface's. */
export function serviceName(t, code, name) {
  if (name) return name
  return SERVICES.includes(code) ? t(`homeServices.services.${code}`) : code || '—'
}

/**
 * What to tell the staff after a check-in or check-out: {key (under homeServices.app), far} —
 * the distance recorded ('locatedAt', far when over 500 m), a position without a distance (the
 * home has no location: 'located'), or why none was sent ('noPosition.denied' …).
 */
export function locationNote(located, distanceM) {
  if (located?.position) {
    return distanceM === null || distanceM === undefined ? { key: 'located', far: false } : { key: 'locatedAt', far: farAway(distanceM) }
  }
  return { key: `noPosition.${located?.reason || 'unavailable'}`, far: false }
}
