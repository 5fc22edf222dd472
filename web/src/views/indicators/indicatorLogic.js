// Pure helpers of the indicators page: how a value, a target and a status read, which rows a
// person may report, the months offered, and the status summary. No Vue.

/** The statuses in the order the page sorts and counts them (worst first). */
export const STATUS_ORDER = ['behind', 'at_risk', 'no_data', 'on_track', 'met']

/** A figure as people read it: up to two decimals, trailing zeros dropped; '—' for none. */
export function formatValue(value, unit = '') {
  if (value === null || value === undefined || !Number.isFinite(Number(value))) return '—'
  const rounded = Math.round(Number(value) * 100) / 100
  const text = rounded.toLocaleString('zh-CN', { maximumFractionDigits: 2 })
  return unit ? `${text} ${unit}` : text
}

/** "≥ 90 %" (the comparator as a sign), or '' without a target. */
export function formatTarget(row) {
  if (row.target === null || row.target === undefined) return ''
  const sign = { '>=': '≥', '<=': '≤', '=': '=' }[row.comparator] ?? ''
  return `${sign} ${formatValue(row.target, row.unit)}`
}

/** Rows in the plan's order, or worst status first (then the plan's order). */
export function sortRows(rows, worstFirst) {
  const indexed = rows.map((row, index) => ({ row, index }))
  if (worstFirst) {
    const rank = (s) => (s === null || s === undefined ? STATUS_ORDER.length : STATUS_ORDER.indexOf(s))
    indexed.sort((a, b) => rank(a.row.status) - rank(b.row.status) || a.index - b.index)
  }
  return indexed.map((x) => x.row)
}

/** How many rows have each status (contributions counted under 'contribution'). */
export function summarize(rows) {
  const counts = { met: 0, on_track: 0, at_risk: 0, behind: 0, no_data: 0, contribution: 0 }
  for (const row of rows) counts[row.status ?? 'contribution'] += 1
  return counts
}

/**
 * Whether a person holding indicators.report may enter this row's figure here: no module computes
 * it, the place is not below the level the indicator is counted at (the row says so in its
 * reason when the value is missing for that), and the row is not a kind the place excludes.
 */
export function reportable(row, level) {
  if (row.computed_by) return false
  const depth = { city: 0, county: 1, town: 2, community: 3 }
  if (row.unit_level && depth[level] > depth[row.unit_level]) return false
  return !(row.value === null && /不统计此类地区/.test(row.reason ?? ''))
}

/** The month of `now` in China, YYYY-MM. */
export function currentMonth(now = new Date()) {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 7)
}

/** A figure's inputs as the form checks them before sending: a message key, or null. */
export function checkFigure(kind, numerator, denominator) {
  const n = Number(numerator)
  if (numerator === '' || numerator === null || !Number.isFinite(n) || n < 0) return 'indicators.form.numeratorInvalid'
  if (kind === 'count') return null
  const d = Number(denominator)
  if (denominator === '' || denominator === null || !Number.isFinite(d) || d <= 0) return 'indicators.form.denominatorInvalid'
  if ((kind === 'share' || kind === 'per_unit') && n > d) return 'indicators.form.shareTooLarge'
  return null
}

/**
 * Where the records behind a row are: the page of the module that computes it (facilities, the
 * desk's requests, kiosks, designations of the kind), or null for a reported figure (its reports
 * are listed on the indicators page itself). The caller shows the link only when the route's
 * permission allows it.
 */
export function recordsRoute(row, place, facilityTypes = []) {
  switch (row.computed_by) {
    case 'facilities': {
      // A coverage indicator (A4a, C15 …) opens the facilities of the type that covers it there;
      // A6 the volunteer stations.
      const type = facilityTypes.find((t) => (t.covers ?? []).includes(row.id)) ??
        (row.id === 'A6' ? facilityTypes.find((t) => t.volunteer_station) : undefined)
      if (!type) return { name: 'facilities' }
      const query = { type: type.code }
      if (place && place.length >= 6) query.division = place
      return { name: 'facilities', query }
    }
    case 'kiosks': return { name: 'kiosks' }
    case 'service_requests': return { name: 'services-desk' }
    case 'designations': return { name: 'designations', query: place ? { place } : {} }
    default: return null
  }
}
