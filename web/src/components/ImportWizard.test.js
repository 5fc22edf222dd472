import { describe, it, expect, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createRouter, createMemoryHistory } from 'vue-router'
import { createAppI18n } from '../i18n/index.js'
import { ApiError } from '../api/client.js'
import ImportWizard from './ImportWizard.vue'

// Element Plus styles are CSS files Node cannot load; the button works without them.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))

function mountWizard(upload) {
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/', name: 'facilities', component: { template: '<div />' } }] })
  return mount(ImportWizard, {
    props: {
      templateUrl: '/template.xlsx', upload, errorCopy: async () => null,
      texts: 'facilities.import', ruleTexts: 'facilities.importRules', listRoute: { name: 'facilities' },
    },
    global: { plugins: [router, createAppI18n('zh-CN')] },
  })
}
async function choose(wrapper, file) {
  const input = wrapper.get('[data-testid="import-file"]')
  Object.defineProperty(input.element, 'files', { value: [file], configurable: true })
  await input.trigger('change')
}

describe('ImportWizard', () => {
  it('refuses a wrong file type before any upload', async () => {
    let calls = 0
    const wrapper = mountWizard(async () => { calls++ })
    await choose(wrapper, new File(['x'], '设施.txt'))
    await wrapper.get('[data-testid="import-form"]').trigger('submit')
    expect(wrapper.get('[data-testid="import-file-error"]').text()).toBe('只能导入 .xlsx 或 .csv 文件')
    expect(calls).toBe(0)
  })

  it('shows the row report of a refusal, ordered by row, then the count of a success', async () => {
    const refusal = new ApiError({ status: 422, code: 'validation_failed', message: '导入未完成：发现 2 处问题，未写入任何数据', report: [
      { row: 5, column: '纬度', cell: 'D5', message: '坐标离所属社区的楼栋约 40.0 公里' },
      { row: 3, column: '服务活动面积', cell: 'G3', message: '服务活动面积不能大于建筑面积' },
    ] })
    refusal.fromServer = true
    let answer = () => { throw refusal }
    const wrapper = mountWizard(async (file, { dryRun }) => answer(file, dryRun))
    await choose(wrapper, new File(['a,b\n1,2\n'], '设施.csv'))
    await wrapper.get('[data-testid="import-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="import-error"]').text()).toContain('共 2 处问题，没有写入任何数据')
    const rows = wrapper.findAll('[data-testid="import-report"] tbody tr').map((tr) => tr.text())
    expect(rows).toEqual(['3服务活动面积服务活动面积不能大于建筑面积', '5纬度坐标离所属社区的楼栋约 40.0 公里'])

    answer = (file, dryRun) => ({ imported: dryRun ? 0 : 2, rows: 2, dry_run: dryRun, written: !dryRun })
    await wrapper.get('[data-testid="import-check"]').trigger('click')
    await flushPromises()
    expect(wrapper.get('[data-testid="import-success"]').text()).toContain('检查通过：2 行都可以导入')
    await wrapper.get('[data-testid="import-form"]').trigger('submit')
    await flushPromises()
    expect(wrapper.get('[data-testid="import-success"]').text()).toContain('导入完成：新增 2 个设施')
    expect(wrapper.find('[data-testid="import-report"]').exists()).toBe(false)
    expect(wrapper.emitted('imported')).toHaveLength(1)
  })
})
