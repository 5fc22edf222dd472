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

const calls = []
let answer = null
vi.mock('../../api/care.js', () => ({
  recordFindingOutcome: vi.fn(async (id, body) => {
    calls.push([id, body])
    if (answer instanceof Error) throw answer
    return { ...FINDING, status: body.status, outcome_note: body.note || '' }
  }),
}))
const { default: FindingOutcomeDialog } = await import('./FindingOutcomeDialog.vue')

const FINDING = {
  id: 41, resident_id: 7, resident_name: '王桂英', place_name: '个园社区居委会', benefit: 'advanced_age_allowance',
  benefit_name: '高龄津贴', kind: 'eligible', status: 'open', found_on: '2026-05-02',
}
const $ = (selector) => document.body.querySelector(selector)
const $$ = (selector) => [...document.body.querySelectorAll(selector)]

async function open(finding = FINDING) {
  const recorded = []
  const wrapper = mount(FindingOutcomeDialog, {
    props: { modelValue: false, finding, 'onUpdate:modelValue': (v) => wrapper.setProps({ modelValue: v }), onRecorded: (f) => recorded.push(f) },
    global: { plugins: [createAppI18n('zh-CN')] },
    attachTo: document.body,
  })
  await wrapper.setProps({ modelValue: true })
  await flushPromises()
  return { wrapper, recorded }
}
async function choose(status) {
  const input = $(`[data-testid="finding-outcome-${status}"]`)
  input.checked = true
  input.dispatchEvent(new Event('change'))
  await flushPromises()
}
async function type(value) {
  const input = $('#finding-outcome-note')
  input.value = value
  input.dispatchEvent(new Event('input'))
  await flushPromises()
}
async function submit() {
  $('[data-testid="finding-outcome-submit"]').click()
  await flushPromises()
}
const choices = () => $$('.choice-name').map((n) => n.textContent.trim())

describe('FindingOutcomeDialog', () => {
  beforeEach(() => {
    document.body.innerHTML = ''
    calls.length = 0
    answer = null
  })

  it('offers the outcomes of a finding of someone who may qualify, and sends the chosen one with its note', async () => {
    const { wrapper, recorded } = await open()
    expect(choices()).toEqual(['已协助申请', '本人放弃', '核实不符合', '已纳入享受'])
    expect($('.intro').textContent).toContain('可能符合条件，2026-05-02 发现')
    await choose('applied')
    await type(' 已协助递交申请 ')
    await submit()
    expect(calls).toEqual([[41, { status: 'applied', note: '已协助递交申请' }]])
    expect(recorded[0].status).toBe('applied')
    expect(wrapper.props('modelValue')).toBe(false)
  })

  it('offers 已停发 and 核实仍符合 for someone who may no longer qualify', async () => {
    await open({ ...FINDING, kind: 'no_longer_eligible' })
    expect(choices()).toEqual(['已停发', '核实仍符合（继续享受）', '本人放弃'])
    expect($('[data-testid="finding-outcome-enrolled"]')).toBeNull()
  })

  it('refuses no outcome before sending anything', async () => {
    const { wrapper } = await open()
    await submit()
    expect(calls).toEqual([])
    expect($('[data-testid="finding-outcome-status-error"]').textContent).toBe('请选择结果')
    expect(wrapper.props('modelValue')).toBe(true)
  })

  it('shows a refusal naming the note beside it, and one naming nothing above the form', async () => {
    const { wrapper } = await open()
    await choose('declined')
    answer = new ApiError({ status: 422, code: 'validation_failed', message: 'note 含有不允许的字符', field: 'note' })
    await submit()
    // Element Plus shows the field's error under it (its message is animated in; happy-dom
    // stubs the transition), so the test reads the form item's state.
    expect($('[data-testid="finding-outcome-note"]').closest('.el-form-item').classList.contains('is-error')).toBe(true)
    expect(wrapper.findComponent({ name: 'ElFormItem' }).props('error')).toBe('note 含有不允许的字符')
    expect($('[data-testid="finding-outcome-error"]')).toBeNull()
    answer = new ApiError({ status: 409, code: 'failed_precondition', message: '线索已处理' })
    await submit()
    expect($('[data-testid="finding-outcome-error"]').textContent).toContain('线索已处理')
    expect(wrapper.props('modelValue')).toBe(true)
  })
})
