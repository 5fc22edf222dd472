import { describe, it, expect } from 'vitest'
import { parseIdNumber, checkIdNumber, idCheckCharacter, maskIdNumber, isMasked } from './idNumber.js'

const TODAY = '2026-05-01'

describe('GB 11643 identity numbers', () => {
  it('accepts the standard example with an X check character', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X')
    expect(parseIdNumber('11010519491231002X', TODAY)).toEqual({
      value: { text: '11010519491231002X', areaCode: '110105', birthDate: '1949-12-31', sex: 'female' },
    })
    // Lower-case x and blanks around are accepted and normalised, as on the server.
    expect(parseIdNumber(' 11010519491231002x ', TODAY).value.text).toBe('11010519491231002X')
  })

  it('rejects the example with any one digit changed (校验码错误)', () => {
    const valid = '11010519491231002X'
    for (let i = 14; i < 17; i++) {
      const digit = String((Number(valid[i]) + 1) % 10)
      const changed = valid.slice(0, i) + digit + valid.slice(i + 1)
      expect(checkIdNumber(changed, TODAY), changed).toBe('idCheck')
    }
    // The server's own test cases.
    expect(checkIdNumber('110105194912310021', TODAY)).toBe('idCheck')
    expect(checkIdNumber('110105194912310020', TODAY)).toBe('idCheck')
    expect(checkIdNumber('321002198001010015', TODAY)).toBe('idCheck')
  })

  it('derives sex from the sequence code and accepts computed check digits', () => {
    const body = '32100219800101001'
    const id = body + idCheckCharacter(body)
    expect(parseIdNumber(id, TODAY).value).toMatchObject({ sex: 'male', birthDate: '1980-01-01', areaCode: '321002' })
  })

  it('names what is wrong, in the server\'s order', () => {
    expect(checkIdNumber('', TODAY)).toBe('idRequired')
    expect(checkIdNumber('1101051949123100', TODAY)).toBe('idLength')
    expect(checkIdNumber('11010519491231002XX', TODAY)).toBe('idLength')
    expect(checkIdNumber('1101051949123100AX', TODAY)).toBe('idChars')
    expect(checkIdNumber('11010519491231002Y', TODAY)).toBe('idChars')
    expect(checkIdNumber('99010519491231002X', TODAY)).toBe('idArea')
    expect(checkIdNumber('110105194902300021', TODAY)).toBe('idBirthInvalid')
    expect(checkIdNumber('110105189912310021', TODAY)).toBe('idBirthEarly')
    expect(checkIdNumber('110105202612310021', TODAY)).toBe('idBirthFuture')
  })

  it('masks like the server and recognises masked values', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('*****************X')
    expect(isMasked('*****************4')).toBe(true)
    expect(isMasked('11010519491231002X')).toBe(false)
  })
})
