// Pure helpers of the residents' pages (unit-tested in selfLogic.test.js).

/** The channel a resident files through: mobile on a phone-sized screen, else web. */
export function channelFor(width) {
  return width <= 720 ? 'mobile' : 'web'
}

/** Handling modes a resident may choose applying for themselves: all but 委托代办 (entrusted:
 * someone else applies on their behalf, at the window). */
export function onlineModes(item) {
  if (!item) return []
  return (item.handling_modes || []).filter((mode) => mode !== 'entrusted')
}

/** Whether the item can be applied for online at all (a web or mobile channel). */
export function appliesOnline(item) {
  return Boolean(item && (item.channels || []).some((c) => c === 'web' || c === 'mobile'))
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
