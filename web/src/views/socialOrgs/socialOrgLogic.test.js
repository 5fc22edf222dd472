import { describe, it, expect } from 'vitest'
import { emptyOrganisation, organisationBody, organisationForm, incubationSteps, stepDateProblem, lastStepDate } from './socialOrgLogic.js'

describe('social organisation forms', () => {
  it('sends the credit code of a registered one and the filing number of a filed one', () => {
    const form = { ...emptyOrganisation('321002001001'), name: ' 银龄互助社 ', category: 'elderly_disabled', credit_code: ' 53321002mj12345678 ', filing_number: 'BA-1', contact_name: '王红', contact_phone: '13912345678', founded_on: '2021-03-15', areas: '321002001002，321002001003' }
    expect(organisationBody(form)).toEqual({
      name: '银龄互助社', category: 'elderly_disabled', status: 'filed', place: '321002001001', areas: ['321002001002', '321002001003'],
      contact_name: '王红', contact_phone: '13912345678', founded_on: '2021-03-15', note: '', filing_number: 'BA-1',
    })
    expect(organisationBody({ ...form, status: 'registered' }).credit_code).toBe('53321002MJ12345678')
    expect(organisationBody({ ...form, status: 'registered' }).filing_number).toBeUndefined()
  })

  it('turns a stored one back into a form, the phone left to retype', () => {
    const form = organisationForm({ name: 'A', category: 'charity', status: 'deregistered', registered_as: 'filed', filing_number: 'BA-2', place_code: 'X', areas: ['X', 'Y'], contact_name: '李', contact_phone: '139****5678', founded_on: '2020-01-01' })
    expect(form.status).toBe('filed')
    expect(form.areas).toBe('Y')
    expect(form.contact_phone).toBe('')
    expect(organisationForm({ place_code: 'X', contact_phone: '13912345678' }).contact_phone).toBe('13912345678')
  })
})

describe('incubation steps', () => {
  it('offers start or withdraw to an application, graduate or withdraw while incubating, nothing after', () => {
    expect(incubationSteps('applied')).toEqual(['start', 'withdraw'])
    expect(incubationSteps('incubating')).toEqual(['graduate', 'withdraw'])
    expect(incubationSteps('graduated')).toEqual([])
    expect(incubationSteps('withdrawn')).toEqual([])
  })

  it('checks a step date against today and the last step', () => {
    const applied = { applied_on: '2026-10-10', started_on: null }
    const incubating = { applied_on: '2026-10-10', started_on: '2026-11-01' }
    expect(stepDateProblem(applied, '', '2026-12-08')).toBe('required')
    expect(stepDateProblem(applied, '2026-12-09', '2026-12-08')).toBe('future')
    expect(stepDateProblem(applied, '2026-10-09', '2026-12-08')).toBe('beforeLast')
    expect(stepDateProblem(applied, '2026-10-10', '2026-12-08')).toBe('')
    expect(stepDateProblem(incubating, '2026-10-20', '2026-12-08')).toBe('beforeLast')
    expect(lastStepDate(incubating)).toBe('2026-11-01')
  })
})
