import { describe, it, expect } from 'vitest'
import { reactive, computed } from 'vue'
import { createCursorPager, emptyPagerState } from './cursorPager.js'

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
