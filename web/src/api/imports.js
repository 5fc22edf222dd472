// Spreadsheet imports shared by every import page (residents, facilities): the file travels as
// the raw request body with its type and name; `?dry_run=1` checks without writing, and
// `?report=xlsx` asks for the rejected file back with a red 错误 column (an .xlsx Blob, 422).
import { api } from './client.js'

export const IMPORT_TYPES = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv',
}

/** Content type and X-File-Name of an upload. */
export function importRequestOptions(file) {
  const extension = String(file.name || '').toLowerCase().split('.').pop()
  return {
    contentType: IMPORT_TYPES[extension] || file.type || 'application/octet-stream',
    headers: { 'X-File-Name': encodeURIComponent(file.name || '') },
  }
}

/** Uploads an .xlsx or .csv file to an import endpoint; dryRun checks without writing. */
export function postImport(path, file, { dryRun = false } = {}) {
  return api.post(path, file, { ...importRequestOptions(file), query: dryRun ? { dry_run: 1 } : undefined })
}

/** The rejected file back with a red 错误 column (an .xlsx Blob). */
export function postImportErrorCopy(path, file) {
  return api.post(path, file, { ...importRequestOptions(file), query: { report: 'xlsx', dry_run: 1 }, blob: true })
}
