// The plan's indicators (issue 18): the plan, every indicator of a place and month with its
// status, one indicator's trend, and the reported figures with their approval ladder.
import { api, buildUrl } from './client.js'
import { postImport, postImportErrorCopy } from './imports.js'

export const getPlan = () => api.get('/api/v1/plan')
export const placeIndicators = (place, period) => api.get('/api/v1/indicators', { query: { place, period } })
export const indicatorTrend = (id, place, variant) => api.get(`/api/v1/indicators/${encodeURIComponent(id)}/trend`, { query: { place, variant } })
export const indicatorBreakdown = (id, place, period, variant) => api.get(`/api/v1/indicators/${encodeURIComponent(id)}/breakdown`, { query: { place, period, variant } })
// format 'xlsx' (a sheet per level) or 'pdf' (with the chart)
export const reportUrl = (place, period, department, format = 'xlsx') => buildUrl(`/api/v1/indicators/report.${format === 'pdf' ? 'pdf' : 'xlsx'}`, { place, period, department })
export const indicatorShortfalls = (id, place, period) => api.get(`/api/v1/indicators/${encodeURIComponent(id)}/shortfalls`, { query: { place, period } })
export const listReports = (query) => api.get('/api/v1/indicator-reports', { query })
export const awaitingApproval = () => api.get('/api/v1/indicator-approvals')
export const getReport = (id) => api.get(`/api/v1/indicator-reports/${encodeURIComponent(id)}`)
export const submitReport = (body) => api.post('/api/v1/indicator-reports', body)
export const resubmitReport = (id, body) => api.put(`/api/v1/indicator-reports/${encodeURIComponent(id)}`, body)
export const approveReport = (id) => api.post(`/api/v1/indicator-reports/${encodeURIComponent(id)}/approve`)
export const returnReport = (id, reason) => api.post(`/api/v1/indicator-reports/${encodeURIComponent(id)}/return`, { reason })

// Reported figures by spreadsheet: the template of a place and month, the all-or-nothing import.
export const reportTemplateUrl = (place, period) => buildUrl('/api/v1/indicator-reports/import-template.xlsx', { place, period })
export const importReports = (file, options) => postImport('/api/v1/indicator-reports/import', file, options)
export const reportImportErrorCopy = (file) => postImportErrorCopy('/api/v1/indicator-reports/import', file)

// Designations and pilots (颐养社区, 儿童友好示范社区, 试点乡镇 …) and their evidence.
export const designationKinds = () => api.get('/api/v1/designation-kinds')
export const listDesignations = (query) => api.get('/api/v1/designations', { query })
export const getDesignation = (id) => api.get(`/api/v1/designations/${encodeURIComponent(id)}`)
export const createDesignation = (body) => api.post('/api/v1/designations', body)
export const revokeDesignation = (id, body) => api.post(`/api/v1/designations/${encodeURIComponent(id)}/revoke`, body)
export const uploadEvidence = (id, file) => api.put(`/api/v1/designations/${encodeURIComponent(id)}/evidence`, file, { query: { name: file.name }, contentType: file.type || 'application/octet-stream' })
export const evidenceUrl = (id) => `/api/v1/designations/${encodeURIComponent(id)}/evidence`

// Funding per project (the department workspace).
export const listProjects = (query) => api.get('/api/v1/funded-projects', { query })
export const createProject = (body) => api.post('/api/v1/funded-projects', body)
export const deleteProject = (id) => api.delete(`/api/v1/funded-projects/${encodeURIComponent(id)}`)
