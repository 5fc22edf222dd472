import { describe, it, expect } from 'vitest'
import { reactive, computed } from 'vue'
import { createCursorPager, emptyPagerState, useCursorList, showList } from './cursorPager.js'

describe('cursor pager', () => {
  it('walks forward and back through the cursors it was given', () => {
    const pager = createCursorPager()
    expect(pager.page).toBe(1)
    expect(pager.current).toBeNull()
    expect(pager.hasPrevious).toBe(false)
    expect(pager.forward()).toBeNull() // nothing loaded yet
    pager.loaded('c2')
    expect(pager.hasNext).toBe(true)
    expect(pager.forward()).toBe('c2')
    expect(pager.page).toBe(2)
    expect(pager.hasNext).toBe(false) // until page 2 answers
    pager.loaded('c3')
    expect(pager.forward()).toBe('c3')
    pager.loaded(null) // last page
    expect(pager.hasNext).toBe(false)
    expect(pager.page).toBe(3)
    expect(pager.back()).toBe('c2')
    pager.loaded('c3')
    expect(pager.back()).toBeNull() // the first page is fetched without a cursor
    expect(pager.page).toBe(1)
    expect(pager.back()).toBeUndefined()
  })

  it('starts over on reset', () => {
    const pager = createCursorPager()
    pager.loaded('a')
    pager.forward()
    pager.loaded('b')
    pager.reset()
    expect(pager.page).toBe(1)
    expect(pager.current).toBeNull()
    expect(pager.hasNext).toBe(false)
    expect(pager.hasPrevious).toBe(false)
  })

  it('is reactive over a reactive state', () => {
    const pager = createCursorPager(reactive(emptyPagerState()))
    const page = computed(() => pager.page)
    const hasNext = computed(() => pager.hasNext)
    expect(page.value).toBe(1)
    pager.loaded('x')
    expect(hasNext.value).toBe(true)
    pager.forward()
    expect(page.value).toBe(2)
  })
})

describe('cursor list', () => {
  const pages = { first: { items: [1, 2], next_cursor: 'c2' }, c2: { items: [3], next_cursor: null } }

  it('loads pages forward and back and keeps the cursors it was given', async () => {
    const asked = []
    const list = useCursorList(async (cursor) => { asked.push(cursor); return pages[cursor || 'first'] }, () => 'x')
    expect(list.loaded.value).toBe(false)
    await list.load(null)
    expect(list.items.value).toEqual([1, 2])
    expect(list.loaded.value).toBe(true)
    expect(list.pager.hasNext).toBe(true)
    list.next()
    await Promise.resolve()
    await Promise.resolve()
    expect(list.items.value).toEqual([3])
    expect(list.pager.page).toBe(2)
    list.previous()
    await Promise.resolve()
    await Promise.resolve()
    expect(list.items.value).toEqual([1, 2])
    expect(asked).toEqual([undefined, 'c2', undefined])
  })

  it('lets a caller wait for the next page, and for nothing on the last one', async () => {
    const list = useCursorList(async (cursor) => pages[cursor || 'first'], () => 'x')
    await list.load(null)
    await list.next()
    expect(list.items.value).toEqual([3])
    expect(list.pager.hasNext).toBe(false)
    await list.next()
    expect(list.items.value).toEqual([3])
    expect(list.pager.page).toBe(2)
  })

  it('shows the worded error and no items when a page fails', async () => {
    const list = useCursorList(async () => { throw new Error('boom') }, (e) => `失败：${e.message}`)
    list.items.value = [9]
    await list.load(null)
    expect(list.error.value).toBe('失败：boom')
    expect(list.items.value).toEqual([])
    expect(list.loading.value).toBe(false)
    expect(list.loaded.value).toBe(true)
  })

  it('starts over when the address does not change, pushes a new one otherwise', async () => {
    let restarts = 0
    const list = { restart: async () => { restarts += 1 } }
    const pushed = []
    const router = { resolve: (to) => ({ fullPath: `/x?q=${to.query.q}` }), push: async (target) => { pushed.push(target.fullPath) } }
    await showList(router, { fullPath: '/x?q=a' }, { name: 'x', query: { q: 'a' } }, list)
    expect(restarts).toBe(1)
    await showList(router, { fullPath: '/x?q=a' }, { name: 'x', query: { q: 'b' } }, list)
    expect(restarts).toBe(1)
    expect(pushed).toEqual(['/x?q=b'])
  })
})
