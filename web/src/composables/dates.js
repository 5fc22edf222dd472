// Dates and times as the city reads them, whatever the browser's time zone: today's date in
// China (UTC+8, no daylight saving), the check of a typed YYYY-MM-DD date, and an instant in
// Beijing time. Pure functions, no Vue.

/**
 * Today's date in China (UTC+8, no daylight saving), YYYY-MM-DD — the server's "today", whatever
 * the browser's time zone: between 16:00 and 24:00 UTC a browser on UTC is a day behind, and a
 * grid made today could not be closed "today".
 */
export function today(now = new Date()) {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10)
}

/** An optional date: empty, or a real calendar date as YYYY-MM-DD; else the rule key 'dateFormat'. */
export function checkDate(value) {
  const text = String(value ?? '').trim()
  if (!text) return null
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return 'dateFormat'
  const date = new Date(`${text}T00:00:00Z`)
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? 'dateFormat' : null
}

const CHINA_OFFSET_MS = 8 * 3_600_000

function chinaIso(ms) {
  if (ms === null || ms === undefined || ms === '' || !Number.isFinite(Number(ms))) return null
  return new Date(Number(ms) + CHINA_OFFSET_MS).toISOString()
}

/**
 * An instant as the app writes every instant: "YYYY-MM-DD HH:mm" in Beijing time (the city's
 * clock, whatever the browser's zone), or "—".
 */
export function formatTime(ms) {
  const iso = chinaIso(ms)
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—'
}

/** The same with seconds, "YYYY-MM-DD HH:mm:ss" (the audit log, as its export writes it). */
export function formatTimeSeconds(ms) {
  const iso = chinaIso(ms)
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 19)}` : '—'
}
