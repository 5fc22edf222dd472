import { describe, it, expect } from 'vitest'
import zhCN from '../../locales/zh-CN/index.js'
import {
  guideEntries, sampleFormType, formatBytes,
  CATEGORIES, HANDLING_MODES, CHANNELS, STATES, ACTIONS, serviceLabel, formatFee, formatWorkingDays,
  chinaDate, formatTime, formatClock, chinaInstant, catalogueFiltersFromQuery, catalogueFiltersToQuery,
  materialType, checkMaterial, MAX_MATERIAL_BYTES, checkRequestForm, requestBody, newIdempotencyKey,
  actionInput, isOneClick, checkTransition, transitionBody, orderedActions, pageOf, defaultCommunity,
  itemToForm, checkItemForm, formToItem, formFieldOf,
} from './serviceLogic.js'

// A t() over the Chinese messages with {name} interpolation, returning the key when missing.
function t(key, params = {}) {
  const value = key.split('.').reduce((o, k) => (o && typeof o === 'object' ? o[k] : undefined), zhCN)
  if (typeof value !== 'string') return key
  return value.replace(/\{(\w+)\}/g, (_, name) => String(params[name]))
}

const ITEM = {
  code: 'YZ-YL-004', name: '居家养老服务', category: 'elderly_care', channels: ['web', 'window'],
  handling_modes: ['appointment', 'entrusted'], retired: false,
}

describe('labels', () => {
  it('has a Chinese label for every enumeration value and action', () => {
    for (const [group, values] of [['categories', CATEGORIES], ['modes', HANDLING_MODES], ['channels', CHANNELS], ['states', STATES], ['actions', ACTIONS]]) {
      for (const value of values) expect(serviceLabel(t, group, value), `${group}.${value}`).not.toBe(value)
    }
    expect(serviceLabel(t, 'states', 'in_progress')).toBe('办理中')
    expect(serviceLabel(t, 'modes', 'grid_proxy')).toBe('网格代办')
  })
  it('falls back to the server label, then the raw value, and shows — for nothing', () => {
    expect(serviceLabel(t, 'categories', 'astrology', '占星')).toBe('占星')
    expect(serviceLabel(t, 'categories', 'astrology')).toBe('astrology')
    expect(serviceLabel(t, 'categories', '')).toBe('—')
  })
  it('formats fees in yuan and time limits in working days', () => {
    expect(formatFee(t, 0)).toBe('不收费')
    expect(formatFee(t, 1250)).toBe('12.50 元')
    expect(formatWorkingDays(t, 0)).toBe('即办')
    expect(formatWorkingDays(t, 20)).toBe('20 个工作日')
  })
})

describe('China time', () => {
  it('uses UTC+8 for dates and clock times', () => {
    const instant = Date.UTC(2026, 0, 31, 17, 5) // 2026-02-01 01:05 in China
    expect(chinaDate(instant)).toBe('2026-02-01')
    expect(formatTime(instant)).toBe('2026-02-01 01:05')
    expect(formatClock(instant)).toBe('01:05')
    expect(formatTime(null)).toBe('—')
  })
  it('parses a China date and time back to the same instant', () => {
    expect(chinaInstant('2026-02-01', '01:05')).toBe(Date.UTC(2026, 0, 31, 17, 5))
    expect(chinaInstant('2026-2-1', '01:05')).toBeNull()
    expect(chinaInstant('2026-02-01', '')).toBeNull()
  })
})

describe('catalogue filters', () => {
  it('keeps known values from the address and drops the rest', () => {
    const filters = catalogueFiltersFromQuery({ q: ' 高龄 ', category: 'elderly_care', mode: 'fly', channel: 'kiosk', fully_online: 'true' })
    expect(filters).toEqual({ q: '高龄', category: 'elderly_care', mode: '', channel: 'kiosk', fully_online: 'true' })
    expect(catalogueFiltersToQuery(filters)).toEqual({ q: '高龄', category: 'elderly_care', channel: 'kiosk', fully_online: 'true' })
    expect(catalogueFiltersToQuery(catalogueFiltersFromQuery({ fully_online: 'false' }))).toEqual({})
  })
})

describe('materials', () => {
  it('accepts PDF, JPEG and PNG up to 10 MB, by type or extension', () => {
    expect(materialType({ name: 'a.PDF', type: '' })).toBe('application/pdf')
    expect(materialType({ name: 'scan.jpg', type: 'image/jpeg' })).toBe('image/jpeg')
    expect(materialType({ name: 'a.gif', type: 'image/gif' })).toBeNull()
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: 100 })).toBeNull()
    expect(checkMaterial({ name: 'a.html', type: 'text/html', size: 100 })).toBe('materialType')
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: 0 })).toBe('materialEmpty')
    expect(checkMaterial({ name: 'a.pdf', type: 'application/pdf', size: MAX_MATERIAL_BYTES + 1 })).toBe('materialSize')
    expect(checkMaterial(null)).toBeNull()
  })
})

describe('the request form', () => {
  const good = { item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'entrusted', applicant_id: 7, slot_id: '', note: '' }
  it('passes a complete form', () => {
    expect(checkRequestForm(good, ITEM)).toEqual({})
  })
  it('names every missing field', () => {
    expect(checkRequestForm({ item_code: '', channel: '', handling_mode: '', applicant_id: '' }, null)).toEqual({
      item_code: 'itemRequired', channel: 'channelRequired', handling_mode: 'modeRequired', applicant_id: 'applicantRequired',
    })
  })
  it('refuses what the item does not allow and wants a slot for appointments', () => {
    expect(checkRequestForm({ ...good, channel: 'kiosk', handling_mode: 'home_visit' }, ITEM))
      .toEqual({ channel: 'channelNotAllowed', handling_mode: 'modeNotAllowed' })
    expect(checkRequestForm({ ...good, handling_mode: 'appointment' }, ITEM)).toEqual({ slot_id: 'slotRequired' })
    expect(checkRequestForm(good, { ...ITEM, retired: true })).toEqual({ item_code: 'itemRetired' })
    expect(checkRequestForm({ ...good, note: 'x'.repeat(501) }, ITEM)).toEqual({ note: 'noteTooLong' })
  })
  it('sends the slot only for appointments and trims the note', () => {
    expect(requestBody({ ...good, slot_id: 5, note: '  代老人申请 ' }))
      .toEqual({ item_code: 'YZ-YL-004', channel: 'window', handling_mode: 'entrusted', applicant_id: 7, note: '代老人申请' })
    expect(requestBody({ ...good, handling_mode: 'appointment', slot_id: '5' }).slot_id).toBe(5)
  })
  it('makes idempotency keys of visible ASCII within 100 characters, different each time', () => {
    const a = newIdempotencyKey()
    const b = newIdempotencyKey()
    expect(a).toMatch(/^[\x21-\x7e]{1,100}$/)
    expect(a).not.toBe(b)
  })
})

describe('transitions', () => {
  it('asks for a reason where the server requires one', () => {
    expect(actionInput('reject')).toEqual({ reason: 'required' })
    expect(actionInput('return_for_material')).toEqual({ reason: 'required' })
    expect(actionInput('close', 'returned')).toEqual({ reason: 'required' })
    expect(actionInput('close', 'completed')).toEqual({ reason: 'optional' })
    expect(isOneClick('accept', 'submitted')).toBe(true)
    expect(isOneClick('complete', 'in_progress')).toBe(false)
  })
  it('checks the input and builds the body with only the fields the action takes', () => {
    expect(checkTransition('reject', 'submitted', { reason: '  ' })).toEqual({ reason: 'reasonRequired' })
    expect(checkTransition('rate', 'completed', { rating: '6' })).toEqual({ rating: 'ratingRequired' })
    expect(checkTransition('rate', 'completed', { rating: '4' })).toEqual({})
    expect(checkTransition('close', 'completed', {})).toEqual({})
    expect(transitionBody('rate', 'completed', { rating: '4', comment: ' 很好 ', reason: 'x' }))
      .toEqual({ action: 'rate', rating: 4, comment: '很好' })
    expect(transitionBody('complete', 'in_progress', { outcome: '已发放', reason: 'x' })).toEqual({ action: 'complete', outcome: '已发放' })
    expect(transitionBody('close', 'completed', { reason: '' })).toEqual({ action: 'close' })
  })
  it('orders the allowed actions as the buttons appear', () => {
    expect(orderedActions(['withdraw', 'accept', 'reject', 'unknown'])).toEqual(['accept', 'reject', 'withdraw'])
  })
})

describe('the desk', () => {
  it('pages the queue on the client and keeps the page in range', () => {
    const list = Array.from({ length: 45 }, (_, i) => i)
    expect(pageOf(list, 1, 20)).toEqual({ items: list.slice(0, 20), page: 1, pages: 3 })
    expect(pageOf(list, 3, 20).items).toEqual([40, 41, 42, 43, 44])
    expect(pageOf(list, 9, 20).page).toBe(3)
    expect(pageOf([], 1, 20)).toEqual({ items: [], page: 1, pages: 1 })
  })
  it('opens the community from the address, else the one community of the grants', () => {
    expect(defaultCommunity('321002001002', [])).toBe('321002001002')
    expect(defaultCommunity('', [{ scope_code: '321002001002' }])).toBe('321002001002')
    expect(defaultCommunity('', [{ scope_code: '321002001002003' }])).toBe('321002001002')
    expect(defaultCommunity('', [{ scope_code: '3210' }])).toBe('')
    expect(defaultCommunity('', [{ scope_code: '321002001002' }, { scope_code: '321002001003' }])).toBe('')
  })
})

describe('the catalogue editor', () => {
  const item = {
    code: 'YZ-T01', name: '测试事项', category: 'certificates', responsible_departments: ['社区居委会'],
    eligible_groups: ['本社区居民', '外来人口'], required_materials: ['居民身份证'], legal_basis: '依据',
    fee_fen: 1250, promised_working_days: 2, handling_modes: ['entrusted', 'appointment'], channels: ['window', 'web'], fully_online: false,
    steps: [{ title: '申请', description: '提交材料' }, { title: '办结', description: '' }],
  }
  it('goes from item to form and back unchanged (enumerations in canonical order)', () => {
    const form = itemToForm(item)
    expect(form.fee_yuan).toBe('12.50')
    expect(form.eligible_groups).toBe('本社区居民\n外来人口')
    expect(checkItemForm(form, { creating: true })).toEqual({})
    expect(formToItem(form)).toEqual({ ...item, handling_modes: ['appointment', 'entrusted'], channels: ['web', 'window'] })
  })
  it('names the fields that fail', () => {
    const form = { ...itemToForm(null), code: 'bad code', fee_yuan: '1.234', promised_working_days: '-1' }
    expect(checkItemForm(form, { creating: true })).toEqual({
      code: 'codeFormat', name: 'nameRequired', category: 'categoryRequired', fee_fen: 'feeFormat',
      promised_working_days: 'daysFormat', handling_modes: 'modesRequired', channels: 'channelsRequired',
      responsible_departments: 'departmentsRequired', eligible_groups: 'groupsRequired',
      required_materials: 'materialsRequired', legal_basis: 'legalBasisRequired',
    })
    expect(checkItemForm({ ...itemToForm(item), promised_working_days: '366' }, { creating: false })).toEqual({ promised_working_days: 'daysFormat' })
    expect(checkItemForm({ ...itemToForm(item), channels: ['window'], fully_online: true }, { creating: false })).toEqual({ fully_online: 'onlineNeedsWeb' })
    expect(checkItemForm({ ...itemToForm(item), code: 'whatever' }, { creating: false })).toEqual({})
  })
  it('checks the steps as the server does and drops blank rows', () => {
    const form = itemToForm(item)
    form.steps.push({ title: '  ', description: '' })
    expect(formToItem(form).steps).toEqual(item.steps)
    const check = (steps) => checkItemForm({ ...itemToForm(item), steps }, { creating: false })
    expect(check([{ title: '', description: '说明' }])).toEqual({ steps: 'stepTitleRequired' })
    expect(check([{ title: '受'.repeat(31), description: '' }])).toEqual({ steps: 'stepTitleLength' })
    expect(check([{ title: '受'.repeat(30), description: '字'.repeat(200) }])).toEqual({})
    expect(check([{ title: '申请', description: '字'.repeat(201) }])).toEqual({ steps: 'stepDescriptionLength' })
    expect(check([{ title: '申请', description: '' }, { title: '申请', description: 'x' }])).toEqual({ steps: 'stepTitleRepeated' })
    expect(check(Array.from({ length: 21 }, (_, i) => ({ title: `第${i}步`, description: '' })))).toEqual({ steps: 'stepsTooMany' })
    expect(formFieldOf('steps[1].title')).toBe('steps')
  })
  it('offers 在线申请 for web or mobile items and 预约办理 for appointment items', () => {
    expect(guideEntries({ ...item, offers_online_application: true, offers_appointment: true }).map((e) => e.to)).toEqual([
      { path: '/my/apply', query: { item: 'YZ-T01' } },
      { path: '/my/apply', query: { item: 'YZ-T01', mode: 'appointment' } },
    ])
    expect(guideEntries({ ...item, channels: ['window'], handling_modes: ['entrusted'] })).toEqual([])
    expect(guideEntries({ ...item, channels: ['mobile'], handling_modes: ['home_visit'] }).map((e) => e.key)).toEqual(['apply'])
    expect(guideEntries({ ...item, retired: true })).toEqual([])
    expect(guideEntries(null)).toEqual([])
  })
  it('at a kiosk, offers 在线申请 for kiosk items and leads to the kiosk\'s own page', () => {
    const kiosk = { kiosk: true }
    expect(guideEntries({ ...item, channels: ['web', 'kiosk'], handling_modes: ['appointment'] }, kiosk).map((e) => e.to)).toEqual([
      { path: '/kiosk/apply', query: { item: 'YZ-T01' } },
      { path: '/kiosk/apply', query: { item: 'YZ-T01', mode: 'appointment' } },
    ])
    // Online on the web but not at the kiosk: no 在线申请 there, whatever the server's web flag says.
    expect(guideEntries({ ...item, offers_online_application: true, channels: ['web'], handling_modes: ['self_service'] }, kiosk)).toEqual([])
  })
  it('types sample forms by extension and sizes them for people', () => {
    expect(sampleFormType('申请表.PDF')).toBe('application/pdf')
    expect(sampleFormType('a.docx')).toMatch(/wordprocessingml/)
    expect(sampleFormType('a.xlsx')).toMatch(/spreadsheetml/)
    expect(sampleFormType('a.doc')).toBe('')
    expect(sampleFormType('')).toBe('')
    expect(formatBytes(900)).toBe('900 B')
    expect(formatBytes(12 * 1024)).toBe('12 KB')
    expect(formatBytes(1.5 * 1024 * 1024)).toBe('1.5 MB')
  })
  it('maps API error fields onto form fields', () => {
    expect(formFieldOf('channels')).toBe('channels')
    expect(formFieldOf('channels[0]')).toBe('channels')
    expect(formFieldOf('required_materials[2]')).toBe('required_materials')
    expect(formFieldOf(null)).toBeNull()
  })
})
