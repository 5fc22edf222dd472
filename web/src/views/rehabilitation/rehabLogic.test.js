import { describe, it, expect } from 'vitest'
import zhCN from '../../locales/zh-CN/index.js'
import {
  KINDS, MENTAL_HEALTH, OTHER_FACILITY, REHAB_FIELDS, kindOptions, facilityTypes, kindsAt, facilityText, daysBefore, earliestServedOn,
  blankRehabForm, facilityIdOf, chosenFacility, rehabProblems, toRehabBody, fieldOfError,
  rehabFiltersFromQuery, rehabFiltersToQuery, rehabFiltersToApi, rehabFilterProblems,
} from './rehabLogic.js'

const can = (...held) => (permission) => held.includes(permission)
const WORKER = can('care.read', 'care.manage', 'facilities.read')
const LIAISON = can('care.read', 'care.manage', 'facilities.read', 'care.health')
const TODAY = '2026-03-10'
const PERSON = { id: 41, name: '康复甲' }
const HOME = { id: 7, name: '东苑社区残疾人之家', type: 'disability_home', type_name: '残疾人之家', community_name: '东苑社区居委会', level: 'community' }
const STATION = { id: 9, name: '仪征市精神康复站', type: 'mental_health_rehab', type_name: '精神障碍社区康复服务站', community_name: '仪征市', level: 'county' }
const FACILITIES = [HOME, STATION]
const filled = (extra = {}) => ({ ...blankRehabForm(TODAY), facility: '7', kind: 'training', minutes: '60', note: '上肢训练', ...extra })
const problems = (form, extra = {}) => rehabProblems(form, { resident: PERSON, today: TODAY, can: WORKER, facilities: FACILITIES, ...extra })

describe('rehabilitation: the server\'s names', () => {
  it('labels every kind in Chinese as the server does', () => {
    expect(KINDS.map((k) => zhCN.rehabilitation.kinds[k])).toEqual(['康复训练', '辅具适配', '日间照料（托养）', '职业康复', '精神障碍社区康复'])
    expect(zhCN.rehabilitation.menu).toBe('康复服务')
    expect(zhCN.rehabilitation.list.create).toBe('登记康复服务')
    expect(REHAB_FIELDS).toEqual(['resident_id', 'facility_id', 'kind', 'served_on', 'minutes', 'note'])
  })

  it('has a Chinese message for every rule the checks name', () => {
    const keys = new Set()
    const forms = [
      [{ ...blankRehabForm(''), facility: '', kind: '', served_on: '', minutes: '', note: 'x'.repeat(501) }, { resident: null }],
      [filled({ facility: OTHER_FACILITY, facility_other: '' })], [filled({ facility: OTHER_FACILITY, facility_other: 'abc' })],
      [filled({ kind: MENTAL_HEALTH })], [filled({ facility: '9', kind: 'training' }), { can: LIAISON }],
      [filled({ served_on: '2026-02-30' })], [filled({ served_on: '2026-03-11' })], [filled({ served_on: '2025-12-09' })],
      [filled({ minutes: '1.5' })], [filled({ minutes: '0' })],
    ]
    for (const [form, extra] of forms) for (const key of Object.values(problems(form, extra))) keys.add(key)
    for (const key of Object.values(rehabFilterProblems({ facility_id: 'x' }))) keys.add(key)
    for (const key of keys) expect(zhCN.rehabilitation.rules[key], key).toBeTruthy()
    expect(keys.size).toBe(16)
  })
})

describe('rehabilitation: kinds and facilities by permission', () => {
  it('offers 精神障碍社区康复 only to holders of care.health', () => {
    expect(kindOptions(WORKER)).toEqual(['training', 'assistive_device', 'day_care', 'vocational'])
    expect(kindOptions(LIAISON)).toEqual(KINDS)
    expect(kindOptions(undefined)).not.toContain(MENTAL_HEALTH)
  })

  it('lists the stations only for holders of care.health', () => {
    expect(facilityTypes(WORKER)).toEqual(['disability_home'])
    expect(facilityTypes(LIAISON)).toEqual(['disability_home', 'mental_health_rehab'])
  })

  it('a station records 精神障碍社区康复 only; a home (or a typed number) anything the caller may', () => {
    expect(kindsAt(STATION, LIAISON)).toEqual([MENTAL_HEALTH])
    expect(kindsAt(STATION, WORKER)).toEqual([])
    expect(kindsAt(HOME, LIAISON)).toEqual(KINDS)
    expect(kindsAt(null, WORKER)).toEqual(kindOptions(WORKER))
  })

  it('shows a facility with its type and place', () => {
    expect(facilityText(HOME)).toBe('东苑社区残疾人之家 · 残疾人之家 · 东苑社区居委会')
    expect(facilityText({ name: '某家' })).toBe('某家')
  })
})

describe('rehabilitation: the record form', () => {
  it('starts today, with nothing chosen', () => {
    expect(blankRehabForm(TODAY)).toEqual({ facility: '', facility_other: '', kind: '', served_on: TODAY, minutes: '', note: '' })
  })

  it('reads the facility chosen, or the number typed under 其他', () => {
    expect(facilityIdOf(filled())).toBe(7)
    expect(facilityIdOf(filled({ facility: OTHER_FACILITY, facility_other: ' 123 ' }))).toBe(123)
    expect(facilityIdOf(filled({ facility: OTHER_FACILITY, facility_other: '0' }))).toBeNull()
    expect(facilityIdOf(filled({ facility: OTHER_FACILITY, facility_other: '12a' }))).toBeNull()
    expect(facilityIdOf(filled({ facility: '' }))).toBeNull()
    expect(chosenFacility(filled({ facility: '9' }), FACILITIES)).toBe(STATION)
    expect(chosenFacility(filled({ facility: OTHER_FACILITY, facility_other: '9' }), FACILITIES)).toBeNull()
  })

  it('accepts a filled form', () => {
    expect(problems(filled())).toEqual({})
    expect(problems(filled({ facility: OTHER_FACILITY, facility_other: '123', note: '' }))).toEqual({})
    expect(problems(filled({ facility: '9', kind: MENTAL_HEALTH }), { can: LIAISON })).toEqual({})
    expect(problems(filled({ minutes: '1', served_on: '2025-12-10' }))).toEqual({})
    expect(problems(filled({ minutes: ' 600 ', note: 'x'.repeat(500) }))).toEqual({})
  })

  it('refuses an empty form beside each field', () => {
    expect(problems({ ...blankRehabForm(TODAY), served_on: '' }, { resident: null })).toEqual({
      resident_id: 'residentRequired', facility_id: 'facilityRequired', kind: 'kindRequired', served_on: 'dateRequired', minutes: 'minutesRequired',
    })
  })

  it('checks the facility number typed under 其他', () => {
    expect(problems(filled({ facility: OTHER_FACILITY, facility_other: ' ' })).facility_id).toBe('facilityIdRequired')
    expect(problems(filled({ facility: OTHER_FACILITY, facility_other: '七' })).facility_id).toBe('facilityIdFormat')
  })

  it('checks the kind against the caller and the facility', () => {
    expect(problems(filled({ kind: 'massage' })).kind).toBe('kindRequired')
    expect(problems(filled({ kind: MENTAL_HEALTH })).kind).toBe('kindRestricted')
    expect(problems(filled({ kind: MENTAL_HEALTH }), { can: LIAISON }).kind).toBeUndefined()
    expect(problems(filled({ facility: '9', kind: 'training' }), { can: LIAISON }).kind).toBe('stationMentalOnly')
  })

  it('takes today and up to 90 days back, nothing in the future', () => {
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28')
    expect(earliestServedOn(TODAY)).toBe('2025-12-10')
    expect(problems(filled({ served_on: TODAY })).served_on).toBeUndefined()
    expect(problems(filled({ served_on: '2026-03-11' })).served_on).toBe('dateFuture')
    expect(problems(filled({ served_on: '2025-12-09' })).served_on).toBe('dateTooOld')
    expect(problems(filled({ served_on: '2026-02-30' })).served_on).toBe('dateFormat')
    expect(problems(filled({ served_on: '10/03/2026' })).served_on).toBe('dateFormat')
  })

  it('takes whole minutes from 1 to 600', () => {
    expect(problems(filled({ minutes: '0' })).minutes).toBe('minutesRange')
    expect(problems(filled({ minutes: '601' })).minutes).toBe('minutesRange')
    expect(problems(filled({ minutes: '45.5' })).minutes).toBe('minutesWhole')
    expect(problems(filled({ minutes: '-5' })).minutes).toBe('minutesWhole')
    expect(problems(filled({ minutes: '' })).minutes).toBe('minutesRequired')
  })

  it('keeps the note within 500 characters', () => {
    expect(problems(filled({ note: '字'.repeat(501) })).note).toBe('noteTooLong')
    expect(problems(filled({ note: `  ${'字'.repeat(500)}  ` })).note).toBeUndefined()
  })

  it('sends numbers and the trimmed note, leaving out an empty one', () => {
    expect(toRehabBody(filled({ minutes: ' 60 ', note: ' 上肢训练 ' }), PERSON)).toEqual({
      resident_id: 41, facility_id: 7, kind: 'training', served_on: TODAY, minutes: 60, note: '上肢训练',
    })
    expect(toRehabBody(filled({ facility: OTHER_FACILITY, facility_other: '123', note: '  ' }), PERSON)).toEqual({
      resident_id: 41, facility_id: 123, kind: 'training', served_on: TODAY, minutes: 60,
    })
  })

  it('puts a refusal beside the field it names; 精神障碍社区康复\'s 403 beside the kind', () => {
    expect(fieldOfError({ status: 422, field: 'minutes' }, filled())).toBe('minutes')
    expect(fieldOfError({ status: 422, field: 'facility_id' }, filled())).toBe('facility_id')
    expect(fieldOfError({ status: 422, field: 'fields' }, filled())).toBeNull()
    expect(fieldOfError({ status: 403, field: null }, filled({ kind: MENTAL_HEALTH }))).toBe('kind')
    expect(fieldOfError({ status: 403, field: null }, filled())).toBeNull()
    expect(fieldOfError({ status: 0, code: 'network' }, filled())).toBeNull()
  })
})

describe('rehabilitation: the list filters', () => {
  it('reads the address, dropping what is not valid or not the caller\'s', () => {
    const query = { place: '321081001001', kind: 'day_care', facility_id: '7', resident_id: '41' }
    expect(rehabFiltersFromQuery(query, WORKER)).toEqual(query)
    expect(rehabFiltersFromQuery({ place: 'abc', kind: 'massage', facility_id: '0', resident_id: ['4'] }, WORKER))
      .toEqual({ place: '', kind: '', facility_id: '', resident_id: '' })
    expect(rehabFiltersFromQuery({ kind: MENTAL_HEALTH }, WORKER).kind).toBe('')
    expect(rehabFiltersFromQuery({ kind: MENTAL_HEALTH }, LIAISON).kind).toBe(MENTAL_HEALTH)
  })

  it('writes the address and the API query with what is filled', () => {
    expect(rehabFiltersToQuery({ place: '', kind: 'training', facility_id: ' 7 ', resident_id: '' })).toEqual({ kind: 'training', facility_id: '7' })
    expect(rehabFiltersToApi({ place: '321081', kind: '', facility_id: '7', resident_id: '' }))
      .toEqual({ place: '321081', kind: undefined, facility_id: '7', resident_id: undefined })
  })

  it('checks the typed numbers', () => {
    expect(rehabFilterProblems({ facility_id: '7', resident_id: '' })).toEqual({})
    expect(rehabFilterProblems({ facility_id: 'abc', resident_id: '4.1' })).toEqual({ facility_id: 'idFormat', resident_id: 'idFormat' })
  })
})
