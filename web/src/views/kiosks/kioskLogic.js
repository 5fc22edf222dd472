// Pure pieces of the kiosk and hall display: the idle timer that returns the kiosk to its start
// screen, the stored device token, the announcement of a call, and the sign-in by scanning the
// kiosk's code with a signed-in phone (decision 0028): the code's URL, its QR modules and the
// poller that renews the code and signs the resident in once the phone approved.
import qrcode from 'qrcode-generator'

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

// ---- sign-in by scanning the kiosk's code (decision 0028) ----
export const PAIRING_POLL_MS = 2_000
export const PAIRING_PATH = '/kiosk-pair'

/** The page the resident's phone opens: `<origin>/kiosk-pair?c=<secret>`. */
export function pairingUrl(origin, secret) {
  return `${String(origin).replace(/\/+$/, '')}${PAIRING_PATH}?c=${encodeURIComponent(secret)}`
}

/** The secret of a scanned URL's `c` (base64url, as the server makes it), or '' for anything else. */
export function pairingSecret(value) {
  const text = Array.isArray(value) ? value[0] : value
  return typeof text === 'string' && /^[A-Za-z0-9_-]{16,100}$/.test(text) ? text : ''
}

/** The dark modules of the QR code of `text` (byte mode, error correction M), row by row. */
export function qrModules(text) {
  const code = qrcode(0, 'M')
  code.addData(text)
  code.make()
  const size = code.getModuleCount()
  return Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, col) => code.isDark(row, col)))
}

/** One SVG path of the dark modules (a unit square each), for a viewBox of the code's size. */
export function qrPath(modules) {
  let path = ''
  modules.forEach((row, y) => row.forEach((dark, x) => { if (dark) path += `M${x} ${y}h1v1h-1z` }))
  return path
}

/** What a kiosk's poll answered: 'signed-in' (a session), 'renew' (expired: a new code), 'wait'. */
export function pairingStep(answer) {
  if (answer?.token && answer?.account) return 'signed-in'
  if (answer?.state === 'expired') return 'renew'
  return 'wait'
}

/**
 * Shows a code and polls it until the resident's phone approves: `open()` asks for a code and
 * `onCode(code)` shows it; every `ms` `poll(code.id)`; an expired code is renewed; the session of
 * the approval goes to `onSignedIn(session)` and the poller stops. A failed call is tried again
 * on the next tick, except a 401 or 403 (the kiosk's token stopped), which goes to `onRefused`.
 * stop() ends it (the kiosk left the sign-in screen).
 */
export function pairingPoller({ open, poll, onCode, onSignedIn, onRefused, ms = PAIRING_POLL_MS, timers = globalThis }) {
  let code = null
  let handle = null
  let stopped = false
  const schedule = () => {
    if (!stopped) handle = timers.setTimeout(tick, ms)
  }
  async function renew() {
    code = await open()
    if (!stopped) onCode(code)
  }
  async function tick() {
    handle = null
    try {
      if (!code) {
        await renew()
      } else {
        const answer = await poll(code.id)
        if (stopped) return
        const step = pairingStep(answer)
        if (step === 'signed-in') {
          stopped = true
          onSignedIn(answer)
          return
        }
        if (step === 'renew') await renew()
      }
    } catch (e) {
      if (e?.status === 401 || e?.status === 403) {
        stopped = true
        onRefused?.(e)
        return
      }
    }
    schedule()
  }
  return {
    start() {
      stopped = false
      return tick()
    },
    stop() {
      stopped = true
      if (handle !== null) timers.clearTimeout(handle)
      handle = null
    },
  }
}

// The kiosk list warns this long before a device token stops working (decision 0050; the server's
// kTokenWarningMillis).
export const TOKEN_WARNING_MS = 14 * 24 * 3600 * 1000

/** 'expired', 'expiring' (within two weeks) or 'ok', for an enabled kiosk's token at `now`. */
export function tokenState(kiosk, now = Date.now()) {
  if (!kiosk?.token_expires_at) return 'ok'
  if (kiosk.token_expires_at <= now) return 'expired'
  return kiosk.token_expires_at - now <= TOKEN_WARNING_MS ? 'expiring' : 'ok'
}
