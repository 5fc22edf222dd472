import { describe, it, expect } from 'vitest'
import { blankWorker, blankRecord, workerProblems, recordProblems, toWorkerBody, toRecordBody } from './socialWorkLogic.js'

describe('social work forms', () => {
  it('checks a new worker as the server does', () => {
    expect(workerProblems(blankWorker('2025-01-01'))).toEqual({ name: 'nameRequired', certificate_number: 'certificateNumber', facility_id: 'facilityRequired' })
    const ok = { ...blankWorker('2025-01-01'), name: '王社工', certificate_number: 'S2024-1', facility_id: '7' }
    expect(workerProblems(ok)).toEqual({})
    expect(workerProblems({ ...ok, certificate_level: 'none' })).toEqual({ certificate_number: 'noNumberWithoutCertificate' })
    expect(toWorkerBody({ ...ok, certificate_level: 'none', certificate_number: '' })).toMatchObject({ certificate_number: '', facility_id: 7 })
  })
  it('checks a service record', () => {
    expect(Object.keys(recordProblems(blankRecord('2025-01-01'))).sort()).toEqual(['community', 'summary', 'worker_id'])
    const ok = { ...blankRecord('2025-01-01'), worker_id: 3, community: '321002001001', summary: ' 探访 ' }
    expect(recordProblems(ok)).toEqual({})
    expect(recordProblems({ ...ok, people_served: 0 })).toEqual({ people_served: 'people' })
    expect(toRecordBody(ok)).toEqual({ worker_id: 3, community: '321002001001', served_on: '2025-01-01', method: 'case', people_served: 1, summary: '探访' })
  })
})
