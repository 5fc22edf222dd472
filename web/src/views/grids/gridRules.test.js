import { describe, it, expect } from 'vitest'
import zhCN from '../../locales/zh-CN/index.js'
import {
  checkName, checkKind, checkHouseholds, checkCode, validateGridForm, gridFormRules, toGridPayload,
} from './gridRules.js'

const COMMUNITY = '321002001001'

describe('grid form rules', () => {
  it('requires a name of at most 50 characters', () => {
    expect(checkName('')).toBe('nameRequired')
    expect(checkName('   ')).toBe('nameRequired')
    expect(checkName('一'.repeat(50))).toBeNull()
    expect(checkName('一'.repeat(51))).toBe('nameTooLong')
    expect(checkName('皮市街第一网格')).toBeNull()
  })

  it('accepts the two grid kinds only', () => {
    expect(checkKind('ordinary')).toBeNull()
    expect(checkKind('dedicated')).toBeNull()
    expect(checkKind('')).toBe('kindRequired')
    expect(checkKind('micro')).toBe('kindRequired')
  })

  it('wants planned households as an integer 0..5000', () => {
    expect(checkHouseholds('')).toBe('householdsRequired')
    for (const ok of ['0', '300', '5000', 42]) expect(checkHouseholds(ok)).toBeNull()
    for (const bad of ['-1', '5001', '3.5', 'abc', '1e3', '12 户']) expect(checkHouseholds(bad)).toBe('householdsRange')
  })

  it('takes an optional code that is the community code plus 3 digits', () => {
    expect(checkCode('', COMMUNITY)).toBeNull()
    expect(checkCode(`${COMMUNITY}001`, COMMUNITY)).toBeNull()
    expect(checkCode(`${COMMUNITY}01`, COMMUNITY)).toBe('codeFormat')
    expect(checkCode(`${COMMUNITY}0001`, COMMUNITY)).toBe('codeFormat')
    expect(checkCode('321002001002001', COMMUNITY)).toBe('codeFormat')
    expect(checkCode(`${COMMUNITY}a01`, COMMUNITY)).toBe('codeFormat')
  })

  it('validates a whole form and builds the request body', () => {
    const form = { name: ' 一号网格 ', kind: 'ordinary', planned_households: '300', code: '', valid_from: '' }
    expect(validateGridForm(form, COMMUNITY)).toEqual({})
    expect(toGridPayload(form, COMMUNITY)).toEqual({
      community_code: COMMUNITY, name: '一号网格', kind: 'ordinary', planned_households: 300,
    })
    expect(validateGridForm({ name: '', kind: 'x', planned_households: '9999', code: '1', valid_from: '' }, COMMUNITY))
      .toEqual({ name: 'nameRequired', kind: 'kindRequired', planned_households: 'householdsRange', code: 'codeFormat' })
  })

  it('gives el-form validators with Chinese messages', () => {
    const t = (key) => key.split('.').reduce((o, k) => o[k], zhCN)
    const rules = gridFormRules(t, () => COMMUNITY)
    const run = (field, value) => {
      let result
      rules[field][0].validator({}, value, (error) => { result = error?.message ?? null })
      return result
    }
    expect(run('name', '')).toBe('请输入网格名称')
    expect(run('name', '一'.repeat(51))).toBe('网格名称不能超过50个字')
    expect(run('planned_households', '5001')).toBe('计划户数必须是0到5000之间的整数')
    expect(run('code', '123')).toBe('网格编码必须是所属社区编码加3位数字')
    expect(run('code', `${COMMUNITY}123`)).toBeNull()
  })
})
