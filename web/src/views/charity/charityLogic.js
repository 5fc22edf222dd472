// Pure helpers of the charity pages: money in fen shown as yuan, and typed yuan turned into fen
// without floating-point rounding surprises.

/** 12345 → "123.45" (always two decimals; negative amounts keep their sign). */
export function formatFen(fen) {
  const value = Number(fen) || 0
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(value))
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** "123.4" → 12340; null when the text is not a yuan amount with at most two decimals. */
export function yuanToFen(text) {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''))
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}
