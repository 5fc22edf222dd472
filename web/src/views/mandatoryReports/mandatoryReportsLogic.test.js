import { describe, it, expect } from 'vitest'
import zhCN from '../../locales/zh-CN/index.js'
import {
  KINDS, REFERRALS, STATUSES, CHILD_AGES, reporterCounties, blankReportForm, reportProblems, toReportBody, reportActions,
  currentDeadline, closeProblems, statusTone, reportFiltersFromQuery, reportFiltersToQuery, reportFiltersToApi,
} from './mandatoryReportsLogic.js'

const filled = (extra = {}) => ({
  institution: '江都实验小学', contact_phone: '0514-86881234', place_code: '321012100001', kind: 'neglect', urgent: true,
  child_name: '', child_age: '', child_address: '', description: '连续多日无人接送', ...extra,
})

describe('mandatory reports: the reporter', () => {
  it('reports in the counties of its institution grants, once each', () => {
    expect(reporterCounties([{ role: 'institution', scope_code: '321012100' }])).toEqual(['321012'])
    expect(reporterCounties([
      { role: 'institution', scope_code: '321012100001' }, { role: 'institution', scope_code: '321012' }, { role: 'institution', scope_code: '321003001' },
    ])).toEqual(['321012', '321003'])
    // Another role's grant does not widen it; with no institution grant, any grant's county.
    expect(reporterCounties([{ role: 'volunteer', scope_code: '321002001002' }, { role: 'institution', scope_code: '321012100' }])).toEqual(['321012'])
    expect(reporterCounties([{ role: 'city_admin', scope_code: '3210' }, { role: 'county_official', scope_code: '321002' }])).toEqual(['321002'])
    expect(reporterCounties(undefined)).toEqual([])
  })

  it('prefills the institution from the account\'s display name', () => {
    expect(blankReportForm({ display_name: ' 江都实验小学 ' })).toMatchObject({ institution: '江都实验小学', urgent: false, kind: '', place_code: '' })
    expect(blankReportForm(null).institution).toBe('')
  })

  it('checks the form as the server does', () => {
    expect(reportProblems(filled(), ['321012'])).toEqual({})
    expect(reportProblems(filled({ contact_phone: '13912345678' }), ['321012'])).toEqual({})
    expect(reportProblems(filled({
      institution: ' ', contact_phone: '', place_code: '', kind: 'theft', description: '  ',
    }), ['321012'])).toEqual({
      institution: 'institutionRequired', contact_phone: 'phoneRequired', place_code: 'placeRequired', kind: 'kindRequired', description: 'descriptionRequired',
    })
    expect(reportProblems(filled({ institution: '校'.repeat(61) })).institution).toBe('institutionTooLong')
    expect(reportProblems(filled({ contact_phone: 'abc' })).contact_phone).toBe('phoneFormat')
    expect(reportProblems(filled({ contact_phone: '1391234567' })).contact_phone).toBe('phoneFormat')
    // A town is not where a child lives; a community of another county is not the reporter's.
    expect(reportProblems(filled({ place_code: '321012100' }), ['321012']).place_code).toBe('placeRequired')
    expect(reportProblems(filled({ place_code: '321003001001' }), ['321012']).place_code).toBe('placeOutside')
    expect(reportProblems(filled({ place_code: '321003001001' }), []).place_code).toBeUndefined()
    expect(reportProblems(filled({ child_name: '明'.repeat(21) })).child_name).toBe('childNameTooLong')
    expect(reportProblems(filled({ child_age: '18' })).child_age).toBe('childAge')
    expect(reportProblems(filled({ child_age: '0' })).child_age).toBeUndefined()
    expect(reportProblems(filled({ child_address: '路'.repeat(101) })).child_address).toBe('childAddressTooLong')
    expect(reportProblems(filled({ description: '情'.repeat(1000) })).description).toBeUndefined()
    expect(reportProblems(filled({ description: '情'.repeat(1001) })).description).toBe('descriptionTooLong')
  })

  it('sends trimmed texts, and the child\'s name, age and address only when given', () => {
    expect(toReportBody(filled({ institution: ' 江都实验小学 ', description: ' 无人接送 \n' }))).toEqual({
      institution: '江都实验小学', contact_phone: '0514-86881234', place_code: '321012100001', kind: 'neglect', urgent: true, description: '无人接送',
    })
    expect(toReportBody(filled({ child_name: ' 小明 ', child_age: '0', child_address: '某小区 3 栋', urgent: false }))).toMatchObject({
      child_name: '小明', child_age: 0, child_address: '某小区 3 栋', urgent: false,
    })
    expect(CHILD_AGES).toHaveLength(18)
    expect(CHILD_AGES.at(-1)).toBe(17)
  })
})

describe('mandatory reports: the handlers', () => {
  it('allow 受理 while received and 办结 once acknowledged, to care.minors only', () => {
    const can = (p) => p === 'care.minors'
    expect(reportActions({ status: 'received' }, can)).toEqual({ acknowledge: true, close: false })
    expect(reportActions({ status: 'acknowledged' }, can)).toEqual({ acknowledge: false, close: true })
    expect(reportActions({ status: 'closed' }, can)).toEqual({ acknowledge: false, close: false })
    expect(reportActions({ status: 'received' }, () => false)).toEqual({ acknowledge: false, close: false })
    expect(reportActions(null, can)).toEqual({ acknowledge: false, close: false })
  })

  it('name the deadline that matters now', () => {
    const report = { acknowledge_due_at: 10, close_due_at: 50 }
    expect(currentDeadline({ ...report, status: 'received' })).toEqual({ stage: 'acknowledge', at: 10 })
    expect(currentDeadline({ ...report, status: 'acknowledged' })).toEqual({ stage: 'close', at: 50 })
    expect(currentDeadline({ ...report, status: 'closed' })).toBeNull()
  })

  it('check 办结: an outcome of 1–1000 characters and a known referral', () => {
    expect(closeProblems({ outcome: '已家访', referral: 'police' })).toEqual({})
    expect(closeProblems({ outcome: ' ', referral: 'mayor' })).toEqual({ outcome: 'outcomeRequired', referral: 'referralRequired' })
    expect(closeProblems({ outcome: '办'.repeat(1001), referral: 'none' })).toEqual({ outcome: 'outcomeTooLong' })
  })

  it('keep the list\'s filters in the address', () => {
    expect(reportFiltersFromQuery({ place: '321012100001', status: 'received', overdue: 'true' }))
      .toEqual({ place: '321012100001', status: 'received', overdue: true })
    expect(reportFiltersFromQuery({ place: 'x', status: 'lost', overdue: 'yes' })).toEqual({ place: '', status: '', overdue: false })
    expect(reportFiltersToQuery({ place: '321012', status: '', overdue: true })).toEqual({ place: '321012', overdue: 'true' })
    expect(reportFiltersToQuery({ place: '', status: 'closed', overdue: false })).toEqual({ status: 'closed' })
    expect(reportFiltersToApi({ place: '', status: 'closed', overdue: false })).toEqual({ place: undefined, status: 'closed', overdue: undefined })
    expect(reportFiltersToApi({ place: '321012', status: '', overdue: true })).toEqual({ place: '321012', status: undefined, overdue: 'true' })
  })

  it('label every kind, status and referral as the server does', () => {
    const labels = zhCN.mandatoryReports
    expect(KINDS.map((k) => labels.kinds[k])).toEqual(['遭受或疑似遭受暴力伤害', '监护缺失或疏于照料', '被遗弃', '遭受或疑似遭受性侵害', '不明原因严重伤害', '其他侵害情形'])
    expect(STATUSES.map((s) => labels.statuses[s])).toEqual(['已接报', '已受理', '已办结'])
    expect(REFERRALS.map((r) => labels.referrals[r])).toEqual(['未移送', '移送公安机关', '移送检察机关', '申请人身安全保护令', '转介医疗救治', '其他'])
    expect(STATUSES.map(statusTone)).toEqual(['warning', 'primary', 'success'])
  })
})
