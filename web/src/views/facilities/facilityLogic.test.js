import { describe, it, expect } from 'vitest'
import {
  isPhoneNumber,
  emptyFacilityForm, facilityToForm, validateFacilityForm, toFacilityPayload, toFacilityPatch,
  filtersFromQuery, filtersToQuery, typeLegend, legendEntry, percent, formatArea, coverageTable, withGap,
  shortfallsByPlace, placeCompliance, straightLineRadius, formatStandardValue, selfAndChildren, TYPE_COLOURS,
  buildingOptionLabel, applyBuilding, dataStatus, coverageAssessment, standardsVerdict, facilityLevel,
} from './facilityLogic.js'

const good = () => ({
  ...emptyFacilityForm(), community_code: '321002001002', type: 'childcare', name: ' 托育点 ',
  lat: '32.2', lon: '119.2', floor_area: '260', service_area: '220',
})

const facility = {
  id: 7, community_code: '321002001002', type: 'childcare', type_name: '托育点', name: '托育点', address: '',
  lat: 32.2, lon: 119.2, building_id: null, floor_area: 260, service_area: 220, is_public: true,
  opening_hours: '07:30-18:00', capacity: 40, operator: '', status: 'open', opened_on: '2025-01-01', closed_on: null,
}

describe('validateFacilityForm', () => {
  it('accepts a complete form', () => {
    expect(validateFacilityForm(good())).toEqual({})
  })
  it('names every missing required field', () => {
    expect(validateFacilityForm(emptyFacilityForm())).toEqual({
      community_code: 'communityCode', type: 'typeRequired', name: 'nameRequired', lat: 'latRequired',
      lon: 'lonRequired', floor_area: 'floorAreaRequired', service_area: 'serviceAreaRequired',
    })
  })
  it('mirrors the server: service area over floor area, absurd areas, outside China', () => {
    expect(validateFacilityForm({ ...good(), service_area: '300' })).toEqual({ service_area: 'serviceOverFloor' })
    expect(validateFacilityForm({ ...good(), floor_area: '-3' }).floor_area).toBe('areaRange')
    expect(validateFacilityForm({ ...good(), floor_area: '1e12' }).floor_area).toBe('areaRange')
    expect(validateFacilityForm({ ...good(), lat: '59.9', lon: '2.35' })).toEqual({ lat: 'latRange', lon: 'lonRange' })
    expect(validateFacilityForm({ ...good(), lat: 'north' }).lat).toBe('latRange')
  })
  it('checks optional fields only when filled', () => {
    expect(validateFacilityForm({ ...good(), capacity: '4.5', building_id: '0' })).toEqual({ capacity: 'capacityFormat', building_id: 'buildingFormat' })
    expect(validateFacilityForm({ ...good(), opened_on: '2025-02-01', closed_on: '2025-01-01', status: 'closed' })).toEqual({ closed_on: 'closedBeforeOpened' })
  })
  it('needs a closing date for a new closed facility but not for an edit', () => {
    expect(validateFacilityForm({ ...good(), status: 'closed' })).toEqual({ closed_on: 'closedOnRequired' })
    expect(validateFacilityForm({ ...good(), status: 'closed' }, { editing: true })).toEqual({})
  })
})

describe('payloads', () => {
  it('sends numbers and leaves empty optional fields out', () => {
    expect(toFacilityPayload({ ...good(), capacity: '40', opening_hours: '' })).toEqual({
      community_code: '321002001002', type: 'childcare', name: '托育点', lat: 32.2, lon: 119.2,
      floor_area: 260, service_area: 220, is_public: true, status: 'open', capacity: 40,
    })
  })
  it('patches only what changed, clears text to empty and numbers to null', () => {
    const form = facilityToForm(facility)
    expect(toFacilityPatch(form, facility)).toEqual({})
    form.floor_area = '300'
    form.opening_hours = ''
    form.capacity = ''
    form.operator = '新运营方'
    expect(toFacilityPatch(form, facility)).toEqual({ floor_area: 300, opening_hours: '', capacity: null, operator: '新运营方' })
  })
})

describe('咨询电话', () => {
  it('accepts mobile and fixed lines as the server does and refuses the rest', () => {
    for (const ok of ['13812345678', '+86 138-1234-5678', '0514-87654321', '(0514)8765 4321', '010-12345678']) {
      expect(isPhoneNumber(ok), ok).toBe(true)
    }
    for (const bad of ['12345', '0514-123', '电话', '23812345678', '']) expect(isPhoneNumber(bad), bad).toBe(false)
    expect(validateFacilityForm({ ...good(), phone: '12345' })).toEqual({ phone: 'phoneFormat' })
    expect(validateFacilityForm({ ...good(), phone: '' })).toEqual({})
  })
  it('sends the phone and clears it to empty', () => {
    expect(toFacilityPayload({ ...good(), phone: ' 0514-87654321 ' }).phone).toBe('0514-87654321')
    const form = facilityToForm({ ...facility, phone: '0514-87654321' })
    form.phone = ''
    expect(toFacilityPatch(form, { ...facility, phone: '0514-87654321' })).toEqual({ phone: '' })
  })
})

describe('list filters in the address', () => {
  it('round-trips and drops empty values', () => {
    const filters = filtersFromQuery({ q: '托育', type: 'childcare', status: '', division: ['321002'] })
    expect(filters).toEqual({ q: '托育', type: 'childcare', status: '', division: '321002' })
    expect(filtersToQuery({ ...filters, q: '  ' })).toEqual({ type: 'childcare', division: '321002' })
  })
})

describe('legend', () => {
  it('numbers types in taxonomy order and gives each a colour', () => {
    const legend = typeLegend([{ code: 'a', name: '甲' }, { code: 'b', name: '乙' }])
    expect(legend).toEqual([
      { code: 'a', name: '甲', colour: TYPE_COLOURS[0], number: 1 },
      { code: 'b', name: '乙', colour: TYPE_COLOURS[1], number: 2 },
    ])
    expect(legendEntry(legend, 'b').number).toBe(2)
    expect(legendEntry(legend, 'zzz')).toMatchObject({ code: 'zzz', number: '?' })
  })
})

describe('figures', () => {
  it('formats shares and areas', () => {
    expect(percent(0.875)).toBe('87.5%')
    expect(percent(1)).toBe('100.0%')
    expect(percent(null)).toBe('—')
    expect(formatArea(260)).toBe('260')
    expect(formatArea(12.345)).toBe('12.3')
    expect(formatArea(null)).toBe('—')
  })
  it('formats standard values in their units', () => {
    expect(formatStandardValue('service_share', 0.65)).toBe('65.0%')
    expect(formatStandardValue('supporting_rooms', 0.002)).toBe('2.0‰')
    expect(formatStandardValue('area_per_100_households', 25.25)).toBe('25.3 m²')
    expect(formatStandardValue('childcare_area', 150)).toBe('150 m²')
  })
  it('computes the straight-line reach from the circle cutoff', () => {
    expect(straightLineRadius({ cutoff_metres: 1300 })).toBeCloseTo(1000)
    expect(straightLineRadius({})).toBe(0)
  })
  it('judges places against 30 m² per 100 households and 70%', () => {
    expect(placeCompliance({ area_per_100_households: 29.9, service_share: 0.7 })).toEqual({ area: false, share: true })
    expect(placeCompliance({ area_per_100_households: null, service_share: null })).toEqual({ area: null, share: null })
  })
})

describe('coverageTable', () => {
  const row = (division_code, facility_type, covered, served = 10, circle_code = 'childcare_5min') => ({
    circle_code, facility_type, division_code, level: division_code.length === 9 ? 'town' : 'community',
    served_residents: served, covered_residents: covered, residential_buildings: 4, covered_buildings: covered ? 4 : 2,
  })
  it('keeps the place and its direct children, whole circle and per type, place first', () => {
    const items = [
      row('321002001002', null, 10), row('321002001', null, 6), row('321002001001', null, 0),
      row('321002001', 'childcare', 6), row('321002001002', 'childcare', 10),
      row('321002001', null, 1, 10, 'elderly_15min'),
    ]
    const table = coverageTable(items, '321002001', 'childcare_5min')
    expect(table.map((p) => p.division_code)).toEqual(['321002001', '321002001001', '321002001002'])
    expect(table[0].self).toBe(true)
    expect(table[0].whole).toMatchObject({ covered_residents: 6, uncovered_residents: 4, uncovered_buildings: 0, short: true })
    expect(table[0].types.map((r) => r.facility_type)).toEqual(['childcare'])
    expect(table[2].whole.short).toBe(false)
  })
  it('drops grandchildren', () => {
    expect(coverageTable([row('321002001002', null, 1)], '321002', 'childcare_5min')).toEqual([])
  })
  it('withGap never goes negative', () => {
    expect(withGap({ served_residents: 1, covered_residents: 3, residential_buildings: 0, covered_buildings: 0 }))
      .toMatchObject({ uncovered_residents: 0, uncovered_buildings: 0, short: false })
  })
})

describe('standards', () => {
  it('groups shortfalls by place and keeps the place and its children', () => {
    const grouped = shortfallsByPlace([{ division_code: 'a', standard: 'x' }, { division_code: 'b' }, { division_code: 'a', standard: 'y' }])
    expect(grouped.get('a').map((s) => s.standard)).toEqual(['x', 'y'])
    const places = selfAndChildren([{ division_code: '321002001002' }, { division_code: '321002001' }, { division_code: '321003001' }], '321002001')
    expect(places.map((p) => p.division_code)).toEqual(['321002001', '321002001002'])
  })
})

describe('building lookup', () => {
  const t = (key, params = {}) => ({
    'facilities.lookup.option': `${params.address}（楼栋 ${params.id}）`,
    'facilities.lookup.noCoordinates': '（无坐标）',
  })[key]
  it('labels a building by its address and id', () => {
    expect(buildingOptionLabel({ id: 7, address: '东关街1号', lat: 32.39, lon: 119.43 }, t)).toBe('东关街1号（楼栋 7）')
    expect(buildingOptionLabel({ id: 8, address: '东关街2号', lat: null, lon: null }, t)).toBe('东关街2号（楼栋 8）（无坐标）')
  })
  it('fills coordinates and address only where the form is empty', () => {
    const building = { id: 7, address: '东关街1号', lat: 32.39, lon: 119.43 }
    const empty = applyBuilding({ lat: '', lon: '', address: '' }, building)
    expect(empty).toEqual({ changes: { building_id: '7', lat: '32.39', lon: '119.43', address: '东关街1号' }, filledCoordinates: true })
    const typed = applyBuilding({ lat: '32.1', lon: '119.1', address: '自填地址' }, building)
    expect(typed).toEqual({ changes: { building_id: '7' }, filledCoordinates: false })
    const noCoordinates = applyBuilding({ lat: '', lon: '', address: '' }, { id: 9, address: 'x', lat: null, lon: null })
    expect(noCoordinates.filledCoordinates).toBe(false)
    expect(noCoordinates.changes).toEqual({ building_id: '9', address: 'x' })
  })
})

describe('places without data (issue 17)', () => {
  const partial = { status: 'partial', places_level: 'county', places_total: 7, places_with_data: 1 }
  it('a full figure over places without data is partial, never full', () => {
    expect(coverageAssessment(withGap({ served_residents: 10, covered_residents: 10, residential_buildings: 2, covered_buildings: 2, data: partial }))).toBe('partial')
    expect(coverageAssessment(withGap({ served_residents: 10, covered_residents: 10, residential_buildings: 2, covered_buildings: 2, data: { status: 'complete' } }))).toBe('full')
    expect(coverageAssessment(withGap({ served_residents: 10, covered_residents: 4, residential_buildings: 2, covered_buildings: 1, data: partial }))).toBe('short')
    expect(coverageAssessment(withGap({ served_residents: 0, covered_residents: 0, data: { status: 'no_data' } }))).toBe('no_data')
  })
  it('全部达标 only when every place below has data', () => {
    expect(standardsVerdict({ data: partial }, 0)).toBe('partial')
    expect(standardsVerdict({ data: { status: 'no_data' } }, 0)).toBe('no_data')
    expect(standardsVerdict({ data: { status: 'complete' } }, 0)).toBe('met')
    expect(standardsVerdict({ data: partial }, 3)).toBe('short')
  })
  it('an answer without data counts as complete', () => {
    expect(dataStatus({})).toBe('complete')
    expect(dataStatus(null)).toBe('complete')
  })
})

describe("a facility's place", () => {
  it('is a community, or a town or county serving that level', () => {
    expect(facilityLevel('321002001001')).toBe('community')
    expect(facilityLevel('321002001')).toBe('town')
    expect(facilityLevel('321002')).toBe('county')
    for (const bad of ['', '3210', '32100200100', '321002001001001', 'abcdef']) expect(facilityLevel(bad)).toBe('')
  })
})
