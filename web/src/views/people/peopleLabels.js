// Labels for registry values through i18n keys, falling back to the raw value for codes the
// interface does not know yet (the tag dictionary grows as data).
export function label(t, group, value) {
  if (value === null || value === undefined || value === '') return '—'
  const key = `people.${group}.${value}`
  const text = t(key)
  return text === key ? String(value) : text
}

export const statusLabel = (t, status) => label(t, 'statuses', status)
export const relationLabel = (t, relation) => label(t, 'relations', relation)
export const sexLabel = (t, sex) => label(t, 'sexes', sex)
export const eventLabel = (t, event) => label(t, 'events', event)
export const categoryLabel = (t, category) => label(t, 'tagCategories', category)
export const householdTypeLabel = (t, type) => label(t, 'householdTypes', type)

/** "汉族" from {code, name} or a bare code. */
export function ethnicityName(ethnicity) {
  if (!ethnicity) return '—'
  if (typeof ethnicity === 'string') return ethnicity
  return ethnicity.name || ethnicity.code || '—'
}

/** Sort choices: value sent to the server → i18n key under people.sorts. */
export const SORT_OPTIONS = [
  { value: 'name', key: 'name' },
  { value: 'age', key: 'ageAsc' },
  { value: '-age', key: 'ageDesc' },
  { value: 'id', key: 'id' },
]

/** The list filters kept in the address (so that "back" from a detail page restores them). */
export const FILTER_KEYS = ['q', 'id_number', 'phone', 'tag', 'tag_match', 'age_min', 'age_max', 'community', 'grid', 'status', 'sort']

/**
 * How several ticked tags match: residents holding every one of them (`all`, the server's
 * default) or at least one (`any`). Asked for, kept and sent only with two tags or more.
 */
export const TAG_MATCHES = ['all', 'any']

export function filtersFromQuery(query = {}) {
  const one = (v) => (Array.isArray(v) ? v[0] : v) ?? ''
  const filters = {}
  for (const key of FILTER_KEYS) filters[key] = String(one(query[key]))
  filters.tag = filters.tag ? filters.tag.split(',').filter(Boolean) : []
  if (!TAG_MATCHES.includes(filters.tag_match)) filters.tag_match = 'all'
  if (!filters.sort) filters.sort = 'name'
  return filters
}

/**
 * Filters as route query: trimmed, empty values dropped, tags comma-joined; the defaults
 * (sort by name, tag_match all) and a tag_match without two tags are left out.
 */
export function filtersToQuery(filters) {
  const query = {}
  for (const key of FILTER_KEYS) {
    const value = filters[key]
    if (Array.isArray(value)) {
      if (value.length) query[key] = value.join(',')
    } else if (String(value ?? '').trim() !== '') query[key] = String(value).trim()
  }
  if (query.sort === 'name') delete query.sort
  const tagCount = query.tag ? query.tag.split(',').length : 0
  if (query.tag_match === 'all' || tagCount < 2) delete query.tag_match
  return query
}

/** Filters for the API (tags as an array, sort always set). */
export function filtersToApi(filters) {
  const query = filtersToQuery(filters)
  return { ...query, tag: query.tag ? query.tag.split(',') : undefined, sort: query.sort || 'name' }
}

/** Checks the age range: whole numbers 0..150, min ≤ max. Returns a rule key or null. */
export function checkAgeRange(min, max) {
  const parse = (v) => (String(v ?? '').trim() === '' ? null : String(v).trim())
  const a = parse(min)
  const b = parse(max)
  for (const v of [a, b]) if (v !== null && (!/^\d{1,3}$/.test(v) || Number(v) > 150)) return 'ageFormat'
  if (a !== null && b !== null && Number(a) > Number(b)) return 'ageOrder'
  return null
}
