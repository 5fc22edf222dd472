// A list page whose filters live in the address (so that "back" from a record restores them):
// `applied` are the filters of the shown list, read from the route when the view is made (the
// layout makes the view again for another address); `filters` is the form's working copy;
// `list` the shown page of items (useCursorList, composables/cursorPager.js), fetched with
// `fetchPage(applied, { limit, cursor })`. search() shows the list of the form's filters
// (`toQuery(filters)` under the route `routeName`), reset() the list without filters.
import { reactive } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRoute, useRouter } from 'vue-router'
import { errorText } from '../api/client.js'
import { useCursorList, showList } from './cursorPager.js'

export const LIST_PAGE_SIZE = 20

export function useFilteredList({ routeName, fromQuery, toQuery, fetchPage, pageSize = LIST_PAGE_SIZE }) {
  const { t } = useI18n()
  const route = useRoute()
  const router = useRouter()
  const applied = fromQuery(route.query)
  const filters = reactive(fromQuery(route.query))
  const list = useCursorList((cursor) => fetchPage(applied, { limit: pageSize, cursor }), (e) => errorText(e, t))

  const search = () => showList(router, route, { name: routeName, query: toQuery(filters) }, list)
  const reset = () => router.push({ name: routeName })
  return { applied, filters, list, search, reset }
}

/**
 * The locale keys ListPage shows (components/ListPage.vue) for a section laid out the usual
 * way: heading, empty, pager, and filters.heading / .search / .reset. `reset: false` for a list
 * without a reset button.
 */
export function listTexts(section, { reset = true } = {}) {
  return {
    heading: `${section}.heading`,
    filters: `${section}.filters.heading`,
    search: `${section}.filters.search`,
    reset: reset ? `${section}.filters.reset` : '',
    empty: `${section}.empty`,
    pager: `${section}.pager`,
  }
}
