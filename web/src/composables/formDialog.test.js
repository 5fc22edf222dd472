import { describe, it, expect } from 'vitest'
import { reactive, nextTick } from 'vue'
import { ApiError } from '../api/client.js'
import { useFormDialog } from './formDialog.js'

function setUp(options = {}) {
  const props = reactive({ modelValue: false })
  const emitted = []
  const emit = (name, value) => {
    emitted.push([name, value])
    if (name === 'update:modelValue') props.modelValue = value
  }
  const dialog = useFormDialog({
    props, emit, t: (key) => key, fields: ['name', 'date'], blank: () => ({ name: '', date: '2026-01-01' }), ...options,
  })
  return { props, emitted, dialog }
}

describe('form dialog state', () => {
  it('starts each opening with a blank form and no errors', async () => {
    const { props, dialog } = setUp()
    dialog.form.name = '旧值'
    dialog.errors.name = '错'
    dialog.generalError.value = '错'
    props.modelValue = true
    await nextTick()
    expect(dialog.form).toEqual({ name: '', date: '2026-01-01' })
    expect(dialog.errors).toEqual({ name: '', date: '' })
    expect(dialog.generalError.value).toBe('')
  })

  it('closes after a successful save', async () => {
    const { props, emitted, dialog } = setUp()
    props.modelValue = true
    await dialog.send(async () => {})
    expect(emitted).toEqual([['update:modelValue', false]])
    expect(dialog.saving.value).toBe(false)
  })

  it('puts the server message beside the field it names, else above the form, and stays open', async () => {
    const { props, dialog } = setUp()
    props.modelValue = true
    await dialog.send(async () => { throw new ApiError({ status: 422, code: 'invalid', message: '日期格式不对', field: 'date' }) })
    expect(dialog.errors.date).toBe('日期格式不对')
    expect(dialog.generalError.value).toBe('')
    await dialog.send(async () => { throw new ApiError({ status: 409, code: 'conflict', message: '已被占用', field: 'other' }) })
    expect(dialog.generalError.value).toBe('已被占用')
    expect(props.modelValue).toBe(true)
    dialog.clearErrors()
    expect(dialog.errors.date).toBe('')
    expect(dialog.generalError.value).toBe('')
  })

  it('lets the dialog say which field a failure belongs to', async () => {
    const { dialog } = setUp({ fieldOf: (e) => (e.code === 'already_exists' ? 'name' : null) })
    await dialog.send(async () => { throw new ApiError({ status: 409, code: 'already_exists', message: '已存在' }) })
    expect(dialog.errors.name).toBe('已存在')
  })
})
