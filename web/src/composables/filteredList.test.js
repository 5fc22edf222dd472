import { describe, it, expect } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../i18n/index.js'
import zhCN from '../locales/zh-CN/index.js'
import en from '../locales/en/index.js'
import { useFilteredList, listTexts, LIST_PAGE_SIZE } from './filteredList.js'

const fromQuery = (q) => ({ q: String(q.q || ''), status: String(q.status || '') })
const toQuery = (form) => Object.fromEntries(Object.entries(form).filter(([, v]) => v))

// A list page at /things over useFilteredList; `asked` collects what fetchPage was given.
async function setup(path, answer = { items: [{ id: 1 }], next_cursor: null }) {
  const asked = []
  let state
  const Page = {
    setup() {
      state = useFilteredList({
        routeName: 'things',
        fromQuery,
        toQuery,
        fetchPage: async (shown, page) => { asked.push([{ ...shown }, page]); return answer },
      })
      state.list.load(null)
      return {}
    },
    template: '<div />',
  }
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/things', name: 'things', component: Page }] })
  await router.push(path)
  const wrapper = mount({ template: '<router-view :key="$route.fullPath" />' }, { global: { plugins: [router, createAppI18n('zh-CN')] } })
  await flushPromises()
  return { router, asked, wrapper, state: () => state }
}

describe('filtered list', () => {
  it('shows the list of the filters in the address, a page at a time', async () => {
    const { asked, state } = await setup('/things?q=王&status=away')
    expect(state().applied).toEqual({ q: '王', status: 'away' })
    expect(state().filters).toEqual({ q: '王', status: 'away' })
    expect(asked).toEqual([[{ q: '王', status: 'away' }, { limit: LIST_PAGE_SIZE, cursor: undefined }]])
    expect(state().list.items.value).toEqual([{ id: 1 }])
  })

  it('puts new filters in the address, and starts the same list over from its first page', async () => {
    const { router, asked, state } = await setup('/things?q=王')
    const first = state()
    first.filters.status = 'away'
    await first.search()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/things?q=%E7%8E%8B&status=away')
    // The layout keys the view by address: a new view reads the new filters.
    expect(state()).not.toBe(first)
    expect(asked.at(-1)[0]).toEqual({ q: '王', status: 'away' })
    const calls = asked.length
    await state().search()
    await flushPromises()
    expect(asked.length).toBe(calls + 1)
    expect(router.currentRoute.value.fullPath).toBe('/things?q=%E7%8E%8B&status=away')
  })

  it('resets to the list without filters', async () => {
    const { router, state } = await setup('/things?q=王&status=away')
    await state().reset()
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/things')
    expect(state().applied).toEqual({ q: '', status: '' })
  })

  it('names locale keys that exist in both languages for the list pages laid out the usual way', () => {
    const has = (messages, key) => typeof key.split('.').reduce((o, k) => o?.[k], messages) === 'string'
    for (const texts of [listTexts('people'), listTexts('facilities'), listTexts('events', { reset: false })]) {
      for (const [name, key] of Object.entries(texts)) {
        if (!key) continue
        // pager names a section (label, previous, next, page), the others one text each.
        const keys = name === 'pager' ? ['label', 'previous', 'next', 'page'].map((k) => `${key}.${k}`) : [key]
        for (const k of keys) {
          expect(has(zhCN, k), k).toBe(true)
          expect(has(en, k), k).toBe(true)
        }
      }
    }
    expect(listTexts('events', { reset: false }).reset).toBe('')
  })
})
