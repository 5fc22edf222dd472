// Chinese resident identity numbers (GB 11643-1999), mirroring the server's
// src/core/identity/id_number.cpp: 6-digit area code (province part checked), birth date
// YYYYMMDD (1900-01-01 .. today), 3-digit sequence (odd = male), ISO 7064 MOD 11-2 check
// character. Errors are rule keys under people.rules.*; the messages match the server's.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const CHECK_CHARACTERS = '10X98765432'
const PROVINCE_CODES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43,
  44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82])
const EARLIEST_BIRTH = '1900-01-01'

/** The check character ('0'..'9' or 'X') of the first 17 digits. */
export function idCheckCharacter(first17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]
  return CHECK_CHARACTERS[sum % 11]
}

function validDate(y, m, d) {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

function localToday(now = new Date()) {
  const pad = (n) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/**
 * Parses an identity number. Returns {error: ruleKey} or {value: {text, areaCode, birthDate,
 * sex}} with the text normalised (trimmed, check character upper-case).
 * @param {string} input
 * @param {string} [today] YYYY-MM-DD, defaults to the browser's date
 */
export function parseIdNumber(input, today = localToday()) {
  const text = String(input ?? '').trim()
  if (!text) return { error: 'idRequired' }
  if (text.length !== 18) return { error: 'idLength' }
  const normalised = text.slice(0, 17) + text[17].toUpperCase()
  if (!/^\d{17}[\dX]$/.test(normalised)) return { error: 'idChars' }
  if (!PROVINCE_CODES.has(Number(normalised.slice(0, 2)))) return { error: 'idArea' }
  const y = Number(normalised.slice(6, 10))
  const m = Number(normalised.slice(10, 12))
  const d = Number(normalised.slice(12, 14))
  if (!validDate(y, m, d)) return { error: 'idBirthInvalid' }
  const birthDate = `${normalised.slice(6, 10)}-${normalised.slice(10, 12)}-${normalised.slice(12, 14)}`
  if (birthDate < EARLIEST_BIRTH) return { error: 'idBirthEarly' }
  if (birthDate > today) return { error: 'idBirthFuture' }
  if (idCheckCharacter(normalised) !== normalised[17]) return { error: 'idCheck' }
  return {
    value: {
      text: normalised,
      areaCode: normalised.slice(0, 6),
      birthDate,
      sex: Number(normalised[16]) % 2 === 1 ? 'male' : 'female',
    },
  }
}

/** The rule key broken by an identity number, or null when it is valid. */
export const checkIdNumber = (input, today) => parseIdNumber(input, today).error || null

/** True when the server sent the number masked (*****************4). */
export const isMasked = (value) => String(value ?? '').includes('*')

/** The server's mask: only the last character kept (no region, no birth date). */
export function maskIdNumber(id) {
  const text = String(id ?? '')
  if (text.length < 8) return '*'.repeat(text.length)
  return '*'.repeat(text.length - 1) + text.slice(-1)
}
