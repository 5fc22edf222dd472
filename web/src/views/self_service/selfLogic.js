// Pure helpers of the residents' pages (unit-tested in selfLogic.test.js).

/** The channel a resident files through: the kiosk at a community hall's kiosk, mobile on a
 * phone-sized screen, else web. */
export function channelFor(width, kiosk = false) {
  if (kiosk) return 'kiosk'
  return width <= 720 ? 'mobile' : 'web'
}

/** The names of the resident's pages: the web app's, or the kiosk's (decision 0027), where the
 * household page is not offered (a public screen). */
export function selfRoutes(kiosk = false) {
  return kiosk
    ? { list: 'kiosk-mine', request: 'kiosk-my-request', apply: 'kiosk-apply', guide: 'kiosk-guide', catalogue: 'kiosk-catalogue', household: null }
    : { list: 'my-requests', request: 'my-request', apply: 'my-apply', guide: 'public-guide', catalogue: 'public-catalogue', household: 'my-household' }
}

/** Handling modes a resident may choose applying for themselves: all but 委托代办 (entrusted:
 * someone else applies on their behalf, at the window). */
export function onlineModes(item) {
  if (!item) return []
  return (item.handling_modes || []).filter((mode) => mode !== 'entrusted')
}

/** Whether the item can be applied for online at all (a web or mobile channel; at a kiosk, the
 * kiosk channel). */
export function appliesOnline(item, kiosk = false) {
  const wanted = kiosk ? ['kiosk'] : ['web', 'mobile']
  return Boolean(item && (item.channels || []).some((c) => wanted.includes(c)))
}

/** Seconds left before another code may be asked for (60 s apart), never negative. */
export function cooldownLeft(sentAt, now, gapMs = 60000) {
  if (!sentAt) return 0
  return Math.max(0, Math.ceil((sentAt + gapMs - now) / 1000))
}

/** A 6-digit code as typed: digits only, at most six. */
export function cleanCode(text) {
  return String(text || '').replace(/\D/g, '').slice(0, 6)
}
