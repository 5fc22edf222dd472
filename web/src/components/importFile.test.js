import { describe, it, expect } from 'vitest'
import { checkImportFile, sortReport, errorCopyName, IMPORT_MAX_BYTES } from './importFile.js'

describe('import wizard helpers', () => {
  it('checks the file before the upload', () => {
    expect(checkImportFile(null)).toBe('fileRequired')
    expect(checkImportFile({ name: '设施.xls', size: 10 })).toBe('fileType')
    expect(checkImportFile({ name: '设施.CSV', size: 0 })).toBe('fileEmpty')
    expect(checkImportFile({ name: '设施.xlsx', size: IMPORT_MAX_BYTES + 1 })).toBe('fileTooLarge')
    expect(checkImportFile({ name: '设施.xlsx', size: 10 })).toBeNull()
  })

  it('orders the report by row, keeping the order within a row', () => {
    const report = [
      { row: 3, column: 'b', message: 'x' }, { row: null, message: 'file' }, { row: 1, column: '状态', message: 'h' },
      { row: 3, column: 'a', message: 'y' }, { row: 12, message: 'z' },
    ]
    expect(sortReport(report).map((r) => `${r.row}${r.column || ''}`)).toEqual(['1状态', '3b', '3a', '12', 'null'])
    expect(sortReport(null)).toEqual([])
  })

  it('names the error copy after the uploaded file', () => {
    expect(errorCopyName('设施.csv')).toBe('导入错误-设施.xlsx')
    expect(errorCopyName('', 'facilities')).toBe('导入错误-facilities.xlsx')
  })
})
