import { describe, it, expect } from 'vitest'
import { ApiError } from '../api/client.js'
import { useRecord } from './record.js'

const t = (key) => key

describe('the record of a detail page', () => {
  it('is loading until the first fetch ends, then holds the record', async () => {
    let calls = 0
    const page = useRecord(async () => ({ id: ++calls }), t)
    expect(page.loading.value).toBe(true)
    expect(page.record.value).toBe(null)
    await page.load()
    expect(page.loading.value).toBe(false)
    expect(page.record.value).toEqual({ id: 1 })
    await page.load()
    expect(page.record.value).toEqual({ id: 2 })
  })

  it('shows the server message of a 404, offers no retry, and drops the record shown before', async () => {
    let fail = false
    const page = useRecord(async () => {
      if (fail) throw new ApiError({ status: 404, code: 'not_found', message: '事件不存在' })
      return { id: 7 }
    }, t)
    await page.load()
    fail = true
    await page.load()
    expect(page.record.value).toBe(null)
    expect(page.notFound.value).toBe(true)
    expect(page.error.value).toBe('事件不存在')
    expect(page.loading.value).toBe(false)
  })

  it('keeps a retry for other failures and clears the error once a retry succeeds', async () => {
    let fail = true
    const page = useRecord(async () => {
      if (fail) throw new ApiError({ status: 0, code: 'network' })
      return { id: 3 }
    }, t)
    await page.load()
    expect(page.notFound.value).toBe(false)
    expect(page.error.value).toBe('errors.network')
    fail = false
    await page.load()
    expect(page.error.value).toBe('')
    expect(page.record.value).toEqual({ id: 3 })
  })
})
