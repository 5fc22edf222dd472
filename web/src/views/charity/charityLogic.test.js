import { describe, it, expect } from 'vitest'
import { formatFen, yuanToFen } from './charityLogic.js'

describe('charity money', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(formatFen(12345)).toBe('123.45')
    expect(formatFen(5)).toBe('0.05')
    expect(formatFen(-30000)).toBe('-300.00')
    expect(formatFen(123456789)).toBe('1,234,567.89')
  })
  it('reads typed yuan into integer fen', () => {
    expect(yuanToFen('123.4')).toBe(12340)
    expect(yuanToFen('0.01')).toBe(1)
    expect(yuanToFen('500')).toBe(50000)
    expect(yuanToFen('1.005')).toBeNull()
    expect(yuanToFen('-1')).toBeNull()
    expect(yuanToFen('abc')).toBeNull()
  })
})

import {
  blankFund, fundProblems, blankDonation, donationProblems, toDonationBody, blankNeed, needProblems, toNeedBody,
  blankDisbursement, disbursementProblems, toDisbursementBody, maskPhone, reversibleIds, payableNeeds, needRemainingFen, verifySummary,
} from './charityLogic.js'

const DAY = '2026-12-07'

describe('charity officers’ forms', () => {
  it('checks a new fund', () => {
    expect(fundProblems(blankFund(DAY), DAY)).toEqual({ community: 'communityRequired', name: 'nameRequired', managing_organisation: 'organisationRequired' })
    const ok = { community: '321002001004', name: '慈善基金', opened_on: DAY, managing_organisation: '居委会' }
    expect(fundProblems(ok, DAY)).toEqual({})
    expect(fundProblems({ ...ok, opened_on: '2026-12-08' }, DAY)).toEqual({ opened_on: 'datePast' })
    expect(fundProblems({ ...ok, community: '321002001' }, DAY)).toEqual({ community: 'communityRequired' })
  })

  it('checks and sends a money donation in fen, the phone normalised', () => {
    const form = { ...blankDonation(DAY), amount: '1,000' }
    expect(donationProblems(form, DAY)).toEqual({ amount: 'amount', donor_name: 'donorRequired' })
    Object.assign(form, { amount: '1000.5', donor_name: ' 张三 ', donor_phone: '138-1234-0000' })
    expect(donationProblems(form, DAY)).toEqual({})
    expect(toDonationBody('7', form)).toEqual({ fund_id: 7, kind: 'money', donated_on: DAY, amount_fen: 100050, donor_name: '张三', donor_phone: '13812340000' })
    expect(donationProblems({ ...form, amount: '0' }, DAY)).toEqual({ amount: 'amount' })
    expect(donationProblems({ ...form, donor_phone: '12345' }, DAY)).toEqual({ donor_phone: 'phone' })
    expect(donationProblems({ ...form, donated_on: '2027-01-01' }, DAY)).toEqual({ donated_on: 'datePast' })
  })

  it('checks and sends an anonymous donation in kind', () => {
    const form = { ...blankDonation(DAY), kind: 'in_kind', anonymous: true }
    expect(donationProblems(form, DAY)).toEqual({ item: 'itemRequired', quantity: 'quantity', unit: 'unitRequired', estimated_value: 'amount' })
    Object.assign(form, { item: '大米', quantity: '10', unit: '袋', estimated_value: '500' })
    expect(donationProblems(form, DAY)).toEqual({})
    expect(toDonationBody(3, form)).toEqual({ fund_id: 3, kind: 'in_kind', donated_on: DAY, item: '大米', quantity: 10, unit: '袋', estimated_value_fen: 50000, anonymous: true })
    expect(donationProblems({ ...form, quantity: '1.5' }, DAY)).toEqual({ quantity: 'quantity' })
  })

  it('checks and sends a need', () => {
    expect(needProblems(blankNeed())).toEqual({ community: 'communityRequired', title: 'titleRequired', description: 'descriptionRequired', amount: 'amount' })
    const form = { community: '321002001004', title: ' 助学 ', description: '学习用品', amount: '600' }
    expect(needProblems(form)).toEqual({})
    expect(toNeedBody(form)).toEqual({ community: '321002001004', title: '助学', description: '学习用品', amount_fen: 60000 })
  })

  it('checks a disbursement against the balance; a need or a purpose', () => {
    expect(disbursementProblems(blankDisbursement(), 100)).toEqual({ purpose: 'purposeRequired', amount: 'amount' })
    expect(disbursementProblems({ need_id: '4', purpose: '', amount: '1.01' }, 100)).toEqual({ amount: 'overBalance' })
    expect(disbursementProblems({ need_id: '4', purpose: '', amount: '1' }, 100)).toEqual({})
    expect(toDisbursementBody('9', { need_id: '4', purpose: '', amount: '1' })).toEqual({ fund_id: 9, need_id: 4, amount_fen: 100 })
    expect(toDisbursementBody(9, { need_id: '', purpose: ' 慰问 ', amount: '2.5' })).toEqual({ fund_id: 9, purpose: '慰问', amount_fen: 250 })
  })
})

describe('charity lists', () => {
  it('masks a phone in lists', () => {
    expect(maskPhone('13812345678')).toBe('138****5678')
    expect(maskPhone('138****5678')).toBe('138****5678')
    expect(maskPhone('')).toBe('')
  })
  it('offers the reversal only of entries neither reversed nor reversals', () => {
    const entries = [
      { id: 1, kind: 'donation' }, { id: 2, kind: 'donation' }, { id: 3, kind: 'reversal', reverses_entry_id: 2 }, { id: 4, kind: 'disbursement' },
    ]
    expect([...reversibleIds(entries)]).toEqual([1, 4])
  })
  it('offers the open needs of the fund’s community, with what they still lack', () => {
    const needs = [
      { id: 1, status: 'open', community_code: 'A', amount_fen: 500, disbursed_fen: 0 },
      { id: 2, status: 'partly', community_code: 'A', amount_fen: 500, disbursed_fen: 200 },
      { id: 3, status: 'fulfilled', community_code: 'A' },
      { id: 4, status: 'open', community_code: 'B' },
    ]
    expect(payableNeeds(needs, 'A').map((n) => n.id)).toEqual([1, 2])
    expect(needRemainingFen(needs[1])).toBe(300)
    expect(needRemainingFen({ amount_fen: 100, disbursed_fen: 300 })).toBe(0)
  })
  it('sums up the ledgers’ check', () => {
    expect(verifySummary({ balanced: true, items: [{ fund_id: 1, balanced: true }] })).toEqual({ balanced: true, checked: 1, failing: [] })
    const bad = { fund_id: 2, balanced: false }
    expect(verifySummary({ balanced: false, items: [{ fund_id: 1, balanced: true }, bad] })).toEqual({ balanced: false, checked: 2, failing: [bad] })
  })
})
