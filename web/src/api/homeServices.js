// Home services for the elderly (居家养老上门服务; issue 19 item 3, decision 0033): the providers'
// registry and their monthly statements, the orders workers place for elderly people, the
// people's subsidised entitlements, and the provider staff's own orders (docs/api.md, "Home
// services: providers, orders, subsidies, statements").
import { api, buildUrl } from './client.js'
import { postImport, postImportErrorCopy } from './imports.js'

const id = (value) => encodeURIComponent(value)

/** {services: [{code, name, unit}], subsidies: [{code, name, basis, condition, monthly}], elderly_age}. */
export const homeServicesConfig = () => api.get('/api/v1/home-services')

// ---- providers (homecare.read; writes homecare.manage) ----

/** {items: [Provider], next_cursor}; filters place, service, status, q (a name). */
export const listProviders = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/providers', { query: { ...filters, limit, cursor } })
/** Provider with `staff`. */
export const getProvider = (providerId) => api.get(`/api/v1/providers/${id(providerId)}`)
/** {name, kind, facility_id?, credit_code?, place_code, areas?, services, qualifications?, contact_name, contact_phone} → 201 Provider. */
export const createProvider = (body) => api.post('/api/v1/providers', body)
/** The same body as createProvider, plus status → Provider. */
export const updateProvider = (providerId, body) => api.put(`/api/v1/providers/${id(providerId)}`, body)

/** The list filters the server understands (also those of the .xlsx export). */
export const providerQuery = ({ place, service, status, q } = {}) => ({ place, service, status, q })
/** Link of the .xlsx export of the filtered providers (a plain GET with the session cookie). */
export const providerExportUrl = (filters = {}) => buildUrl('/api/v1/providers/export.xlsx', providerQuery(filters))

export const PROVIDER_IMPORT_TEMPLATE_URL = '/api/v1/providers/import-template.xlsx'
/** Uploads an .xlsx or .csv file → {rows, imported, written, dry_run}; all or nothing, dryRun checks without writing. */
export const importProviders = (file, options) => postImport('/api/v1/providers/import', file, options)
/** The rejected file back with a red 错误 column (an .xlsx Blob). */
export const providerImportErrorCopy = (file) => postImportErrorCopy('/api/v1/providers/import', file)

/** {provider_id, provider_name, month, lines, totals, closed, balances}. */
export const getStatement = (providerId, month) =>
  api.get(`/api/v1/providers/${id(providerId)}/statements/${id(month)}`)
/** Closes the month (its totals frozen) → the statement. */
export const closeStatement = (providerId, month) =>
  api.post(`/api/v1/providers/${id(providerId)}/statements/${id(month)}/close`)

// ---- orders (homecare.read; writes homecare.order) ----

/** {items: [Order], next_cursor} newest first; filters place, provider, status, service, month, resident. */
export const listHomeOrders = ({ limit = 20, cursor, ...filters } = {}) =>
  api.get('/api/v1/home-orders', { query: { ...filters, limit, cursor } })
export const getHomeOrder = (orderId) => api.get(`/api/v1/home-orders/${id(orderId)}`)
/** {resident_id, provider_id, service, units, wanted_on, ordered_by, note?} → 201 Order (placed). */
export const createHomeOrder = (body) => api.post('/api/v1/home-orders', body)
export const cancelHomeOrder = (orderId, reason) => api.post(`/api/v1/home-orders/${id(orderId)}/cancel`, { reason })
/** {rating (1–5), note?} → Order. */
export const rateHomeOrder = (orderId, body) => api.post(`/api/v1/home-orders/${id(orderId)}/rating`, body)

/** {resident_id, month, services: [{service, service_name, unit, entitled, used, remaining, subsidies}]}. */
export const getEntitlement = (residentId, month) =>
  api.get(`/api/v1/home-entitlements/${id(residentId)}`, { query: { month } })

// ---- the provider's staff (homecare.serve: their provider's orders only) ----

/** {items: [Order]}; filters status, date (YYYY-MM-DD). */
export const listProviderOrders = ({ limit = 100, cursor, ...filters } = {}) =>
  api.get('/api/v1/provider-orders', { query: { ...filters, limit, cursor } })
export const getProviderOrder = (orderId) => api.get(`/api/v1/provider-orders/${id(orderId)}`)
/** scheduled_at in epoch ms (not in the past) → Order (scheduled). */
export const scheduleProviderOrder = (orderId, scheduledAt) =>
  api.post(`/api/v1/provider-orders/${id(orderId)}/schedule`, { scheduled_at: scheduledAt })
/** {lat?, lon?} → Order (serving). */
export const checkInProviderOrder = (orderId, body = {}) => api.post(`/api/v1/provider-orders/${id(orderId)}/check-in`, body)
/** {lat?, lon?, units?, note?} → Order (done). */
export const checkOutProviderOrder = (orderId, body = {}) => api.post(`/api/v1/provider-orders/${id(orderId)}/check-out`, body)
