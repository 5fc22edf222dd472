import { describe, it, expect } from 'vitest'
import { passwordKinds, passwordProblem, changeFormProblems } from './passwordRules.js'

describe('password rules', () => {
  it('counts letters (non-ASCII too), digits and symbols as the server does', () => {
    expect(passwordKinds('abcdefghijkl')).toBe(1)
    expect(passwordKinds('abcdef123456')).toBe(2)
    expect(passwordKinds('邻里邻里邻里12')).toBe(2)
    expect(passwordKinds('a1!')).toBe(3)
    expect(passwordKinds('!!!!')).toBe(1)
  })

  it('checks length in characters, kinds and the username', () => {
    expect(passwordProblem('')).toBe('required')
    expect(passwordProblem('short1!')).toBe('tooShort')
    expect(passwordProblem('邻'.repeat(11) + '1')).toBe('')
    expect(passwordProblem('a1'.repeat(65))).toBe('tooLong')
    expect(passwordProblem('a1'.repeat(64))).toBe('')
    expect(passwordProblem('abcdefghijklmn')).toBe('kinds')
    expect(passwordProblem('xx-Worker7-2026', 'worker7')).toBe('containsUsername')
    expect(passwordProblem('Quiet-River-2026', 'worker7')).toBe('')
  })

  it('checks the change form field by field', () => {
    expect(changeFormProblems({ current_password: '', password: '', confirm: '' })).toEqual({
      current_password: 'currentRequired', password: 'required', confirm: 'confirmRequired',
    })
    expect(changeFormProblems({ current_password: 'Old-pass-2026', password: 'Old-pass-2026', confirm: 'Old-pass-2026' }))
      .toMatchObject({ password: 'sameAsCurrent', confirm: '' })
    expect(changeFormProblems({ current_password: 'x', password: 'Quiet-River-2026', confirm: 'Quiet-River-2025' }))
      .toEqual({ current_password: '', password: '', confirm: 'mismatch' })
    expect(changeFormProblems({ current_password: 'x', password: 'Quiet-River-2026', confirm: 'Quiet-River-2026' }))
      .toEqual({ current_password: '', password: '', confirm: '' })
  })
})
