// Pure helpers of the charity pages: money in fen shown as yuan, and typed yuan turned into fen
// without floating-point rounding surprises.

/** 12345 → "123.45" (always two decimals; negative amounts keep their sign). */
export function formatFen(fen) {
  const value = Number(fen) || 0
  const sign = value < 0 ? '-' : ''
  const abs = Math.abs(Math.trunc(value))
  const yuan = Math.floor(abs / 100).toLocaleString('en-US')
  return `${sign}${yuan}.${String(abs % 100).padStart(2, '0')}`
}

/** "123.4" → 12340; null when the text is not a yuan amount with at most two decimals. */
export function yuanToFen(text) {
  const match = /^\s*(\d{1,9})(?:\.(\d{1,2}))?\s*$/.exec(String(text ?? ''))
  if (!match) return null
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'))
}

// The officers' pages (funds, donations, needs, disbursements): the blank forms, the checks made
// before anything is sent (the server checks again; a problem is a key of charity.rules.*), and
// the bodies sent.

const DATE = /^\d{4}-\d{2}-\d{2}$/
const COMMUNITY = /^\d{12}$/
const PHONE = /^1\d{10}$/

export const blankFund = (day, community = '') => ({ community, name: '', opened_on: day, managing_organisation: '' })
export const blankDonation = (day) => ({
  kind: 'money', amount: '', item: '', quantity: '', unit: '', estimated_value: '', anonymous: false, donor_name: '', donor_phone: '', donated_on: day,
})
export const blankNeed = (community = '') => ({ community, title: '', description: '', amount: '' })
export const blankDisbursement = () => ({ need_id: '', purpose: '', amount: '' })

/** Field → problem key of a new fund; {} when it may be sent. */
export function fundProblems(form, day) {
  const out = {}
  if (!COMMUNITY.test(form.community)) out.community = 'communityRequired'
  if (!form.name.trim()) out.name = 'nameRequired'
  if (!DATE.test(form.opened_on) || (day && form.opened_on > day)) out.opened_on = 'datePast'
  if (!form.managing_organisation.trim()) out.managing_organisation = 'organisationRequired'
  return out
}

/** Field → problem key of a new donation; {} when it may be sent. */
export function donationProblems(form, day) {
  const out = {}
  if (form.kind === 'money') {
    const fen = yuanToFen(form.amount)
    if (!fen) out.amount = 'amount'
  } else {
    if (!form.item.trim()) out.item = 'itemRequired'
    const quantity = Number(form.quantity)
    if (!Number.isInteger(quantity) || quantity < 1 || String(form.quantity).trim() === '') out.quantity = 'quantity'
    if (!form.unit.trim()) out.unit = 'unitRequired'
    if (yuanToFen(form.estimated_value) === null) out.estimated_value = 'amount'
  }
  if (!form.anonymous && !form.donor_name.trim()) out.donor_name = 'donorRequired'
  const phone = form.donor_phone.replace(/[\s-]/g, '')
  if (phone && !PHONE.test(phone)) out.donor_phone = 'phone'
  if (!DATE.test(form.donated_on) || (day && form.donated_on > day)) out.donated_on = 'datePast'
  return out
}

export function toDonationBody(fundId, form) {
  const body = { fund_id: Number(fundId), kind: form.kind, donated_on: form.donated_on }
  if (form.kind === 'money') body.amount_fen = yuanToFen(form.amount)
  else Object.assign(body, { item: form.item.trim(), quantity: Number(form.quantity), unit: form.unit.trim(), estimated_value_fen: yuanToFen(form.estimated_value) })
  if (form.anonymous) body.anonymous = true
  else body.donor_name = form.donor_name.trim()
  const phone = form.donor_phone.replace(/[\s-]/g, '')
  if (phone) body.donor_phone = phone
  return body
}

/** Field → problem key of a new need; {} when it may be sent. */
export function needProblems(form) {
  const out = {}
  if (!COMMUNITY.test(form.community)) out.community = 'communityRequired'
  if (!form.title.trim()) out.title = 'titleRequired'
  if (!form.description.trim()) out.description = 'descriptionRequired'
  if (!yuanToFen(form.amount)) out.amount = 'amount'
  return out
}

export const toNeedBody = (form) => ({ community: form.community, title: form.title.trim(), description: form.description.trim(), amount_fen: yuanToFen(form.amount) })

/** Field → problem key of a disbursement request from a fund of `balanceFen`; {} when it may be sent. */
export function disbursementProblems(form, balanceFen) {
  const out = {}
  if (!form.need_id && !form.purpose.trim()) out.purpose = 'purposeRequired'
  const fen = yuanToFen(form.amount)
  if (!fen) out.amount = 'amount'
  else if (balanceFen !== undefined && fen > balanceFen) out.amount = 'overBalance'
  return out
}

export function toDisbursementBody(fundId, form) {
  const body = { fund_id: Number(fundId), amount_fen: yuanToFen(form.amount) }
  if (form.need_id) body.need_id = Number(form.need_id)
  if (form.purpose.trim()) body.purpose = form.purpose.trim()
  return body
}

/** 13812345678 → 138****5678 (an already masked or short number is returned as it is). */
export function maskPhone(phone) {
  const text = String(phone ?? '')
  return /^\d{11}$/.test(text) ? `${text.slice(0, 3)}****${text.slice(7)}` : text
}

/**
 * The ledger entries that may still be reversed: not a reversal themselves and not reversed yet
 * (the server also refuses one that would leave the balance below zero).
 */
export function reversibleIds(entries) {
  const reversed = new Set(entries.filter((e) => e.reverses_entry_id).map((e) => e.reverses_entry_id))
  return new Set(entries.filter((e) => e.kind !== 'reversal' && !reversed.has(e.id)).map((e) => e.id))
}

/** The needs a disbursement may go to: open or partly met, of the fund's community. */
export const payableNeeds = (needs, community) => needs.filter((n) => (n.status === 'open' || n.status === 'partly') && n.community_code === community)

/** What a need still lacks, in fen (never below zero). */
export const needRemainingFen = (need) => Math.max(0, (need.amount_fen || 0) - (need.disbursed_fen || 0))

/** The verify answer reduced to what the page says: {balanced, checked, failing: [fund check]}. */
export const verifySummary = (answer) => ({
  balanced: Boolean(answer?.balanced),
  checked: answer?.items?.length ?? 0,
  failing: (answer?.items ?? []).filter((c) => !c.balanced),
})
