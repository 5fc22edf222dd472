// The phone dialog of the accounts page: it shows the masked number on file, refuses what is not
// a mainland mobile number without asking the server, sends the number normalised (or null to
// clear it), and puts the server's 422 under the field.
import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createAppI18n } from '../../i18n/index.js'
import { ApiError } from '../../api/client.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/dialog/style/css', () => ({}))
vi.mock('element-plus/es/components/overlay/style/css', () => ({}))
vi.mock('element-plus/es/components/form/style/css', () => ({}))
vi.mock('element-plus/es/components/form-item/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))

const sent = []
let answer = null
vi.mock('../../api/accounts.js', () => ({
  setPhone: vi.fn(async (username, phone) => {
    sent.push([username, phone])
    if (answer instanceof Error) throw answer
    return answer
  }),
}))
const { default: PhoneDialog } = await import('./PhoneDialog.vue')

const $ = (selector) => document.body.querySelector(selector)
const account = { username: 'worker1', display_name: '王五', phone: '138****5678' }

async function open() {
  const wrapper = mount(PhoneDialog, {
    props: { modelValue: false, account, 'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }) },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return wrapper
}
async function type(value) {
  const input = $('[data-testid="phone-input"] input') || $('#phone-input')
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
// The error the field shows (the form item marks itself is-error; the message is its prop).
function fieldError(wrapper) {
  if (!$('[data-testid="phone-field"]').classList.contains('is-error')) return ''
  return wrapper.findComponent({ name: 'ElFormItem' }).props('error')
}
async function save() {
  $('[data-testid="phone-save"]').click()
  await flushPromises()
}

describe('PhoneDialog', () => {
  beforeEach(() => {
    sent.length = 0
    answer = null
    document.body.innerHTML = ''
  })

  it('shows the masked number on file and sends a new one normalised', async () => {
    answer = { ...account, phone: '139****1111' }
    const wrapper = await open()
    expect($('[data-testid="phone-current"]').textContent).toContain('138****5678')
    await type('+86 139-0000-1111')
    await save()
    expect(sent).toEqual([['worker1', '13900001111']])
    expect(wrapper.emitted('saved')[0][0].phone).toBe('139****1111')
    expect(wrapper.props('modelValue')).toBe(false)
  })

  it('refuses a fixed line without asking the server; an empty field clears the number', async () => {
    answer = { ...account, phone: null }
    const wrapper = await open()
    await type('0514-87654321')
    await save()
    expect(sent).toEqual([])
    expect(fieldError(wrapper)).toContain('手机号须为 11 位大陆手机号码')
    await type('')
    await save()
    expect(sent).toEqual([['worker1', '']])
    expect(wrapper.emitted('saved')[0][0].phone).toBe(null)
  })

  it('puts the server\'s refusal under the field and stays open', async () => {
    answer = new ApiError({ status: 422, code: 'validation_failed', message: '手机号须为 11 位大陆手机号码（短信发不到固定电话）', field: 'phone' })
    const wrapper = await open()
    await type('13812345678')
    await save()
    expect(fieldError(wrapper)).toContain('短信发不到固定电话')
    expect(wrapper.props('modelValue')).toBe(true)
  })
})
