import { describe, it, expect, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createAppI18n } from '../i18n/index.js'
import { ApiError } from '../api/client.js'
import { useRecord } from '../composables/record.js'

vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
const { default: DetailPage } = await import('./DetailPage.vue')

// A page over DetailPage, as the record pages use it; `answers` are what fetch() gives in turn.
function mountPage(answers) {
  const Page = {
    components: { DetailPage },
    setup() {
      const t = (key) => key
      const detail = useRecord(async () => {
        const next = answers.shift()
        if (next instanceof Error) throw next
        return next
      }, t)
      detail.load()
      return { detail, item: detail.record }
    },
    template: `
      <DetailPage :record="detail" nav-label="路径" :test-ids="{ error: 'item-error', title: 'item-title' }">
        <template #back><a href="/items">返回</a></template>
        <template #title>{{ item.name }}</template>
        <template #badges><span data-testid="badge">{{ item.state }}</span></template>
        <template #tools><button data-testid="edit">编辑</button></template>
        <p data-testid="body">{{ item.note }}</p>
      </DetailPage>`,
  }
  return mount(Page, { global: { plugins: [createAppI18n('zh-CN')] } })
}

describe('DetailPage', () => {
  it('shows the way back and 加载中… first, then the heading row and the record', async () => {
    const wrapper = mountPage([{ name: '王秀英', state: '户籍常住', note: '独居' }])
    expect(wrapper.get('nav').attributes('aria-label')).toBe('路径')
    expect(wrapper.get('[role="status"]').text()).toBe('加载中…')
    await flushPromises()
    expect(wrapper.find('[role="status"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="item-title"]').text()).toBe('王秀英')
    expect(wrapper.get('[data-testid="badge"]').text()).toBe('户籍常住')
    expect(wrapper.get('.linli-tools [data-testid="edit"]').text()).toBe('编辑')
    expect(wrapper.get('[data-testid="body"]').text()).toBe('独居')
  })

  it('offers 重试 after a failure and shows the record once it comes', async () => {
    const wrapper = mountPage([new ApiError({ status: 503, code: 'unavailable', message: '服务暂不可用' }), { name: '李四' }])
    await flushPromises()
    expect(wrapper.get('[data-testid="item-error"]').text()).toContain('服务暂不可用')
    expect(wrapper.find('[data-testid="item-title"]').exists()).toBe(false)
    await wrapper.get('[data-testid="item-error"] button').trigger('click')
    await flushPromises()
    expect(wrapper.find('[data-testid="item-error"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="item-title"]').text()).toBe('李四')
  })

  it('offers no retry for a record that does not exist', async () => {
    const wrapper = mountPage([new ApiError({ status: 404, code: 'not_found', message: '居民不存在' })])
    await flushPromises()
    expect(wrapper.get('[data-testid="item-error"]').text()).toBe('居民不存在')
    expect(wrapper.find('[data-testid="item-error"] button').exists()).toBe(false)
  })
})
