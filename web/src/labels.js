// Chinese/English labels of division levels and kinds, through i18n keys.
const KIND_GROUP = { county: 'county', town: 'town', community: 'community' }

export function kindLabel(t, level, kind) {
  const group = KIND_GROUP[level]
  if (!group || !kind) return t('kinds.none')
  const key = `kinds.${group}.${kind}`
  const text = t(key)
  return text === key ? kind : text
}

export function levelLabel(t, level) {
  const key = `levels.${level}`
  const text = t(key)
  return text === key ? level : text
}

/** Count columns to show for a list of children: the keys any child carries, in order. */
export const COUNT_KEYS = ['counties', 'towns', 'communities', 'grids']
export function countColumns(children) {
  return COUNT_KEYS.filter((key) => children.some((c) => c.counts && c.counts[key] !== undefined))
}
