// Cursor pagination with "previous page": the server only gives the next page's cursor, so
// the pager keeps the cursors of the pages it came through. `current` is the cursor the
// shown page was fetched with (null for the first page). Pass a Vue reactive() object as
// `state` to make the getters reactive in a component. useCursorList() adds the shown page's
// items and loading state for a list page; showList() applies new filters to one.
import { ref, reactive } from 'vue'
import { goOrReload } from './address.js'

export const emptyPagerState = () => ({ stack: [], current: null, next: null })

export function createCursorPager(state = emptyPagerState()) {
  return {
    get current() { return state.current },
    get nextCursor() { return state.next },
    get hasNext() { return Boolean(state.next) },
    get hasPrevious() { return state.stack.length > 0 },
    /** 1-based number of the shown page. */
    get page() { return state.stack.length + 1 },
    /** Records the answer of the page just fetched with `current`. */
    loaded(nextCursor) { state.next = nextCursor || null },
    /** Moves forward; returns the cursor to fetch, or null when there is no next page. */
    forward() {
      if (!state.next) return null
      state.stack.push(state.current)
      state.current = state.next
      state.next = null
      return state.current
    },
    /** Moves back; returns the cursor to fetch (null = first page), or undefined at the start. */
    back() {
      if (!state.stack.length) return undefined
      state.current = state.stack.pop()
      state.next = null
      return state.current
    },
    /** Starts over at the first page (new filters or sorting). */
    reset() {
      state.stack.splice(0)
      state.current = null
      state.next = null
    },
  }
}

/**
 * The shown page of a cursor-paged list: `items`, `loading`, `loaded` (an answer came),
 * `error` (text of the last failure), the reactive `pager`, and `load(cursor)`, `next()`,
 * `previous()` and `restart()` (first page again). `fetchPage(cursor)` asks for one page
 * ({ items, next_cursor }; cursor undefined for the first); `describeError(e)` words a failure.
 */
export function useCursorList(fetchPage, describeError) {
  const items = ref([])
  const loading = ref(false)
  const loaded = ref(false)
  const error = ref('')
  const pager = createCursorPager(reactive(emptyPagerState()))

  async function load(cursor) {
    loading.value = true
    error.value = ''
    try {
      const page = await fetchPage(cursor || undefined)
      items.value = page.items || []
      pager.loaded(page.next_cursor)
    } catch (e) {
      error.value = describeError(e)
      items.value = []
    } finally {
      loading.value = false
      loaded.value = true
    }
  }
  /** Shows the next page; awaitable (nothing to wait for on the last page). */
  function next() {
    const cursor = pager.forward()
    return cursor ? load(cursor) : Promise.resolve()
  }
  function previous() {
    const cursor = pager.back()
    if (cursor !== undefined) load(cursor)
  }
  function restart() {
    pager.reset()
    return load(null)
  }
  return { items, loading, loaded, error, pager, load, next, previous, restart }
}

/**
 * Shows the list at `location` (new filters in the address): another address is pushed; the
 * same one does not make the view again, so the list starts over by hand.
 */
export function showList(router, route, location, list) {
  return goOrReload(router, route, location, () => list.restart())
}
