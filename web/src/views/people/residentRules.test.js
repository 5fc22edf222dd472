import { describe, it, expect } from 'vitest'
import zhCN from '../../locales/zh-CN/index.js'
import {
  checkName, checkPhone, checkCommunityCode, checkGridCode, checkEthnicity, validateResidentForm,
  residentFormRules, toResidentPayload, toResidentPatch, emptyResidentForm, checkTagForm, checkMoveForm,
  checkStatusChange, checkImportFile,
} from './residentRules.js'
import { filtersFromQuery, filtersToQuery, filtersToApi, checkAgeRange } from './peopleLabels.js'
import { ETHNICITIES } from '../../constants/ethnicities.js'

const COMMUNITY = '321002001001'
const ID = '11010519491231002X'
const t = (key) => key.split('.').reduce((o, k) => o?.[k], zhCN) ?? key

function validForm(changes = {}) {
  return { ...emptyResidentForm('2026-01-01'), name: '王秀英', id_number: ID, community_code: COMMUNITY, ...changes }
}

describe('resident form rules', () => {
  it('requires a name of at most 50 characters', () => {
    expect(checkName('')).toBe('nameRequired')
    expect(checkName('  ')).toBe('nameRequired')
    expect(checkName('阿'.repeat(50))).toBeNull()
    expect(checkName('阿'.repeat(51))).toBe('nameTooLong')
  })

  it('accepts mobile and fixed-line numbers like the server', () => {
    for (const ok of ['', '13812345678', '138 1234 5678', '+86 138-1234-5678', '008613812345678', '8613812345678',
      '0514-87654321', '051487654321', '025-8765432', '+86 514 87654321']) expect(checkPhone(ok), ok).toBeNull()
    expect(checkPhone('1381234567')).toBe('phoneMobile')
    expect(checkPhone('12812345678')).toBe('phoneMobile')
    expect(checkPhone('138a1234567')).toBe('phoneChars')
    expect(checkPhone('+1 415 555 0100')).toBe('phoneCountry')
    expect(checkPhone('87654321')).toBe('phoneFormat')
    expect(checkPhone('05-1487654321')).toBe('phoneArea')
    expect(checkPhone('0514-876543')).toBe('phoneFixed')
  })

  it('wants a community code or a grid code inside it', () => {
    expect(checkCommunityCode('', '')).toBe('placeRequired')
    expect(checkCommunityCode('', `${COMMUNITY}001`)).toBeNull()
    expect(checkCommunityCode('32100200100', '')).toBe('communityFormat')
    expect(checkGridCode(`${COMMUNITY}001`, COMMUNITY)).toBeNull()
    expect(checkGridCode(`${COMMUNITY}00101`, COMMUNITY)).toBeNull()
    expect(checkGridCode(`${COMMUNITY}01`, COMMUNITY)).toBe('gridFormat')
    expect(checkGridCode('321002001002001', COMMUNITY)).toBe('gridOutsideCommunity')
  })

  it('has the 56 ethnic groups with GB/T 3304 codes', () => {
    expect(ETHNICITIES).toHaveLength(56)
    expect(ETHNICITIES[0]).toEqual({ code: '01', name: '汉族' })
    expect(ETHNICITIES[55]).toEqual({ code: '56', name: '基诺族' })
    expect(new Set(ETHNICITIES.map((e) => e.code)).size).toBe(56)
    expect(checkEthnicity('03')).toBeNull()
    expect(checkEthnicity('')).toBe('ethnicityRequired')
    expect(checkEthnicity('57')).toBe('ethnicityRequired')
  })

  it('validates a whole form', () => {
    expect(validateResidentForm(validForm(), { today: '2026-05-01' })).toEqual({})
    expect(validateResidentForm(validForm({ name: '', id_number: '11010519491231003X', phone: '123', community_code: '' }), { today: '2026-05-01' }))
      .toEqual({ name: 'nameRequired', id_number: 'idCheck', phone: 'phoneMobile', community_code: 'placeRequired' })
  })

  it('does not re-check a masked number that was left alone when editing', () => {
    const original = { id_number: '110***********002X', phone: '138****5678' }
    const form = validForm(original)
    expect(validateResidentForm(form, { original })).toEqual({})
    expect(validateResidentForm({ ...form, id_number: '110' }, { original })).toEqual({ id_number: 'idLength' })
    // Status and household are not part of the edit form.
    expect(validateResidentForm({ ...form, status_since: '', relation: 'x' }, { original })).toEqual({})
  })

  it('gives el-form validators with the server\'s Chinese messages', () => {
    const form = validForm({ id_number: '11010519491231003X', name: '' })
    const rules = residentFormRules(t, () => ({ form, original: null }))
    const run = (field) => {
      let result
      rules[field][0].validator({}, form[field], (error) => { result = error?.message ?? null })
      return result
    }
    expect(run('id_number')).toBe('身份证号码校验码错误')
    expect(run('name')).toBe('请输入姓名')
    form.name = '阿'.repeat(51)
    expect(run('name')).toBe('姓名不能超过50个字')
    form.id_number = '1101051949'
    expect(run('id_number')).toBe('身份证号码长度应为 18 位')
    expect(run('ethnicity')).toBeNull()
  })

  it('builds the create body and a patch of the changed fields', () => {
    expect(toResidentPayload(validForm({ id_number: '11010519491231002x', phone: ' 13812345678 ', grid_code: `${COMMUNITY}001` })))
      .toEqual({
        name: '王秀英', id_number: ID, phone: '13812345678', ethnicity: '01', status: 'registered_resident',
        status_since: '2026-01-01', community_code: COMMUNITY, grid_code: `${COMMUNITY}001`,
      })
    // A grid alone gives its community.
    expect(toResidentPayload(validForm({ community_code: '', grid_code: `${COMMUNITY}002` })).community_code).toBe(COMMUNITY)
    // The household chosen by building and room travels as the server's integer id.
    expect(toResidentPayload(validForm({ household_id: '42', relation: 'child' }))).toMatchObject({ household_id: 42, relation: 'child' })
    const original = { id: 7, name: '王秀英', id_number: '110***********002X', phone: '138****5678', ethnicity: { code: '01', name: '汉族' },
      status: 'registered_resident', status_since: '2020-01-01', community_code: COMMUNITY, grid_code: null, household_id: 3, relation: 'head' }
    const form = { ...validForm(), name: '王秀兰', id_number: original.id_number, phone: '', ethnicity: '03', household_id: '3', relation: 'head' }
    expect(toResidentPatch(form, original)).toEqual({ name: '王秀兰', ethnicity: '03', phone: null })
  })

  it('checks the tag, move and status dialogs', () => {
    const disability = { code: 'disability', name: '残疾人', has_grade: true }
    expect(checkTagForm({ code: '', valid_from: '2026-01-01' }, null)).toEqual({ code: 'tagRequired' })
    expect(checkTagForm({ code: 'disability', grade: null, valid_from: '' }, disability)).toEqual({ grade: 'gradeRequired', valid_from: 'dateRequired' })
    expect(checkTagForm({ code: 'disability', grade: 5, valid_from: '2026-01-01' }, disability)).toEqual({ grade: 'gradeRequired' })
    expect(checkTagForm({ code: 'disability', grade: 2, valid_from: '2026-01-01', source: '社区走访' }, disability)).toEqual({})
    expect(checkMoveForm({ household_id: '', relation: 'x', date: '2026-13-01' }, 1))
      .toEqual({ household_id: 'householdRequired', relation: 'relationRequired', date: 'dateFormat' })
    expect(checkMoveForm({ household_id: '1', relation: 'spouse', date: '2026-01-01' }, 1)).toEqual({ household_id: 'sameHousehold' })
    const resident = { status: 'registered_resident', status_since: '2020-01-01' }
    expect(checkStatusChange({ status: 'registered_resident', date: '2026-01-01' }, resident)).toEqual({ status: 'sameStatus' })
    expect(checkStatusChange({ status: 'away', date: '2019-01-01' }, resident)).toEqual({ date: 'dateBeforeStatus' })
    expect(checkStatusChange({ status: 'away', date: '2026-01-01' }, resident)).toEqual({})
  })

  it('checks the import file', () => {
    expect(checkImportFile(null)).toBe('fileRequired')
    expect(checkImportFile({ name: 'a.xls', size: 10 })).toBe('fileType')
    expect(checkImportFile({ name: 'a.CSV', size: 0 })).toBe('fileEmpty')
    expect(checkImportFile({ name: '居民.xlsx', size: 10 })).toBeNull()
  })

  it('every rule key has a message in Chinese', () => {
    for (const key of ['idCheck', 'idLength', 'idChars', 'idArea', 'idBirthInvalid', 'idBirthEarly', 'idBirthFuture', 'placeRequired',
      'phoneMobile', 'sameStatus', 'gradeRequired', 'fileType', 'ageOrder']) {
      expect(zhCN.people.rules[key], key).toMatch(/[\u4e00-\u9fff]/)
    }
  })
})

describe('list filters', () => {
  it('round-trips through the address and drops empty values', () => {
    const filters = filtersFromQuery({ q: '王', tag: 'elderly_alone,veteran', community: COMMUNITY })
    expect(filters).toMatchObject({ q: '王', tag: ['elderly_alone', 'veteran'], community: COMMUNITY, sort: 'name', status: '' })
    expect(filtersToQuery(filters)).toEqual({ q: '王', tag: 'elderly_alone,veteran', community: COMMUNITY })
    expect(filtersToApi(filters)).toEqual({ q: '王', tag: ['elderly_alone', 'veteran'], community: COMMUNITY, sort: 'name' })
    expect(filtersToQuery({ ...filters, sort: '-age', tag: [] })).toEqual({ q: '王', community: COMMUNITY, sort: '-age' })
  })

  it('keeps how several tags match (tag_match) only with two tags or more, all being the default', () => {
    expect(filtersFromQuery({}).tag_match).toBe('all')
    expect(filtersFromQuery({ tag: 'a,b', tag_match: 'sometimes' }).tag_match).toBe('all')
    const any = filtersFromQuery({ tag: 'elderly_alone,veteran', tag_match: 'any' })
    expect(any.tag_match).toBe('any')
    expect(filtersToQuery(any)).toEqual({ tag: 'elderly_alone,veteran', tag_match: 'any' })
    expect(filtersToApi(any)).toEqual({ tag: ['elderly_alone', 'veteran'], tag_match: 'any', sort: 'name' })
    expect(filtersToQuery({ ...any, tag_match: 'all' })).toEqual({ tag: 'elderly_alone,veteran' })
    expect(filtersToQuery({ ...any, tag: ['elderly_alone'] })).toEqual({ tag: 'elderly_alone' })
    expect(filtersToApi({ ...any, tag: [] })).toEqual({ tag: undefined, sort: 'name' })
  })

  it('checks the age range', () => {
    expect(checkAgeRange('', '')).toBeNull()
    expect(checkAgeRange('60', '')).toBeNull()
    expect(checkAgeRange('60', '80')).toBeNull()
    expect(checkAgeRange('80', '60')).toBe('ageOrder')
    expect(checkAgeRange('-1', '')).toBe('ageFormat')
    expect(checkAgeRange('', '200')).toBe('ageFormat')
  })
})
