import { describe, it, expect } from 'vitest'
import {
  thisMonth, isMonth, addMonths, previousMonth, monthOver, groupedCategories, fieldValues, fieldProblem, fieldProblems,
  fieldsPayload, fieldText, fieldKeyOf, archiveFiltersFromQuery, archiveFiltersToQuery, archiveFiltersToApi, defaultMine,
  visitFiltersFromQuery, visitFiltersToQuery, recordable, blankRecord, blankNeedRow, recordProblems, recordBody,
  needFieldOf, withoutBlankNeeds, problemsFound, needFiltersFromQuery, needFiltersToQuery, needProblems,
  workerCandidates, rateText, rateTone, parentPlace, canGoUp,
  FINDING_STATUSES, outcomeChoices, decidable, findingStatusKey, outcomeProblems, outcomeBody,
  findingFiltersFromQuery, findingFiltersToQuery, findingFiltersToApi, signalFiltersFromQuery, signalFiltersToQuery,
} from './careLogic.js'

// The shape of GET /api/v1/care/categories (data/care/categories.json, cut down).
const ELDERLY = {
  code: 'elderly_special_difficulty', name: '特殊困难老年人', group: 'elderly', restricted: '', readable: true,
  fields: [
    { key: 'reason', label: '认定情形', type: 'enum', options: ['独居', '空巢', '失能'], required: true },
    { key: 'emergency_contact', label: '紧急联系人', type: 'text', options: [], required: false },
    { key: 'call_device', label: '紧急呼叫设备', type: 'bool', options: [], required: false },
  ],
  visit_every_months: 1, checklist: ['身体状况', '居住安全'], review_months: 12,
}
const DIBAO = {
  code: 'dibao', name: '低保', group: 'difficulty', restricted: '', readable: true,
  fields: [
    { key: 'monthly_amount', label: '月保障金（元）', type: 'number', options: [], required: false },
    { key: 'covered_members', label: '保障人数', type: 'integer', options: [], required: false },
    { key: 'since', label: '认定日期', type: 'date', options: [], required: false },
  ],
  visit_every_months: 3, checklist: ['生活状况'], review_months: 12,
}
const MINORS = { code: 'left_behind_child', name: '留守儿童', group: 'minors', restricted: 'minors', readable: false, fields: [] }
const t = (key) => ({ 'care.yes': '是', 'care.no': '否' })[key] ?? key

describe('months', () => {
  it('takes the month in China, whatever the browser\'s zone', () => {
    expect(thisMonth(new Date('2026-04-30T15:59:59Z'))).toBe('2026-04')
    expect(thisMonth(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05')
  })
  it('counts months across years and checks a month', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12')
    expect(previousMonth('2026-03')).toBe('2026-02')
    expect(addMonths('2025-11', 3)).toBe('2026-02')
    expect(isMonth('2026-12')).toBe(true)
    expect(isMonth('2026-13')).toBe(false)
    expect(isMonth('2026-1')).toBe(false)
    expect(isMonth(undefined)).toBe(false)
  })
  it('says whether a month is over in China', () => {
    const now = new Date('2026-05-01T01:00:00+08:00')
    expect(monthOver('2026-04', now)).toBe(true)
    expect(monthOver('2026-05', now)).toBe(false)
  })
})

describe('a category\'s fields as a form', () => {
  it('offers only the categories the caller may read, by group, empty groups left out', () => {
    const groups = [{ code: 'difficulty', name: '困难群众' }, { code: 'elderly', name: '老年人' }, { code: 'minors', name: '未成年人' }]
    expect(groupedCategories(groups, [DIBAO, ELDERLY, MINORS])).toEqual([
      { code: 'difficulty', name: '困难群众', items: [DIBAO] },
      { code: 'elderly', name: '老年人', items: [ELDERLY] },
    ])
  })
  it('builds the values from the category, filled from an archive\'s where it has them', () => {
    expect(fieldValues(ELDERLY)).toEqual({ reason: '', emergency_contact: '', call_device: '' })
    expect(fieldValues(ELDERLY, { reason: '独居', call_device: 'true', gone: 'x' })).toEqual({ reason: '独居', emergency_contact: '', call_device: 'true' })
    expect(fieldValues(null)).toEqual({})
  })
  it('checks each value by its type, required ones first', () => {
    const [reason, contact, device] = ELDERLY.fields
    const [amount, members, since] = DIBAO.fields
    expect(fieldProblem(reason, '')).toBe('required')
    expect(fieldProblem(reason, '独居')).toBe('')
    expect(fieldProblem(reason, '其他')).toBe('option')
    expect(fieldProblem(contact, '')).toBe('')
    expect(fieldProblem(contact, '字'.repeat(201))).toBe('textTooLong')
    expect(fieldProblem(device, 'true')).toBe('')
    expect(fieldProblem(device, 'yes')).toBe('option')
    expect(fieldProblem(amount, '1200.5')).toBe('')
    expect(fieldProblem(amount, '-3')).toBe('number')
    expect(fieldProblem(amount, '12元')).toBe('number')
    expect(fieldProblem(members, '3')).toBe('')
    expect(fieldProblem(members, '2.5')).toBe('integer')
    expect(fieldProblem(since, '2024-02-30')).toBe('dateFormat')
    expect(fieldProblem(since, '2024-02-29')).toBe('')
    expect(fieldProblems(ELDERLY, { reason: '', emergency_contact: '', call_device: 'maybe' })).toEqual({ reason: 'required', call_device: 'option' })
    expect(fieldProblems(ELDERLY, { reason: '空巢' })).toEqual({})
  })
  it('sends the filled values as trimmed text, nothing for empty ones', () => {
    expect(fieldsPayload(DIBAO, { monthly_amount: ' 860 ', covered_members: '', since: '2024-01-01' })).toEqual({ monthly_amount: '860', since: '2024-01-01' })
    expect(fieldsPayload(ELDERLY, { reason: '独居', call_device: 'false', extra: 'x' })).toEqual({ reason: '独居', call_device: 'false' })
  })
  it('reads a value as people do, and finds the field a refusal names', () => {
    expect(fieldText(ELDERLY.fields[2], 'true', t)).toBe('是')
    expect(fieldText(ELDERLY.fields[2], 'false', t)).toBe('否')
    expect(fieldText(ELDERLY.fields[1], '', t)).toBe('—')
    expect(fieldText(DIBAO.fields[0], '860', t)).toBe('860')
    expect(fieldKeyOf('fields.reason')).toBe('reason')
    expect(fieldKeyOf('category')).toBeNull()
    expect(fieldKeyOf(null)).toBeNull()
  })
})

describe('the archives list\'s filters', () => {
  it('reads the address: open archives unless told, the dead ones on request', () => {
    expect(archiveFiltersFromQuery({})).toEqual({ place: '', group: '', category: '', status: 'open', q: '', deceased: false, resident: '' })
    expect(archiveFiltersFromQuery({ place: '321002001002', status: 'all', deceased: 'true', q: '王', resident: '12' }))
      .toEqual({ place: '321002001002', group: '', category: '', status: 'all', q: '王', deceased: true, resident: '12' })
    expect(archiveFiltersFromQuery({ place: 'x', status: 'weird', resident: 'a' }).status).toBe('open')
  })
  it('writes the address without defaults and asks the API for what is shown', () => {
    const filters = archiveFiltersFromQuery({})
    expect(archiveFiltersToQuery(filters)).toEqual({})
    expect(archiveFiltersToQuery({ ...filters, status: 'closed', q: ' 李 ', group: 'elderly' })).toEqual({ status: 'closed', q: '李', group: 'elderly' })
    expect(archiveFiltersToApi({ ...filters, status: 'all' }).status).toBeUndefined()
    expect(archiveFiltersToApi(filters).status).toBe('open')
    const dead = archiveFiltersToApi({ ...filters, deceased: true, status: 'closed' })
    expect(dead.deceased).toBe('true')
    expect(dead.status).toBeUndefined()
  })
})

describe('visits', () => {
  const now = new Date('2026-05-10T08:00:00+08:00')
  const perms = (...list) => (p) => list.includes(p)
  it('show a grid worker their own first, the place\'s to those who assign them', () => {
    expect(defaultMine(perms('care.read', 'care.visit'))).toBe(true)
    expect(defaultMine(perms('care.read', 'care.visit', 'care.manage'))).toBe(false)
    expect(defaultMine(perms('care.read', 'care.manage'))).toBe(false)
  })
  it('keep their filters in the address, defaults left out', () => {
    const mine = visitFiltersFromQuery({}, true, now)
    expect(mine).toEqual({ month: '2026-05', mine: true, status: '', place: '', visit: '' })
    expect(visitFiltersToQuery(mine, true, now)).toEqual({})
    const other = visitFiltersFromQuery({ month: '2026-04', mine: 'false', status: 'missed', place: '321002001002', visit: '9' }, true, now)
    expect(other).toEqual({ month: '2026-04', mine: false, status: 'missed', place: '321002001002', visit: '9' })
    expect(visitFiltersToQuery(other, true, now)).toEqual({ month: '2026-04', mine: 'false', status: 'missed', place: '321002001002' })
    expect(visitFiltersToQuery({ ...other, mine: true }, false, now)).toEqual({ month: '2026-04', mine: 'true', status: 'missed' })
    expect(visitFiltersFromQuery({ month: '2026-4', status: 'lost' }, false, now)).toMatchObject({ month: '2026-05', status: '' })
  })
  it('may be recorded while due or missed', () => {
    expect(['due', 'missed', 'done', 'cancelled'].map((status) => recordable({ status }))).toEqual([true, true, false, false])
  })
})

describe('recording a visit', () => {
  const visit = { id: 4, month: '2026-05', checklist: ['身体状况', '居住安全'] }
  it('starts today, in person, every item unanswered, no needs', () => {
    expect(blankRecord(visit, '2026-05-10')).toEqual({
      visited_on: '2026-05-10', mode: 'in_person', findings: { 身体状况: null, 居住安全: null }, note: '', needs: [],
    })
  })
  it('checks the date against the visit\'s month and today, and every need row that is not blank', () => {
    const form = { ...blankRecord(visit, '2026-05-10'), needs: [blankNeedRow(), { what: '', urgency: 'urgent', due_on: '2026-05-20' }, { what: '修水管', urgency: 'normal', due_on: '2026-02-30' }] }
    expect(recordProblems({ ...form, visited_on: '2026-04-30' }, visit, '2026-05-10')).toEqual({
      visited_on: 'beforeMonth',
      needs: { 1: { what: 'needWhatRequired' }, 2: { due_on: 'dateFormat' } },
    })
    expect(recordProblems({ ...form, visited_on: '2026-05-11', needs: [] }, visit, '2026-05-10')).toEqual({ visited_on: 'future' })
    expect(recordProblems({ ...form, visited_on: '2026-05-10', needs: [], note: '字'.repeat(501) }, visit, '2026-05-10')).toEqual({ note: 'noteTooLong' })
    // A missed visit of April made up in May is fine.
    expect(recordProblems({ ...form, needs: [] }, { ...visit, month: '2026-04' }, '2026-05-10')).toEqual({})
  })
  it('sends the answered items and the need rows that are not blank', () => {
    const form = {
      visited_on: '2026-05-10', mode: 'phone', findings: { 身体状况: true, 居住安全: false, 其他: null }, note: ' 老人腿脚不便 ',
      needs: [{ what: ' 助餐 ', urgency: 'urgent', due_on: '2026-05-15' }, blankNeedRow(), { what: '理发', urgency: 'low', due_on: '' }],
    }
    expect(recordBody(form)).toEqual({
      visited_on: '2026-05-10', mode: 'phone', findings: { 身体状况: true, 居住安全: false }, note: '老人腿脚不便',
      needs: [{ what: '助餐', urgency: 'urgent', due_on: '2026-05-15' }, { what: '理发', urgency: 'low' }],
    })
    expect(withoutBlankNeeds(form.needs)).toHaveLength(2)
  })
  it('finds the need row a refusal names, and what a done visit found wrong', () => {
    expect(needFieldOf('needs[2].what')).toEqual({ index: 2, part: 'what' })
    expect(needFieldOf('needs[0].due_on')).toEqual({ index: 0, part: 'due_on' })
    expect(needFieldOf('needs')).toBeNull()
    expect(problemsFound({ findings: { 身体状况: true, 居住安全: false, 生活照料: false } })).toEqual(['居住安全', '生活照料'])
    expect(problemsFound({})).toEqual([])
  })
})

describe('needs', () => {
  it('keep their filters in the address and check a need before it is sent', () => {
    expect(needFiltersFromQuery({ status: 'assigned', mine: 'true', id: '8' })).toEqual({ status: 'assigned', place: '', mine: true, id: '8' })
    expect(needFiltersFromQuery({ status: 'lost' }).status).toBe('')
    expect(needFiltersToQuery({ status: 'open', place: '', mine: false, id: '8' })).toEqual({ status: 'open' })
    expect(needProblems({ what: ' ', due_on: '' })).toEqual({ what: 'needWhatRequired' })
    expect(needProblems({ what: '助浴', due_on: '2026-13-01' })).toEqual({ due_on: 'dateFormat' })
    expect(needProblems({ what: '助浴', due_on: '' })).toEqual({})
  })
})

describe('workers who may take work at a place', () => {
  const grid = '321002001002001'
  const account = (id, name, grants, disabled = false) => ({ id, username: `u${id}`, display_name: name, disabled, grants })
  it('are the enabled workers whose grant covers the place, grid workers first', () => {
    const accounts = [
      account(1, '街道干部', [{ role: 'town_official', scope_code: '321002001', scope_name: '东关街道' }]),
      account(2, '社工甲', [{ role: 'community_worker', scope_code: '321002001002', scope_name: '个园社区' }]),
      account(3, '网格员', [{ role: 'grid_worker', scope_code: grid, scope_name: '一网格' }]),
      account(4, '别的网格', [{ role: 'grid_worker', scope_code: '321002001002002' }]),
      account(5, '停用', [{ role: 'grid_worker', scope_code: grid }], true),
      account(6, '居民', [{ role: 'resident', scope_code: '321002001002' }]),
      account(7, '志愿者兼社工', [{ role: 'volunteer', scope_code: '321002001002' }, { role: 'community_worker', scope_code: '321002001002', scope_name: '个园社区' }]),
    ]
    const found = workerCandidates(accounts, grid)
    expect(found.map((c) => c.id)).toEqual([3, 2, 7, 1])
    expect(found[0]).toEqual({ id: 3, name: '网格员', username: 'u3', role: 'grid_worker', scope_name: '一网格' })
    expect(found[2].role).toBe('community_worker')
    expect(workerCandidates(accounts, '321002001002').map((c) => c.id)).toEqual([2, 7, 1])
    expect(workerCandidates(undefined, grid)).toEqual([])
  })
})

describe('compliance', () => {
  it('writes a rate as a percentage, none when nothing was planned', () => {
    expect(rateText(0.875)).toBe('87.5%')
    expect(rateText(1)).toBe('100%')
    expect(rateText(2 / 3)).toBe('66.7%')
    expect(rateText(null)).toBe('—')
  })
  it('tones a rate: open while the month runs, warning and danger once it is over', () => {
    expect(rateTone({ planned: 0, rate: null }, true)).toBe('none')
    expect(rateTone({ planned: 10, rate: 0.95 }, false)).toBe('good')
    expect(rateTone({ planned: 10, rate: 0.3 }, false)).toBe('open')
    expect(rateTone({ planned: 10, rate: 0.9 }, true)).toBe('good')
    expect(rateTone({ planned: 10, rate: 0.7 }, true)).toBe('warning')
    expect(rateTone({ planned: 10, rate: 0.2 }, true)).toBe('danger')
  })
  it('goes up one level of place, not above the caller\'s scope', () => {
    expect(parentPlace('321002001002001')).toBe('321002001002')
    expect(parentPlace('321002001002')).toBe('321002001')
    expect(parentPlace('321002001')).toBe('321002')
    expect(parentPlace('321002')).toBe('3210')
    expect(parentPlace('3210')).toBeNull()
    expect(parentPlace('12345')).toBeNull()
    expect(canGoUp('321002001002001', '321002001002')).toBe(true)
    expect(canGoUp('321002001002', '321002001002')).toBe(false)
    expect(canGoUp('321002', '3210')).toBe(true)
    expect(canGoUp('3210', '3210')).toBe(false)
  })
})

describe('政策找人: outcomes', () => {
  it('offers the outcomes the server allows for each kind', () => {
    expect(outcomeChoices('eligible')).toEqual(['applied', 'declined', 'not_eligible', 'enrolled'])
    expect(outcomeChoices('no_longer_eligible')).toEqual(['stopped', 'not_eligible', 'declined'])
    expect(outcomeChoices('eligible')).not.toContain('stopped')
    expect(outcomeChoices('no_longer_eligible')).not.toContain('enrolled')
    expect(outcomeChoices('maybe')).toEqual([])
    // A copy: changing it changes nothing for the next dialog.
    outcomeChoices('eligible').pop()
    expect(outcomeChoices('eligible')).toHaveLength(4)
  })
  it('lets only open findings be decided', () => {
    expect(decidable({ status: 'open' })).toBe(true)
    for (const status of FINDING_STATUSES.filter((s) => s !== 'open')) expect(decidable({ status })).toBe(false)
    expect(decidable(null)).toBe(false)
  })
  it('words not_eligible of someone found no longer eligible as 核实仍符合', () => {
    expect(findingStatusKey({ kind: 'no_longer_eligible', status: 'not_eligible' })).toBe('care.findingStatus.still_eligible')
    expect(findingStatusKey({ kind: 'eligible', status: 'not_eligible' })).toBe('care.findingStatus.not_eligible')
    expect(findingStatusKey({ kind: 'no_longer_eligible', status: 'stopped' })).toBe('care.findingStatus.stopped')
    expect(findingStatusKey({ kind: 'eligible', status: 'open' })).toBe('care.findingStatus.open')
  })
  it('checks the outcome before sending: a status of the kind, a note of 500 characters at most', () => {
    expect(outcomeProblems({ status: '', note: '' }, 'eligible')).toEqual({ status: 'outcomeStatusRequired' })
    expect(outcomeProblems({ status: 'stopped', note: '' }, 'eligible')).toEqual({ status: 'option' })
    expect(outcomeProblems({ status: 'enrolled', note: '' }, 'no_longer_eligible')).toEqual({ status: 'option' })
    expect(outcomeProblems({ status: 'applied', note: '好'.repeat(500) }, 'eligible')).toEqual({})
    expect(outcomeProblems({ status: 'applied', note: '好'.repeat(501) }, 'eligible')).toEqual({ note: 'noteTooLong' })
    expect(outcomeProblems({ status: 'stopped', note: '' }, 'no_longer_eligible')).toEqual({})
  })
  it('sends the status and the trimmed note, no empty note', () => {
    expect(outcomeBody({ status: 'applied', note: '  已协助递交申请 ' })).toEqual({ status: 'applied', note: '已协助递交申请' })
    expect(outcomeBody({ status: 'declined', note: '   ' })).toEqual({ status: 'declined' })
  })
})

describe('政策找人: filters in the address', () => {
  it('reads 待联系 by default, all on request, and drops what is malformed', () => {
    expect(findingFiltersFromQuery({})).toEqual({ benefit: '', kind: '', status: 'open', place: '' })
    expect(findingFiltersFromQuery({ benefit: 'advanced_age_allowance', kind: 'no_longer_eligible', status: 'all', place: '321002001002' }))
      .toEqual({ benefit: 'advanced_age_allowance', kind: 'no_longer_eligible', status: 'all', place: '321002001002' })
    expect(findingFiltersFromQuery({ benefit: 'Bad Code', kind: 'maybe', status: 'closed', place: '32x' }))
      .toEqual({ benefit: '', kind: '', status: 'open', place: '' })
    expect(findingFiltersFromQuery({ status: ['applied'] }).status).toBe('open')
  })
  it('writes only what differs from the defaults, and reads back the same', () => {
    expect(findingFiltersToQuery({ benefit: '', kind: '', status: 'open', place: '' })).toEqual({})
    const filters = { benefit: 'tekun_support', kind: 'eligible', status: 'applied', place: '321002' }
    expect(findingFiltersToQuery(filters)).toEqual(filters)
    expect(findingFiltersFromQuery(findingFiltersToQuery(filters))).toEqual(filters)
    const all = { benefit: '', kind: '', status: 'all', place: '' }
    expect(findingFiltersFromQuery(findingFiltersToQuery(all))).toEqual(all)
  })
  it('asks the API for no status when all are wanted', () => {
    expect(findingFiltersToApi({ benefit: '', kind: '', status: 'all', place: '' }))
      .toEqual({ benefit: undefined, kind: undefined, status: undefined, place: undefined })
    expect(findingFiltersToApi({ benefit: 'advanced_age_allowance', kind: 'eligible', status: 'open', place: '321002001002' }))
      .toEqual({ benefit: 'advanced_age_allowance', kind: 'eligible', status: 'open', place: '321002001002' })
  })
  it('keeps the signals\' place', () => {
    expect(signalFiltersFromQuery({ place: '321002001002' })).toEqual({ place: '321002001002' })
    expect(signalFiltersFromQuery({ place: 'x' })).toEqual({ place: '' })
    expect(signalFiltersToQuery({ place: '' })).toEqual({})
    expect(signalFiltersToQuery({ place: '321002' })).toEqual({ place: '321002' })
  })
})
