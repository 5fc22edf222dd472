// Pure pieces of the kiosk and hall display: the idle timer that returns the kiosk to its start
// screen, the stored device token, and the announcement of a call.

export const IDLE_MS = 60_000
export const BOARD_POLL_MS = 3_000
export const CATEGORIES = [
  'civil_affairs', 'social_assistance', 'elderly_care', 'disability', 'employment',
  'social_security', 'health', 'veterans', 'household_registration', 'certificates',
]

/** Calls onIdle after `ms` without a touch (poke() on each); stop() ends it. */
export function idleTimer(onIdle, ms = IDLE_MS, timers = globalThis) {
  let handle = null
  const poke = () => {
    if (handle !== null) timers.clearTimeout(handle)
    handle = timers.setTimeout(() => {
      handle = null
      onIdle()
    }, ms)
  }
  const stop = () => {
    if (handle !== null) timers.clearTimeout(handle)
    handle = null
  }
  return { poke, stop }
}

export function readToken(key, storage = globalThis.localStorage) {
  try {
    return storage?.getItem(key) || ''
  } catch {
    return ''
  }
}

export function writeToken(key, token, storage = globalThis.localStorage) {
  try {
    if (token) storage?.setItem(key, token)
    else storage?.removeItem(key)
  } catch {
    // Private mode: the token lasts for this page only.
  }
}

/** The calls of `board` not announced yet (by id and call count), newest first. */
export function newCalls(board, announced) {
  const fresh = []
  for (const ticket of board?.called || []) {
    const key = `${ticket.id}:${ticket.call_count}`
    if (!announced.has(key)) {
      announced.add(key)
      fresh.push(ticket)
    }
  }
  return fresh
}
