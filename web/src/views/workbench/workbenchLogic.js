// The workbench's pure parts: where a card's link goes, and how a card reads.
//
// The server names pages, not paths (docs/api.md, "Workbench"); this table maps each name to a
// route of the app. A page the app does not know gives no link (the card still shows).
const PAGES = {
  services_desk: () => ({ name: 'services-desk' }),
  service_request: (id) => ({ name: 'service-request', params: { id } }),
  events: () => ({ name: 'events' }),
  event: (id) => ({ name: 'event', params: { id } }),
  event_new: () => ({ name: 'event-new' }),
  escalation: (id) => ({ name: 'escalation', params: { id } }),
  event_board: () => ({ name: 'event-board' }),
  event_ranking: () => ({ name: 'event-ranking' }),
  people: () => ({ name: 'people' }),
  resident: (id) => ({ name: 'resident', params: { id } }),
  guide: () => ({ name: 'public-catalogue' }),
  my_requests: () => ({ name: 'my-requests' }),
  my_request: (id) => ({ name: 'my-request', params: { id } }),
  jobs: () => ({ name: 'jobs' }),
  indicators: () => ({ name: 'indicators' }),
  social_work: () => ({ name: 'social-work' }),
  // Volunteer service (decision 0052): the activities, where hours are verified and slots filled.
  volunteer_activities: () => ({ name: 'volunteer-activities' }),
  // Care (issue 19): the id is optional (a default parameter leaves the function's length 0), a
  // visit or a need to mark on its list page.
  care_visits: (id = '') => ({ name: 'care-visits', ...(id ? { query: { visit: id } } : {}) }),
  care_compliance: () => ({ name: 'care-compliance' }),
  care_needs: (id = '') => ({ name: 'care-needs', ...(id ? { query: { id } } : {}) }),
  care_findings: () => ({ name: 'care-findings' }),
  care_mandatory_reports: () => ({ name: 'care-mandatory-reports' }),
  care_mandatory_report: (id) => ({ name: 'care-mandatory-report', params: { id } }),
  care_applications: () => ({ name: 'care-applications' }),
  care_application: (id) => ({ name: 'care-application', params: { id } }),
  // Home services (decision 0033): providers, orders, and a provider's staff's own orders.
  providers: () => ({ name: 'care-providers' }),
  provider: (id) => ({ name: 'care-provider', params: { id } }),
  home_orders: () => ({ name: 'care-home-orders' }),
  home_order: (id) => ({ name: 'care-home-order', params: { id } }),
  provider_orders: () => ({ name: 'provider-orders' }),
  provider_order: (id) => ({ name: 'provider-order', params: { id } }),
  // Kiosks whose device token expires (decision 0050): a community's kiosk list (?community=).
  kiosks: () => ({ name: 'kiosks' }),
}

/** The route of a card's or item's link, or null (none, unknown page, a record page without id). */
export function linkTarget(link) {
  if (!link || !Object.hasOwn(PAGES, link.page)) return null
  const needsId = PAGES[link.page].length > 0
  if (needsId && !link.id) return null
  const target = PAGES[link.page](link.id ? String(link.id) : undefined)
  const query = { ...target.query, ...link.query }
  return Object.keys(query).length ? { ...target, query } : target
}

/** The pages the table knows (the unit test checks the server's names against it). */
export const KNOWN_PAGES = Object.keys(PAGES)

/** A card's title: the app's translation of its id when there is one, else the server's. */
export function cardTitle(card, t, te) {
  const key = `workbench.cards.${card.id.replace(/\./g, '_')}`
  return te(key) ? t(key) : card.title
}

/** The report button card: a link and nothing to count. */
export const isAction = (card) => card.figure === null && !card.items.length && !card.error && !!card.link
