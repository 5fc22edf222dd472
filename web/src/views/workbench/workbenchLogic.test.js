import { describe, it, expect } from 'vitest'
import { readFileSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { linkTarget, cardTitle, isAction, KNOWN_PAGES } from './workbenchLogic.js'
import { routes } from '../../router/index.js'

const routeNames = (list) => list.flatMap((r) => [r.name, ...routeNames(r.children || [])]).filter(Boolean)

describe('linkTarget', () => {
  it('maps record pages with their id and list pages with their filters', () => {
    expect(linkTarget({ page: 'service_request', id: '41', query: {} })).toEqual({ name: 'service-request', params: { id: '41' } })
    expect(linkTarget({ page: 'events', id: null, query: { state: 'open', place: '321002001002' } }))
      .toEqual({ name: 'events', query: { state: 'open', place: '321002001002' } })
    expect(linkTarget({ page: 'event_new', id: null, query: {} })).toEqual({ name: 'event-new' })
  })
  it('opens the care lists on the visit or need a card item names, or as they are', () => {
    expect(linkTarget({ page: 'care_visits', id: '17', query: {} })).toEqual({ name: 'care-visits', query: { visit: '17' } })
    expect(linkTarget({ page: 'care_visits', id: null, query: {} })).toEqual({ name: 'care-visits' })
    expect(linkTarget({ page: 'care_needs', id: '5', query: {} })).toEqual({ name: 'care-needs', query: { id: '5' } })
    expect(linkTarget({ page: 'care_application', id: '9', query: {} })).toEqual({ name: 'care-application', params: { id: '9' } })
    expect(linkTarget({ page: 'care_mandatory_report', id: '', query: {} })).toBeNull()
    expect(linkTarget({ page: 'care_applications', id: '', query: { status: 'town' } })).toEqual({ name: 'care-applications', query: { status: 'town' } })
    expect(linkTarget({ page: 'care_findings', id: null, query: { benefit: 'advanced_age_allowance' } }))
      .toEqual({ name: 'care-findings', query: { benefit: 'advanced_age_allowance' } })
    expect(linkTarget({ page: 'care_compliance', id: null, query: { place: '321002001002', month: '2026-04' } }))
      .toEqual({ name: 'care-compliance', query: { place: '321002001002', month: '2026-04' } })
  })
  it('gives no link for nothing, an unknown page or a record page without its id', () => {
    expect(linkTarget(null)).toBeNull()
    expect(linkTarget({ page: 'no_such_page', id: null, query: {} })).toBeNull()
    expect(linkTarget({ page: 'toString', id: null, query: {} })).toBeNull()
    expect(linkTarget({ page: 'event', id: null, query: {} })).toBeNull()
  })
  it('names only routes the app has', () => {
    const names = routeNames(routes)
    for (const page of KNOWN_PAGES) {
      const target = linkTarget({ page, id: '1', query: {} })
      expect(names, page).toContain(target.name)
    }
  })
  it('knows every page the server names (the card sources under src/domain)', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '../../../../src/domain')
    const named = new Set()
    for (const dir of readdirSync(root)) {
      let text
      try { text = readFileSync(join(root, dir, 'workbench_cards.cpp'), 'utf8') } catch { continue }
      for (const m of text.matchAll(/Link(?:\s+\w+)?\{"([a-z_]+)"/g)) named.add(m[1])
    }
    expect(named.size).toBeGreaterThan(5)
    for (const page of named) expect(KNOWN_PAGES, page).toContain(page)
  })
})

describe('cardTitle and isAction', () => {
  const t = (k) => `T:${k}`
  it('translates a known id and falls back to the server title', () => {
    expect(cardTitle({ id: 'events.open', title: '未办结事件' }, t, () => true)).toBe('T:workbench.cards.events_open')
    expect(cardTitle({ id: 'care.visits', title: '本月走访' }, t, () => false)).toBe('本月走访')
  })
  it('tells a button card from a counting one', () => {
    expect(isAction({ figure: null, items: [], error: null, link: { page: 'event_new' } })).toBe(true)
    expect(isAction({ figure: 0, items: [], error: null, link: { page: 'events' } })).toBe(false)
    expect(isAction({ figure: null, items: [], error: '数据库不可用', link: null })).toBe(false)
  })
})
