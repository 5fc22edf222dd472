// Cursor pagination with "previous page": the server only gives the next page's cursor, so
// the pager keeps the cursors of the pages it came through. `current` is the cursor the
// shown page was fetched with (null for the first page). Pass a Vue reactive() object as
// `state` to make the getters reactive in a component.
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
