// Pure helpers of the facility pages: the form (checks that mirror the server's, payloads),
// list filters in the address, the map's type colours and numbers, and the coverage and
// standards figures. No Vue, no HTTP: unit-tested in facilityLogic.test.js.

export const FACILITY_STATUSES = ['planned', 'open', 'suspended', 'closed']
/** The server refuses areas above this (m²). */
export const MAX_AREA = 200000
export const COMMUNITY_CODE = /^\d{12}$/
// A facility's place: a community, or a town or county for a facility serving that level.
export const FACILITY_PLACE = /^\d{6}(\d{3}(\d{3})?)?$/
// The level of a facility's place code: 'county' | 'town' | 'community' | ''.
export function facilityLevel(code) {
  const text = String(code || '').trim()
  if (!FACILITY_PLACE.test(text)) return ''
  return { 6: 'county', 9: 'town', 12: 'community' }[text.length]
}
const DATE = /^\d{4}-\d{2}-\d{2}$/

export const emptyFacilityForm = () => ({
  community_code: '', type: '', name: '', address: '', lat: '', lon: '', building_id: '',
  floor_area: '', service_area: '', is_public: true, opening_hours: '', phone: '', capacity: '', operator: '',
  status: 'open', opened_on: '', closed_on: '',
})

/**
 * Whether text reads as a mainland phone number the server accepts (咨询电话): an 11-digit
 * mobile or a fixed line with its area code, blanks, dashes, dots, brackets and +86 allowed.
 */
export function isPhoneNumber(value) {
  let digits = String(value ?? '').replace(/[\s\-.()（）]/g, '')
  digits = digits.replace(/^(\+86|0086|86(?=1\d{10}$))/, '')
  return /^1[3-9]\d{9}$/.test(digits) || /^0\d{9,11}$/.test(digits)
}

const text = (value) => (value === null || value === undefined ? '' : String(value))

export function facilityToForm(f) {
  return {
    community_code: text(f.community_code), type: text(f.type), name: text(f.name), address: text(f.address),
    lat: text(f.lat), lon: text(f.lon), building_id: text(f.building_id),
    floor_area: text(f.floor_area), service_area: text(f.service_area), is_public: f.is_public !== false,
    opening_hours: text(f.opening_hours), phone: text(f.phone), capacity: text(f.capacity), operator: text(f.operator),
    status: f.status || 'open', opened_on: text(f.opened_on), closed_on: text(f.closed_on),
  }
}

const blank = (value) => String(value ?? '').trim() === ''
const number = (value) => (blank(value) ? NaN : Number(String(value).trim()))

/**
 * Checks the form as the server does; returns {field: ruleKey} (empty when valid). The rule
 * keys are message keys under facilities.rules.
 */
export function validateFacilityForm(form, { editing = false } = {}) {
  const errors = {}
  if (!FACILITY_PLACE.test(String(form.community_code || '').trim())) errors.community_code = 'communityCode'
  if (blank(form.type)) errors.type = 'typeRequired'
  if (blank(form.name)) errors.name = 'nameRequired'
  else if (String(form.name).trim().length > 100) errors.name = 'nameLength'
  const lat = number(form.lat)
  const lon = number(form.lon)
  if (blank(form.lat)) errors.lat = 'latRequired'
  else if (!Number.isFinite(lat) || lat < 3 || lat > 54) errors.lat = 'latRange'
  if (blank(form.lon)) errors.lon = 'lonRequired'
  else if (!Number.isFinite(lon) || lon < 73 || lon > 136) errors.lon = 'lonRange'
  const floor = number(form.floor_area)
  const service = number(form.service_area)
  if (blank(form.floor_area)) errors.floor_area = 'floorAreaRequired'
  else if (!Number.isFinite(floor) || floor < 0 || floor > MAX_AREA) errors.floor_area = 'areaRange'
  if (blank(form.service_area)) errors.service_area = 'serviceAreaRequired'
  else if (!Number.isFinite(service) || service < 0 || service > MAX_AREA) errors.service_area = 'areaRange'
  else if (Number.isFinite(floor) && !errors.floor_area && service > floor) errors.service_area = 'serviceOverFloor'
  if (!blank(form.phone) && !isPhoneNumber(form.phone)) errors.phone = 'phoneFormat'
  if (!blank(form.capacity) && !/^\d{1,6}$/.test(String(form.capacity).trim())) errors.capacity = 'capacityFormat'
  if (!blank(form.building_id) && !/^[1-9]\d*$/.test(String(form.building_id).trim())) errors.building_id = 'buildingFormat'
  if (!blank(form.opened_on) && !DATE.test(form.opened_on)) errors.opened_on = 'dateFormat'
  if (!blank(form.closed_on) && !DATE.test(form.closed_on)) errors.closed_on = 'dateFormat'
  else if (!blank(form.closed_on) && !blank(form.opened_on) && DATE.test(form.opened_on) && form.closed_on < form.opened_on) {
    errors.closed_on = 'closedBeforeOpened'
  }
  if (!FACILITY_STATUSES.includes(form.status)) errors.status = 'statusRequired'
  // A new facility entered as closed needs its closing date (an edit closes today).
  else if (form.status === 'closed' && !editing && blank(form.closed_on) && !errors.closed_on) errors.closed_on = 'closedOnRequired'
  return errors
}

/** The POST body: required fields as numbers, empty optional fields left out. */
export function toFacilityPayload(form) {
  const body = {
    community_code: String(form.community_code).trim(),
    type: form.type,
    name: String(form.name).trim(),
    lat: Number(form.lat),
    lon: Number(form.lon),
    floor_area: Number(form.floor_area),
    service_area: Number(form.service_area),
    is_public: Boolean(form.is_public),
    status: form.status,
  }
  for (const key of ['address', 'opening_hours', 'phone', 'operator', 'opened_on', 'closed_on']) {
    if (!blank(form[key])) body[key] = String(form[key]).trim()
  }
  if (!blank(form.capacity)) body.capacity = Number(form.capacity)
  if (!blank(form.building_id)) body.building_id = Number(form.building_id)
  return body
}

/** The PATCH body: only what changed against the facility as loaded (cleared text → ''). */
export function toFacilityPatch(form, original) {
  const full = toFacilityPayload(form)
  const before = toFacilityPayload(facilityToForm(original))
  const patch = {}
  const keys = new Set([...Object.keys(full), ...Object.keys(before)])
  for (const key of keys) {
    if (key === 'community_code') continue // the facility stays in its community
    if (full[key] === before[key]) continue
    if (full[key] === undefined) {
      // Cleared: text fields become empty; numbers and dates become null.
      patch[key] = ['address', 'opening_hours', 'phone', 'operator'].includes(key) ? '' : null
    } else {
      patch[key] = full[key]
    }
  }
  return patch
}

/** List filters from the address (?q=&type=&status=&division=). */
export function filtersFromQuery(query = {}) {
  const one = (v) => (Array.isArray(v) ? v[0] : v) || ''
  return { q: one(query.q), type: one(query.type), status: one(query.status), division: one(query.division) }
}
export function filtersToQuery(filters) {
  const query = {}
  for (const key of ['q', 'type', 'status', 'division']) {
    const value = String(filters[key] || '').trim()
    if (value) query[key] = value
  }
  return query
}

// Twelve colours that stay apart for common colour-vision deficiencies as far as twelve
// can; the map also numbers each marker after its legend row, so colour is never the only cue.
export const TYPE_COLOURS = [
  '#1d5fc2', '#b42318', '#1f7a3a', '#8a5a00', '#6b3fa0', '#00707a',
  '#c2185b', '#4e5b0f', '#a04000', '#37474f', '#0b7a57', '#7b1fa2',
]

/**
 * Legend of the facility types: [{code, name, colour, number}] in taxonomy order; number is
 * the 1-based label drawn on the markers of that type.
 */
export function typeLegend(types) {
  return (types || []).map((type, i) => ({
    code: type.code,
    name: type.name,
    colour: TYPE_COLOURS[i % TYPE_COLOURS.length],
    number: i + 1,
  }))
}
export function legendEntry(legend, code) {
  return legend.find((entry) => entry.code === code) || { code, name: code, colour: '#5b5e66', number: '?' }
}

/** A share 0..1 as "87.5%" (one decimal); null/undefined as "—". */
export function percent(share) {
  if (share === null || share === undefined || !Number.isFinite(Number(share))) return '—'
  return `${(Math.round(Number(share) * 1000) / 10).toFixed(1)}%`
}

export function formatArea(value) {
  if (value === null || value === undefined || value === '') return '—'
  const n = Number(value)
  return Number.isInteger(n) ? String(n) : n.toFixed(1)
}

/**
 * The coverage table of one circle for one place: the place's own row and its direct
 * children's rows (one level down), each with the whole-circle figure (facility_type null)
 * and the figures per type. Rows not reaching every served resident carry the gap in text.
 */
export function coverageTable(items, division, circle) {
  const rows = (items || []).filter((r) => r.circle_code === circle)
  const childLength = division.length <= 4 ? 6 : division.length <= 6 ? 9 : 12
  const places = new Map()
  for (const row of rows) {
    const code = row.division_code
    const isSelf = code === division
    const isChild = code.length === childLength && code.startsWith(division) && code !== division
    if (!isSelf && !isChild) continue
    if (!places.has(code)) places.set(code, { division_code: code, level: row.level, self: isSelf, whole: null, types: [] })
    const place = places.get(code)
    if (row.facility_type === null || row.facility_type === undefined) place.whole = withGap(row)
    else place.types.push(withGap(row))
  }
  return [...places.values()].sort((a, b) => (a.self === b.self ? a.division_code.localeCompare(b.division_code) : a.self ? -1 : 1))
}

/** Adds uncovered_residents / uncovered_buildings and `short` (not everyone reached). */
export function withGap(row) {
  const uncoveredResidents = Math.max(0, (row.served_residents || 0) - (row.covered_residents || 0))
  const uncoveredBuildings = Math.max(0, (row.residential_buildings || 0) - (row.covered_buildings || 0))
  return { ...row, uncovered_residents: uncoveredResidents, uncovered_buildings: uncoveredBuildings, short: uncoveredResidents > 0 || uncoveredBuildings > 0 }
}

/**
 * How much of a place its figures stand for, from the server's `data` (DataExtent):
 * 'complete' (every community below has data), 'partial' (some; the figures cover only
 * those) or 'no_data'. An answer without `data` (a server before issue 17) counts as complete.
 */
export function dataStatus(row) {
  const status = row?.data?.status
  return status === 'partial' || status === 'no_data' ? status : 'complete'
}

/**
 * The assessment of a coverage figure: 'no_data' (nothing to judge), 'short' (someone not
 * reached), 'partial' (everyone reached where there is data, but places lack data — never
 * "fully covered") or 'full'.
 */
export function coverageAssessment(row) {
  const status = dataStatus(row)
  if (status === 'no_data') return 'no_data'
  if (row.short) return 'short'
  return status === 'partial' ? 'partial' : 'full'
}

/** The standards verdict of the asked place: 'no_data', 'short', 'partial' (none found where there is data) or 'met'. */
export function standardsVerdict(answer, shortfallCount) {
  const status = dataStatus(answer)
  if (status === 'no_data') return 'no_data'
  if (shortfallCount > 0) return 'short'
  return status === 'partial' ? 'partial' : 'met'
}

/** The standard names of the API in display order. */
export const STANDARDS = ['area_per_100_households', 'service_share', 'childcare_area', 'supporting_rooms', 'commerce_service']

/** Shortfalls grouped by the place they belong to: Map code → shortfall[]. */
export function shortfallsByPlace(shortfalls) {
  const map = new Map()
  for (const s of shortfalls || []) {
    if (!map.has(s.division_code)) map.set(s.division_code, [])
    map.get(s.division_code).push(s)
  }
  return map
}

/** Whether a place meets the two area standards (per 100 households and the service share). */
export function placeCompliance(place) {
  const perHundred = place.area_per_100_households
  const share = place.service_share
  return {
    area: perHundred === null || perHundred === undefined ? null : perHundred >= 30,
    share: share === null || share === undefined ? null : share >= 0.7,
  }
}

/** Straight-line reach (metres) of a circle when the walking network is missing: cutoff ÷ 1.3. */
export const DETOUR_FACTOR = 1.3
export function straightLineRadius(circle) {
  const cutoff = Number(circle?.cutoff_metres)
  return Number.isFinite(cutoff) && cutoff > 0 ? cutoff / DETOUR_FACTOR : 0
}

/** A standard's actual or required value in its own unit (m², %, ‰). */
export function formatStandardValue(standard, value) {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return '—'
  const n = Number(value)
  switch (standard) {
    case 'service_share':
    case 'commerce_service':
      return percent(n)
    case 'supporting_rooms':
      return `${(Math.round(n * 10000) / 10).toFixed(1)}‰`
    default:
      return `${formatArea(Math.round(n * 10) / 10)} m²`
  }
}

/** The rows of a place and its direct children from a list carrying division_code. */
export function selfAndChildren(items, division) {
  const childLength = division.length <= 4 ? 6 : division.length <= 6 ? 9 : 12
  return (items || []).filter((r) => r.division_code === division
    || (r.division_code.length === childLength && r.division_code.startsWith(division)))
    .sort((a, b) => (a.division_code === division ? -1 : b.division_code === division ? 1 : a.division_code.localeCompare(b.division_code)))
}

/** The building lookup's option text: "东关街1号（楼栋 12）", noting a building without coordinates. */
export function buildingOptionLabel(building, t) {
  const label = t('facilities.lookup.option', { address: building.address, id: building.id })
  return hasCoordinates(building) ? label : label + t('facilities.lookup.noCoordinates')
}
const hasCoordinates = (b) => b && Number.isFinite(Number(b.lat)) && Number.isFinite(Number(b.lon)) && b.lat !== null && b.lon !== null

/**
 * The form changes when a building is chosen: its id; its coordinates and address only where
 * the form has none yet (what the user typed is kept). Returns { changes, filledCoordinates }.
 */
export function applyBuilding(form, building) {
  const changes = { building_id: String(building.id) }
  let filledCoordinates = false
  if (blank(form.lat) && blank(form.lon) && hasCoordinates(building)) {
    changes.lat = String(building.lat)
    changes.lon = String(building.lon)
    filledCoordinates = true
  }
  if (blank(form.address) && building.address) changes.address = building.address
  return { changes, filledCoordinates }
}
