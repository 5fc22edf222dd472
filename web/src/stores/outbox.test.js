import { describe, it, expect } from 'vitest'
import { readEntries, writeEntries, sendEntries, isNetworkError, eventSender } from './outbox.js'

const memory = () => {
  const data = {}
  return { getItem: (k) => data[k] ?? null, setItem: (k, v) => { data[k] = v }, removeItem: (k) => { delete data[k] }, data }
}
const entry = (key, extra = {}) => ({ kind: 'event', key, body: { description: key }, ...extra })

describe('the outbox', () => {
  it('keeps each account\'s entries apart and forgets an empty queue', () => {
    const storage = memory()
    writeEntries('wang', [entry('a')], storage)
    writeEntries('li', [entry('b')], storage)
    expect(readEntries('wang', storage).map((e) => e.key)).toEqual(['a'])
    expect(readEntries('li', storage).map((e) => e.key)).toEqual(['b'])
    writeEntries('wang', [], storage)
    expect(storage.data['linli.outbox.wang']).toBeUndefined()
    storage.setItem('linli.outbox.zhao', '{broken')
    expect(readEntries('zhao', storage)).toEqual([])
  })

  it('sends in order, keeps refusals with their reason, and stops at a network failure', async () => {
    const calls = []
    const network = Object.assign(new Error('offline'), { status: 0, code: 'network' })
    const refused = Object.assign(new Error('分类已停用'), { status: 422 })
    const senders = {
      event: async (e) => {
        calls.push(e.key)
        if (e.key === 'b') throw refused
        if (e.key === 'c') throw network
      },
    }
    const { left, sent, offline } = await sendEntries([entry('a'), entry('b'), entry('c'), entry('d'), entry('e', { error: '旧' })], senders)
    expect(calls).toEqual(['a', 'b', 'c'])
    expect(sent).toBe(1)
    expect(offline).toBe(true)
    expect(left.map((e) => [e.key, e.error || null])).toEqual([['b', '分类已停用'], ['c', null], ['d', null], ['e', '旧']])
  })

  it('tells a lost connection from an answer', () => {
    expect(isNetworkError({ status: 0 })).toBe(true)
    expect(isNetworkError({ status: 503 })).toBe(false)
    expect(isNetworkError(null)).toBe(false)
  })
  it('sends a report\'s kept photos after it, each once, resuming after a cut', async () => {
    const uploads = []
    const dropped = []
    let cut = true
    const network = Object.assign(new Error('offline'), { status: 0, code: 'network' })
    const send = eventSender({
      report: async (body, key) => ({ id: 41, key }),
      upload: async (id, file) => {
        if (file === 'p2' && cut) { cut = false; throw network }
        uploads.push(`${id}:${file}`)
      },
      load: async () => ['p1', 'p2', 'p3'],
      drop: async (key) => { dropped.push(key) },
    })
    const queued = entry('k', { photos: 3 })
    const first = await sendEntries([queued], { event: send })
    expect(first.offline).toBe(true)
    expect(first.left[0].photos_sent).toBe(1)
    expect(dropped).toEqual([])
    const second = await sendEntries(first.left, { event: send })
    expect(second.sent).toBe(1)
    expect(uploads).toEqual(['41:p1', '41:p2', '41:p3'])
    expect(dropped).toEqual(['k'])
    // Photos that can no longer be read are given up; the report still goes.
    const lost = eventSender({ report: async () => ({ id: 7 }), upload: async () => { throw new Error('never') }, load: async () => { throw new Error('gone') }, drop: async () => {} })
    expect((await sendEntries([entry('m', { photos: 2 })], { event: lost })).sent).toBe(1)
  })
})
