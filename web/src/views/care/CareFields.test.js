import { describe, it, expect, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { nextTick } from 'vue'
import { createAppI18n } from '../../i18n/index.js'
import { fieldValues } from './careLogic.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
const { default: CareFields } = await import('./CareFields.vue')

const CATEGORY = {
  code: 'mixed', name: '样例', fields: [
    { key: 'reason', label: '认定情形', type: 'enum', options: ['高龄独居', '失能'], required: true },
    { key: 'amount', label: '月保障金（元）', type: 'number', options: [], required: false },
    { key: 'members', label: '保障人数', type: 'integer', options: [], required: false },
    { key: 'since', label: '认定日期', type: 'date', options: [], required: false },
    { key: 'device', label: '已配紧急呼叫设备', type: 'bool', options: [], required: false },
    { key: 'contact', label: '紧急联系人', type: 'text', options: [], required: false },
  ],
}

async function render(errors = {}) {
  const values = fieldValues(CATEGORY, { device: 'true' })
  const wrapper = mount(CareFields, {
    props: { category: CATEGORY, modelValue: values, errors, idPrefix: 'f' },
    global: { plugins: [createAppI18n('zh-CN')] },
  })
  await flushPromises() // Element Plus gives its inputs their ids once mounted.
  return { wrapper, values }
}

describe('CareFields', () => {
  it('draws each field by its type, labelled, required ones marked', async () => {
    const { wrapper } = await render()
    const reason = wrapper.get('select#f-reason')
    expect(reason.findAll('option').map((o) => o.text())).toEqual(['请选择', '高龄独居', '失能'])
    expect(wrapper.get('label[for="f-reason"]').text()).toContain('*')
    expect(wrapper.get('label[for="f-amount"]').text()).not.toContain('*')
    expect(wrapper.get('select#f-device').findAll('option').map((o) => o.text())).toEqual(['请选择', '是', '否'])
    expect(wrapper.get('select#f-device').element.value).toBe('true')
    expect(wrapper.get('input#f-amount').attributes('inputmode')).toBe('decimal')
    expect(wrapper.get('input#f-members').attributes('inputmode')).toBe('numeric')
    expect(wrapper.get('input#f-since').attributes('type')).toBe('date')
    expect(wrapper.get('input#f-contact').attributes('type')).toBe('text')
  })
  it('edits the values in place and shows a field\'s error beside it', async () => {
    const { wrapper, values } = await render({ amount: '请填写不小于 0 的数' })
    await wrapper.get('select#f-reason').setValue('失能')
    await wrapper.get('input#f-contact').setValue('女儿')
    await nextTick()
    expect(values.reason).toBe('失能')
    expect(values.contact).toBe('女儿')
    expect(wrapper.get('[data-testid="f-amount-error"]').text()).toBe('请填写不小于 0 的数')
    expect(wrapper.get('input#f-amount').attributes('aria-invalid')).toBe('true')
  })
})
