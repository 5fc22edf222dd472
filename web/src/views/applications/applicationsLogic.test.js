import { describe, it, expect } from 'vitest'
import zhCN from '../../locales/zh-CN/index.js'
import {
  KINDS, STATUSES, DECISIONS, LEVELS, toFen, formatYuan, amountProblem, blankApplicationForm, applicationProblems, toApplicationBody,
  residentOfFinding, prefillOfFinding, applicableFinding, applicationActions, decideKey, subjectOf, decideProblems, decideBody,
  payProblems, payBody, statusTone, pending, applicationFiltersFromQuery, applicationFiltersToQuery, applicationFiltersToApi,
} from './applicationsLogic.js'

const ELDER = { id: 41, name: '申请老人', place_name: '东苑社区居委会' }
const BENEFITS = [{ code: 'advanced_age_allowance', name: '高龄津贴' }, { code: 'disability_living_allowance', name: '困难残疾人生活补贴' }]
const FINDING = {
  id: 9, resident_id: 41, resident_name: '申请老人', place_name: '东苑社区居委会', benefit: 'advanced_age_allowance', benefit_name: '高龄津贴',
  kind: 'eligible', status: 'open', found_on: '2026-12-01',
}
const filled = (extra = {}) => ({ kind: 'benefit', benefit: 'advanced_age_allowance', amount: '', reason: '年满八十周岁', ...extra })

describe('applications: the server\'s names', () => {
  it('labels every kind, status, decision and level in Chinese as the server does', () => {
    const labels = zhCN.applications
    expect(KINDS.map((k) => labels.kinds[k])).toEqual(['待遇申请', '急难救助'])
    expect(STATUSES.map((s) => labels.statuses[s])).toEqual(['待乡镇（街道）审核', '待县级民政审批', '已批准', '未批准', '已发放'])
    expect(DECISIONS.map((d) => labels.decisions[d])).toEqual(['同意', '不同意'])
    expect(LEVELS.map((l) => labels.levels[l])).toEqual(['乡镇审核', '县级审批', '发放'])
  })
})

describe('applications: money', () => {
  it('reads yuan as fen and writes them as people read them', () => {
    expect(toFen('2000')).toBe(200000)
    expect(toFen(0.1 + 0.2)).toBe(30)
    expect(toFen('')).toBeNull()
    expect(toFen('abc')).toBeNull()
    expect(formatYuan(2000)).toBe('¥2,000.00')
    expect(formatYuan(1800.5)).toBe('¥1,800.50')
    expect(formatYuan(50000)).toBe('¥50,000.00')
    expect(formatYuan(12.3)).toBe('¥12.30')
    expect(formatYuan(null)).toBe('—')
  })

  it('checks an amount typed: above 0, two decimals at most, not above the limit', () => {
    expect(amountProblem('', 100)).toBe('amountRequired')
    expect(amountProblem('  ', 100)).toBe('amountRequired')
    expect(amountProblem('abc', 100)).toBe('amountFormat')
    expect(amountProblem('-5', 100)).toBe('amountFormat')
    expect(amountProblem('1.234', 100)).toBe('amountFormat')
    expect(amountProblem('0', 100)).toBe('amountPositive')
    expect(amountProblem('0.00', 100)).toBe('amountPositive')
    expect(amountProblem('100.01', 100)).toBe('amountMax')
    expect(amountProblem('100', 100)).toBe('')
    expect(amountProblem('0.01', 100)).toBe('')
    expect(amountProblem(' 1800 ', 2000)).toBe('')
    expect(amountProblem('999999')).toBe('')
  })
})

describe('applications: the form', () => {
  it('starts blank, or with the finding\'s benefit', () => {
    expect(blankApplicationForm()).toEqual({ kind: '', benefit: '', amount: '', reason: '' })
    expect(blankApplicationForm(prefillOfFinding(FINDING))).toEqual({ kind: 'benefit', benefit: 'advanced_age_allowance', amount: '', reason: '' })
  })

  it('checks the form as the server does', () => {
    expect(applicationProblems(filled(), { resident: ELDER, benefits: BENEFITS })).toEqual({})
    expect(applicationProblems({ kind: '', benefit: '', amount: '', reason: ' ' }, { resident: null })).toEqual({
      resident_id: 'residentRequired', kind: 'kindRequired', reason: 'reasonRequired',
    })
    expect(applicationProblems(filled({ benefit: '' }), { resident: ELDER }).benefit).toBe('benefitRequired')
    expect(applicationProblems(filled({ benefit: 'free_money' }), { resident: ELDER, benefits: BENEFITS }).benefit).toBe('benefitRequired')
    // Before the benefits arrive, the server judges the code.
    expect(applicationProblems(filled({ benefit: 'free_money' }), { resident: ELDER, benefits: [] }).benefit).toBeUndefined()
    expect(applicationProblems(filled({ reason: '理'.repeat(500) }), { resident: ELDER }).reason).toBeUndefined()
    expect(applicationProblems(filled({ reason: '理'.repeat(501) }), { resident: ELDER }).reason).toBe('reasonTooLong')
    // An emergency: an amount above 0, at most 50,000 yuan; a benefit form's amount is not asked.
    const emergency = (amount) => applicationProblems(filled({ kind: 'emergency', benefit: '', amount }), { resident: ELDER }).amount
    expect(emergency('2000')).toBeUndefined()
    expect(emergency('50000')).toBeUndefined()
    expect(emergency('')).toBe('amountRequired')
    expect(emergency('0')).toBe('amountPositive')
    expect(emergency('50000.01')).toBe('amountEmergencyMax')
    expect(emergency('12.345')).toBe('amountFormat')
    expect(applicationProblems(filled({ amount: 'abc' }), { resident: ELDER }).amount).toBeUndefined()
  })

  it('sends the benefit or the amount as the kind asks, and the finding only while it is what it found', () => {
    expect(toApplicationBody(filled({ reason: ' 年满八十周岁 \n', amount: '5' }), ELDER)).toEqual({
      resident_id: 41, kind: 'benefit', benefit: 'advanced_age_allowance', reason: '年满八十周岁',
    })
    expect(toApplicationBody(filled({ kind: 'emergency', amount: ' 2000.5 ', benefit: 'advanced_age_allowance' }), ELDER)).toEqual({
      resident_id: 41, kind: 'emergency', amount: 2000.5, reason: '年满八十周岁',
    })
    const prefill = prefillOfFinding(FINDING)
    expect(toApplicationBody(filled(), ELDER, prefill)).toMatchObject({ finding_id: 9 })
    // Another benefit, another person or an emergency: not what the finding found.
    expect(toApplicationBody(filled({ benefit: 'disability_living_allowance' }), ELDER, prefill).finding_id).toBeUndefined()
    expect(toApplicationBody(filled(), { ...ELDER, id: 42 }, prefill).finding_id).toBeUndefined()
    expect(toApplicationBody(filled({ kind: 'emergency', amount: '100' }), ELDER, prefill).finding_id).toBeUndefined()
  })

  it('takes the person, the benefit and the id from a finding', () => {
    expect(residentOfFinding(prefillOfFinding(FINDING))).toEqual(ELDER)
    expect(residentOfFinding(null)).toBeNull()
    expect(prefillOfFinding(FINDING)).toMatchObject({ resident_id: 41, benefit: 'advanced_age_allowance', benefit_name: '高龄津贴', finding_id: 9, found_on: '2026-12-01' })
    expect(applicableFinding(FINDING)).toBe(true)
    expect(applicableFinding({ ...FINDING, status: 'applied' })).toBe(true)
    expect(applicableFinding({ ...FINDING, status: 'declined' })).toBe(false)
    expect(applicableFinding({ ...FINDING, status: 'enrolled' })).toBe(false)
    expect(applicableFinding({ ...FINDING, kind: 'no_longer_eligible' })).toBe(false)
  })
})

describe('applications: the steps', () => {
  const can = (...granted) => (p) => granted.includes(p)
  const app = (status, kind = 'benefit') => ({ id: 1, status, kind, benefit: kind === 'benefit' ? 'advanced_age_allowance' : '', benefit_name: kind === 'benefit' ? '高龄津贴' : '', amount: kind === 'emergency' ? 2000 : 0 })

  it('offers 审核 / 审批 while pending and 登记发放 once an emergency is approved, with care.manage only', () => {
    expect(applicationActions(app('town'), can('care.manage'))).toEqual({ decide: true, pay: false })
    expect(applicationActions(app('county'), can('care.manage'))).toEqual({ decide: true, pay: false })
    expect(applicationActions(app('approved'), can('care.manage'))).toEqual({ decide: false, pay: false })
    expect(applicationActions(app('approved', 'emergency'), can('care.manage'))).toEqual({ decide: false, pay: true })
    expect(applicationActions(app('paid', 'emergency'), can('care.manage'))).toEqual({ decide: false, pay: false })
    expect(applicationActions(app('rejected'), can('care.manage'))).toEqual({ decide: false, pay: false })
    expect(applicationActions(app('town'), can('care.read'))).toEqual({ decide: false, pay: false })
    expect(applicationActions(null, can('care.manage'))).toEqual({ decide: false, pay: false })
    expect(pending(app('town'))).toBe(true)
    expect(pending(app('paid'))).toBe(false)
  })

  it('names the stage\'s decision and what is applied for', () => {
    expect(decideKey(app('town'))).toBe('review')
    expect(decideKey(app('county'))).toBe('approve')
    expect(subjectOf(app('town'))).toBe('高龄津贴')
    expect(subjectOf(app('town', 'emergency'))).toBe('¥2,000.00')
    expect(subjectOf({ kind: 'benefit', benefit: 'new_benefit', benefit_name: '' })).toBe('new_benefit')
    expect(statusTone('paid')).toBe('success')
    expect(statusTone('lost')).toBe('info')
  })

  it('asks a note to reject, and keeps notes within 500 characters', () => {
    expect(decideProblems({ decision: '', note: '' })).toEqual({ decision: 'decisionRequired' })
    expect(decideProblems({ decision: 'approve', note: '' })).toEqual({})
    expect(decideProblems({ decision: 'reject', note: '  ' })).toEqual({ note: 'noteRequiredToReject' })
    expect(decideProblems({ decision: 'reject', note: '材料不全' })).toEqual({})
    expect(decideProblems({ decision: 'approve', note: '意'.repeat(501) })).toEqual({ note: 'noteTooLong' })
    expect(decideBody({ decision: 'approve', note: ' ' })).toEqual({ decision: 'approve' })
    expect(decideBody({ decision: 'reject', note: ' 材料不全 ' })).toEqual({ decision: 'reject', note: '材料不全' })
  })

  it('pays at most the amount approved', () => {
    expect(payProblems({ amount: '1800', note: '' }, 2000)).toEqual({})
    expect(payProblems({ amount: '2000', note: '' }, 2000)).toEqual({})
    expect(payProblems({ amount: '2500', note: '' }, 2000)).toEqual({ amount: 'amountMax' })
    expect(payProblems({ amount: '0', note: '' }, 2000)).toEqual({ amount: 'amountPositive' })
    expect(payProblems({ amount: '100', note: '注'.repeat(501) }, 2000)).toEqual({ note: 'noteTooLong' })
    expect(payBody({ amount: ' 1800 ', note: ' 已打卡发放 ' })).toEqual({ amount: 1800, note: '已打卡发放' })
    expect(payBody({ amount: '1799.99', note: '' })).toEqual({ amount: 1799.99 })
  })
})

describe('applications: the list filters', () => {
  it('keeps place, status and kind in the address, and only values the server knows', () => {
    expect(applicationFiltersFromQuery({ place: '321012100001', status: 'town', kind: 'emergency' })).toEqual({ place: '321012100001', status: 'town', kind: 'emergency' })
    expect(applicationFiltersFromQuery({ place: 'abc', status: 'lost', kind: 'loan' })).toEqual({ place: '', status: '', kind: '' })
    expect(applicationFiltersFromQuery({ place: ['321012'] })).toEqual({ place: '', status: '', kind: '' })
    expect(applicationFiltersToQuery({ place: '', status: 'paid', kind: '' })).toEqual({ status: 'paid' })
    expect(applicationFiltersToApi({ place: '321012', status: '', kind: 'benefit' })).toEqual({ place: '321012', status: undefined, kind: 'benefit' })
  })
})
