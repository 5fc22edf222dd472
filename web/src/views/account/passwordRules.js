// The password rules the server applies (src/domain/access/password.cpp and
// password_policy.cpp), checked before sending so that the user learns at once: 12 to 128
// characters (code points), at least two of letters (any non-ASCII character counts as one),
// digits and symbols, not containing the username. The list of common passwords stays on
// the server; its 422 on `password` is shown beside the field.

export const MIN_PASSWORD_LENGTH = 12
export const MAX_PASSWORD_LENGTH = 128

/** The number of kinds (letters, digits, symbols) the password mixes. */
export function passwordKinds(password) {
  let letter = false
  let digit = false
  let symbol = false
  for (const ch of String(password)) {
    if (ch.codePointAt(0) >= 0x80 || /[a-zA-Z]/.test(ch)) letter = true
    else if (/[0-9]/.test(ch)) digit = true
    else symbol = true
  }
  return Number(letter) + Number(digit) + Number(symbol)
}

/**
 * What is wrong with a new password, as the key of its message under accounts.rules
 * ('' when nothing is): required, tooShort, tooLong, kinds, containsUsername.
 */
export function passwordProblem(password, username = '') {
  const text = String(password ?? '')
  if (!text) return 'required'
  const length = [...text].length
  if (length < MIN_PASSWORD_LENGTH) return 'tooShort'
  if (length > MAX_PASSWORD_LENGTH) return 'tooLong'
  if (passwordKinds(text) < 2) return 'kinds'
  if (username && text.toLowerCase().includes(String(username).toLowerCase())) return 'containsUsername'
  return ''
}

/**
 * The problem of the own-change form, field by field (keys under accounts.rules, '' for
 * none): the current password is required, the new one follows the rules and differs from
 * it, the confirmation repeats it.
 */
export function changeFormProblems({ current_password, password, confirm }, username = '') {
  let newProblem = passwordProblem(password, username)
  if (!newProblem && password === current_password) newProblem = 'sameAsCurrent'
  return {
    current_password: current_password ? '' : 'currentRequired',
    password: newProblem,
    confirm: !confirm ? 'confirmRequired' : confirm !== password ? 'mismatch' : '',
  }
}

/** An el-form validator of one problem function: the message of its key, or none. */
export function ruleOf(problem, t) {
  return {
    trigger: 'blur',
    validator: (_rule, _value, callback) => {
      const key = problem()
      callback(key ? new Error(t(`accounts.rules.${key}`)) : undefined)
    },
  }
}
