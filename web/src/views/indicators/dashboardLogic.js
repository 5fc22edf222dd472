// The dashboard's pure parts: the colour of a status, the treemap of a breakdown, the trend
// line with its target, and the next place down and up. No Vue, no ECharts.

/** Colours of the statuses (the same as the indicators page's chips). */
export const STATUS_COLOURS = {
  met: '#146c2e',
  on_track: '#0b57d0',
  at_risk: '#8a5300',
  behind: '#a50e0e',
  no_data: '#5f6368',
  contribution: '#5f6368',
}

export const statusColour = (status) => STATUS_COLOURS[status ?? 'contribution'] ?? STATUS_COLOURS.no_data

/** The treemap series data of a breakdown: one tile per place, sized alike, coloured by status. */
export function treemapData(items, statusLabel, formatValue) {
  return items.map((item) => ({
    name: item.place_name,
    value: 1,
    code: item.place_code,
    level: item.level,
    status: item.status,
    label: { formatter: `${item.place_name}\n${formatValue(item.value, item.unit)}` },
    itemStyle: { color: statusColour(item.status) },
    tooltip: `${item.place_name}：${formatValue(item.value, item.unit)} · ${statusLabel(item.status)}`,
  }))
}

/**
 * The map series data of a breakdown over county outlines: one region per place that has an
 * outline (matched by code), filled by status; the places without one are drawn as tiles.
 */
export function mapData(items, outlineCodes, statusLabel, formatValue) {
  return items.filter((item) => outlineCodes.has(item.place_code)).map((item) => ({
    name: item.place_code,
    value: item.value,
    code: item.place_code,
    level: item.level,
    status: item.status,
    text: `${item.place_name}\n${formatValue(item.value, item.unit)}`,
    itemStyle: { areaColor: statusColour(item.status) },
    tooltip: `${item.place_name}：${formatValue(item.value, item.unit)} · ${statusLabel(item.status)}`,
  }))
}

/** The codes of the outlined places of an outlines answer (empty when there is none). */
export const outlinedCodes = (outlines) => new Set((outlines?.features ?? []).map((f) => f.properties.code))

/** The trend's x labels, values (null where none) and the target as a horizontal line. */
export function trendSeries(points, target) {
  return {
    periods: points.map((p) => p.period),
    values: points.map((p) => (p.value === null || p.value === undefined ? null : Math.round(p.value * 100) / 100)),
    target: target === null || target === undefined ? null : Number(target),
  }
}

/** Whether a place of this level can be opened one level down (communities cannot). */
export const canDrill = (level) => level === 'city' || level === 'county' || level === 'town'

/** The parent of a place code (4/6/9/12 digits), or null at the top. */
export function parentCode(code) {
  if (!code || code.length <= 4) return null
  return code.length === 6 ? code.slice(0, 4) : code.length === 9 ? code.slice(0, 6) : code.slice(0, 9)
}
