import { describe, it, expect, beforeEach, vi } from 'vitest'
import { mount, flushPromises } from '@vue/test-utils'
import { createAppI18n } from '../../i18n/index.js'

// The resolver imports each Element Plus component's CSS, which Node cannot load.
vi.mock('element-plus/es/components/base/style/css', () => ({}))
vi.mock('element-plus/es/components/dialog/style/css', () => ({}))
vi.mock('element-plus/es/components/overlay/style/css', () => ({}))
vi.mock('element-plus/es/components/form/style/css', () => ({}))
vi.mock('element-plus/es/components/form-item/style/css', () => ({}))
vi.mock('element-plus/es/components/input/style/css', () => ({}))
vi.mock('element-plus/es/components/button/style/css', () => ({}))

const calls = []
let failList = false
vi.mock('../../api/events.js', () => ({
  listDepartments: vi.fn(async () => {
    calls.push(['list'])
    if (failList) throw Object.assign(new Error('down'), { status: 503, code: 'unavailable', message: '服务暂不可用' })
    return {
      items: [
        { code: 'urban_management', name: '市城管局' },
        { code: 'water', name: '市水务局' },
        { code: 'ecology_environment', name: '市生态环境局' },
      ],
    }
  }),
  escalateEvent: vi.fn(async (id, body) => {
    calls.push(['escalate', id, body])
    return { items: [] }
  }),
}))
const { default: WhistleDialog } = await import('./WhistleDialog.vue')

const $ = (selector) => document.body.querySelector(selector)
const $$ = (selector) => [...document.body.querySelectorAll(selector)]
async function type(selector, value) {
  const input = $(selector)
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}

function open() {
  const wrapper = mount(WhistleDialog, {
    props: { modelValue: false, eventId: 7, 'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }) },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  return wrapper
}

describe('WhistleDialog', () => {
  beforeEach(() => {
    calls.length = 0
    failList = false
    document.body.innerHTML = ''
  })

  it('searches the city list by name, ticks departments as chips, sends names with typed ones', async () => {
    const wrapper = open()
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect(calls).toContainEqual(['list'])
    const names = () => $$('[data-testid="whistle-department-list"] label').map((l) => l.textContent.trim())
    expect(names()).toEqual(['市城管局', '市水务局', '市生态环境局'])

    await type('input#whistle-search', '水务')
    expect(names()).toEqual(['市水务局'])
    $('[data-testid="whistle-department-water"]').click()
    await flushPromises()
    await type('input#whistle-search', '没有')
    expect($('[data-testid="whistle-no-match"]').textContent).toContain('没有')
    await type('input#whistle-search', '')
    $('[data-testid="whistle-department-urban_management"]').click()
    await flushPromises()
    expect($$('[data-testid="whistle-chip"]').map((c) => c.getAttribute('aria-label'))).toEqual(['移除 市水务局', '移除 市城管局'])
    // A chip removes its department again.
    $$('[data-testid="whistle-chip"]')[1].click()
    await flushPromises()
    expect($('[data-testid="whistle-department-urban_management"]').checked).toBe(false)

    await type('input#whistle-typed', '区民政局、市水务局')
    await type('textarea#whistle-reason', '需要到场')
    $('[data-testid="whistle-submit"]').click()
    await flushPromises()
    expect(calls).toContainEqual(['escalate', 7, { departments: ['市水务局', '区民政局'], reason: '需要到场' }])
    wrapper.unmount()
  })

  it('asks for a department, and still lets one be typed when the list cannot load', async () => {
    failList = true
    const wrapper = open()
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    expect($('[data-testid="whistle-departments-error"]').textContent).toContain('部门名单加载失败')
    expect($('[data-testid="whistle-department-list"]')).toBe(null)
    $('[data-testid="whistle-submit"]').click()
    await flushPromises()
    expect(calls.some((c) => c[0] === 'escalate')).toBe(false)
    await type('input#whistle-typed', '区民政局')
    await type('textarea#whistle-reason', '需要到场')
    $('[data-testid="whistle-submit"]').click()
    await flushPromises()
    expect(calls).toContainEqual(['escalate', 7, { departments: ['区民政局'], reason: '需要到场' }])
    wrapper.unmount()
  })
})
