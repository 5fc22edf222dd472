import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createAppI18n } from '../i18n/index.js'
import { ApiError } from '../api/client.js'
import { today } from '../composables/dates.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/dialog/style/css', () => ({}))
vi.mock('element-plus/es/components/overlay/style/css', () => ({}))
vi.mock('element-plus/es/components/form/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))
const { default: DateDialog } = await import('./DateDialog.vue')

const $ = (selector) => document.body.querySelector(selector)

async function open(props) {
  const wrapper = mount(DateDialog, {
    props: {
      modelValue: false, title: '关闭网格', label: '关闭日期', submitText: '确定关闭', cancelText: '取消', testId: 'close',
      'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }),
      ...props,
    },
    slots: { default: '<p data-testid="intro">关闭后不能再用。</p>' },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return wrapper
}
async function typeDate(value) {
  const input = $('[data-testid="close-date"]')
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

describe('DateDialog', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
  })

  it('opens on today with its introduction, and sends the date it was given', async () => {
    const saved = []
    const wrapper = await open({ save: async (date) => { saved.push(date) } })
    expect($('[data-testid="intro"]').textContent).toBe('关闭后不能再用。')
    expect($('#close-date').value).toBe(today())
    await typeDate('2026-03-01')
    $('[data-testid="close-confirm"]').click()
    await flushPromises()
    expect(saved).toEqual(['2026-03-01'])
    expect(wrapper.props('modelValue')).toBe(false)
  })

  it('shows what check() finds wrong under the date and sends nothing', async () => {
    const save = vi.fn()
    const wrapper = await open({ check: (date) => (date ? '' : '请填写日期'), save })
    await typeDate('')
    $('[data-testid="close-confirm"]').click()
    await flushPromises()
    expect($('[data-testid="close-error"]').textContent).toBe('请填写日期')
    expect(save).not.toHaveBeenCalled()
    expect(wrapper.props('modelValue')).toBe(true)
  })

  it('shows the server refusal under the date and stays open; cancel closes', async () => {
    const wrapper = await open({
      save: async () => { throw new ApiError({ status: 422, code: 'validation_failed', message: '日期早于网格设立日期', field: 'valid_until' }) },
    })
    $('[data-testid="close-confirm"]').click()
    await flushPromises()
    expect($('[data-testid="close-error"]').textContent).toBe('日期早于网格设立日期')
    expect(wrapper.props('modelValue')).toBe(true)
    $('[data-testid="close-cancel"]').click()
    await flushPromises()
    expect(wrapper.props('modelValue')).toBe(false)
  })
})
