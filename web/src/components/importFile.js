// Pure helpers of the import wizard (components/ImportWizard.vue): the file check before an
// upload, the order of the row report, and the name of the annotated error copy.

export const IMPORT_MAX_BYTES = 100 * 1024 * 1024

/** The import file: an .xlsx or .csv, not empty, not larger than the upload limit. */
export function checkImportFile(file) {
  if (!file) return 'fileRequired'
  if (!/\.(xlsx|csv)$/i.test(String(file.name || ''))) return 'fileType'
  if (!file.size) return 'fileEmpty'
  if (file.size > IMPORT_MAX_BYTES) return 'fileTooLarge'
  return null
}

/** The report by row (header problems, row 1, first; rows without a number last), stable. */
export function sortReport(report) {
  const key = (item) => (Number.isFinite(Number(item.row)) && item.row !== null ? Number(item.row) : Infinity)
  return (report || []).map((item, i) => ({ item, i }))
    .sort((a, b) => key(a.item) - key(b.item) || a.i - b.i)
    .map(({ item }) => item)
}

/** "导入错误-<file name without extension>.xlsx" */
export function errorCopyName(fileName, fallback = 'import') {
  const base = String(fileName || '').replace(/\.[^.]+$/, '') || fallback
  return `导入错误-${base}.xlsx`
}
