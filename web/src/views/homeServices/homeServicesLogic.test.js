import { describe, it, expect, vi, afterEach } from 'vitest'
import {
  toFen, formatYuan, priceProblem, estimateCost, farAway, distanceText, orderActions, providerActions, statusTone,
  chinaLocalToMs, msToChinaLocal, proposedSchedule, scheduleProblem, locate, locationBody, isMasked, telHref,
  providerFiltersFromQuery, providerFiltersToQuery, providerFiltersToApi, orderFiltersFromQuery, orderFiltersToQuery,
  orderFiltersToApi, providerOrderFiltersFromQuery, providerOrderFiltersToQuery, providerOrderFiltersToApi,
  shownProviderOrders, emptyProviderForm, providerToForm, providerProblems, toProviderBody, formFieldOf, withArea,
  blankOrderForm, orderProblems, toOrderBody, residentPlace, unitsProblem, ratingProblem, defaultStatementMonth,
  monthClosable, balanceState, canCloseStatement, serviceName, locationNote,
  ownOrderActions, ownOrderProblems, toOwnOrderBody, offersByService, nextDay,
} from './homeServicesLogic.js'
import { providerQuery, providerExportUrl, PROVIDER_IMPORT_TEMPLATE_URL } from '../../api/homeServices.js'

const t = (key, params) => (params ? `${key}:${JSON.stringify(params)}` : key)
const perms = (...list) => (p) => list.includes(p)

describe('money', () => {
  it('reads yuan with two decimals, whatever the float', () => {
    expect(toFen(12.5)).toBe(1250)
    expect(toFen('0.1')).toBe(10)
    expect(toFen(0.1 + 0.2)).toBe(30)
    expect(toFen(null)).toBeNull()
    expect(toFen('')).toBeNull()
    expect(formatYuan(12.5)).toBe('¥12.50')
    expect(formatYuan(0)).toBe('¥0.00')
    expect(formatYuan(1234.005)).toBe('¥1234.01')
    expect(formatYuan(-3)).toBe('-¥3.00')
    expect(formatYuan(undefined)).toBe('—')
  })
  it('checks a price as the server does: 0–10000 yuan, at most two decimals', () => {
    expect(priceProblem('')).toBe('priceRequired')
    expect(priceProblem('15')).toBe('')
    expect(priceProblem('0')).toBe('')
    expect(priceProblem('12.50')).toBe('')
    expect(priceProblem('12.505')).toBe('priceFormat')
    expect(priceProblem('-1')).toBe('priceFormat')
    expect(priceProblem('十元')).toBe('priceFormat')
    expect(priceProblem('10000')).toBe('')
    expect(priceProblem('10000.01')).toBe('priceRange')
  })
  it('estimates the subsidy from the units still entitled this month, the rest paid by the person', () => {
    expect(estimateCost({ units: 3, price: 15, remaining: 10 })).toEqual({ amount: 45, subsidy: 45, self_pay: 0, subsidised: 3 })
    expect(estimateCost({ units: 3, price: 15, remaining: 1 })).toEqual({ amount: 45, subsidy: 15, self_pay: 30, subsidised: 1 })
    expect(estimateCost({ units: 2, price: 12.3, remaining: 0 })).toEqual({ amount: 24.6, subsidy: 0, self_pay: 24.6, subsidised: 0 })
    expect(estimateCost({ units: 2, price: 12.3, remaining: -4 }).subsidised).toBe(0)
    expect(estimateCost({ units: '', price: 10, remaining: 1 })).toBeNull()
    expect(estimateCost({ units: 1, price: null, remaining: 1 })).toBeNull()
  })
})

describe('distance', () => {
  it('flags a check-in or check-out farther than 500 m from the home', () => {
    expect(farAway(501)).toBe(true)
    expect(farAway(500)).toBe(false)
    expect(farAway(0)).toBe(false)
    expect(farAway(null)).toBe(false)
    expect(farAway(undefined)).toBe(false)
  })
  it('reads metres below a kilometre, else kilometres', () => {
    expect(distanceText(86.4, t)).toBe('homeServices.metres:{"n":86}')
    expect(distanceText(1520, t)).toBe('homeServices.kilometres:{"n":"1.5"}')
    expect(distanceText(null, t)).toBe('homeServices.noLocation')
  })
})

describe('what an order allows', () => {
  const worker = perms('homecare.read', 'homecare.order')
  const reader = perms('homecare.read')
  it('lets a worker cancel while placed or scheduled and rate once done, once', () => {
    expect(orderActions({ status: 'placed' }, worker)).toEqual({ cancel: true, rate: false })
    expect(orderActions({ status: 'scheduled' }, worker)).toEqual({ cancel: true, rate: false })
    expect(orderActions({ status: 'serving' }, worker)).toEqual({ cancel: false, rate: false })
    expect(orderActions({ status: 'done', rating: null }, worker)).toEqual({ cancel: false, rate: true })
    expect(orderActions({ status: 'done', rating: 4 }, worker)).toEqual({ cancel: false, rate: false })
    expect(orderActions({ status: 'cancelled' }, worker)).toEqual({ cancel: false, rate: false })
    expect(orderActions({ status: 'placed' }, reader)).toEqual({ cancel: false, rate: false })
  })
  it('lets the provider schedule (again), check in once scheduled and check out while serving', () => {
    expect(providerActions({ status: 'placed' })).toEqual({ schedule: true, checkIn: false, checkOut: false })
    expect(providerActions({ status: 'scheduled' })).toEqual({ schedule: true, checkIn: true, checkOut: false })
    expect(providerActions({ status: 'serving' })).toEqual({ schedule: false, checkIn: false, checkOut: true })
    expect(providerActions({ status: 'done' })).toEqual({ schedule: false, checkIn: false, checkOut: false })
    expect(providerActions(null)).toEqual({ schedule: false, checkIn: false, checkOut: false })
    expect(statusTone('placed')).toBe('warning')
    expect(statusTone('nonsense')).toBe('info')
  })
})

describe('Beijing date-times', () => {
  it('turns a typed Beijing time into epoch ms and back', () => {
    const ms = chinaLocalToMs('2026-05-01T09:30')
    expect(ms).toBe(Date.parse('2026-05-01T09:30:00+08:00'))
    expect(msToChinaLocal(ms)).toBe('2026-05-01T09:30')
    expect(chinaLocalToMs('2026-02-30T09:30')).toBeNull()
    expect(chinaLocalToMs('2026-05-01 09:30')).toBeNull()
    expect(chinaLocalToMs('')).toBeNull()
    expect(msToChinaLocal(null)).toBe('')
  })
  it('proposes the time set, else 09:00 of the wanted day, else the next half hour', () => {
    const now = Date.parse('2026-05-01T10:10:00+08:00')
    expect(proposedSchedule({ scheduled_at: Date.parse('2026-05-02T14:00:00+08:00') }, now)).toBe('2026-05-02T14:00')
    expect(proposedSchedule({ wanted_on: '2026-05-03' }, now)).toBe('2026-05-03T09:00')
    expect(proposedSchedule({ wanted_on: '2026-05-01' }, now)).toBe('2026-05-01T10:30')
    expect(scheduleProblem('2026-05-01T10:30', now)).toBe('')
    expect(scheduleProblem('2026-05-01T08:00', now)).toBe('timePast')
    expect(scheduleProblem('', now)).toBe('timeFormat')
  })
})

describe('the browser\'s position', () => {
  afterEach(() => vi.useRealTimers())
  const geo = (behaviour) => ({ getCurrentPosition: (ok, fail, options) => behaviour(ok, fail, options) })
  it('answers the position, or why there is none, and never rejects', async () => {
    expect(await locate(undefined)).toEqual({ position: null, reason: 'unsupported' })
    let asked
    const found = await locate(geo((ok, _fail, options) => { asked = options; ok({ coords: { latitude: 32.39, longitude: 119.43 } }) }), { timeout: 5000 })
    expect(found).toEqual({ position: { lat: 32.39, lon: 119.43 }, reason: '' })
    expect(asked.timeout).toBe(5000)
    expect(asked.maximumAge).toBe(0)
    expect(await locate(geo((_ok, fail) => fail({ code: 1 })))).toEqual({ position: null, reason: 'denied' })
    expect(await locate(geo((_ok, fail) => fail({ code: 2 })))).toEqual({ position: null, reason: 'unavailable' })
    expect(await locate(geo((_ok, fail) => fail({ code: 3 })))).toEqual({ position: null, reason: 'timeout' })
    expect(await locate(geo(() => { throw new Error('insecure') }))).toEqual({ position: null, reason: 'unavailable' })
  })
  it('gives up when the browser never answers', async () => {
    vi.useFakeTimers()
    const pending = locate(geo(() => {}), { timeout: 1000 })
    vi.advanceTimersByTime(2500)
    expect(await pending).toEqual({ position: null, reason: 'timeout' })
  })
  it('says where a check-in was made, or why without a place', () => {
    expect(locationNote({ position: { lat: 1, lon: 2 }, reason: '' }, 120)).toEqual({ key: 'locatedAt', far: false })
    expect(locationNote({ position: { lat: 1, lon: 2 }, reason: '' }, 900)).toEqual({ key: 'locatedAt', far: true })
    expect(locationNote({ position: { lat: 1, lon: 2 }, reason: '' }, null)).toEqual({ key: 'located', far: false })
    expect(locationNote({ position: null, reason: 'denied' }, null)).toEqual({ key: 'noPosition.denied', far: false })
    expect(locationNote(undefined, null)).toEqual({ key: 'noPosition.unavailable', far: false })
  })
  it('sends the position only when there is one', () => {
    expect(locationBody({ position: { lat: 1, lon: 2 } })).toEqual({ lat: 1, lon: 2 })
    expect(locationBody({ position: null, reason: 'denied' })).toEqual({})
  })
})

describe('phones', () => {
  it('links a whole number for calling, never a masked one', () => {
    expect(isMasked('138****5678')).toBe(true)
    expect(isMasked('13812345678')).toBe(false)
    expect(telHref('138 1234 5678')).toBe('tel:13812345678')
    expect(telHref('0514-87654321')).toBe('tel:051487654321')
    expect(telHref('138****5678')).toBeNull()
    expect(telHref('')).toBeNull()
    expect(telHref(null)).toBeNull()
  })
})

describe('filters in the address', () => {
  it('keeps the providers list\'s filters, unknown values dropped', () => {
    const f = providerFiltersFromQuery({ place: '321002001', service: 'meal', status: 'active', q: '颐' })
    expect(f).toEqual({ place: '321002001', service: 'meal', status: 'active', q: '颐' })
    expect(providerFiltersToQuery({ ...f, q: ' 颐 ' })).toEqual({ place: '321002001', service: 'meal', status: 'active', q: '颐' })
    expect(providerFiltersFromQuery({ place: 'x', service: 'spa', status: 'gone' })).toEqual({ place: '', service: '', status: '', q: '' })
    expect(providerFiltersToApi(providerFiltersFromQuery({}))).toEqual({ place: undefined, service: undefined, status: undefined, q: undefined })
  })
  it('exports the providers of the list\'s filters', () => {
    const f = providerFiltersFromQuery({ place: '321002001', service: 'meal', status: 'suspended', q: ' 颐康 ' })
    expect(providerExportUrl(providerFiltersToApi(f)))
      .toBe('/api/v1/providers/export.xlsx?place=321002001&service=meal&status=suspended&q=%E9%A2%90%E5%BA%B7')
    expect(providerExportUrl(providerFiltersToApi(providerFiltersFromQuery({ service: 'flying', q: '' })))).toBe('/api/v1/providers/export.xlsx')
    expect(providerExportUrl()).toBe('/api/v1/providers/export.xlsx')
    // Only the filters the server understands travel (never a page's cursor or limit).
    expect(providerQuery({ place: '3210', limit: 20, cursor: 'x', q: 'a&b' })).toEqual({ place: '3210', service: undefined, status: undefined, q: 'a&b' })
    expect(providerExportUrl({ q: 'a&b=c' })).toBe('/api/v1/providers/export.xlsx?q=a%26b%3Dc')
    expect(PROVIDER_IMPORT_TEMPLATE_URL).toBe('/api/v1/providers/import-template.xlsx')
  })
  it('keeps the orders list\'s filters', () => {
    const f = orderFiltersFromQuery({ place: '321002001002', provider: '7', status: 'done', service: 'cleaning', month: '2026-04', resident: 'x' })
    expect(f).toEqual({ place: '321002001002', provider: '7', status: 'done', service: 'cleaning', month: '2026-04', resident: '' })
    expect(orderFiltersToQuery(f)).toEqual({ place: '321002001002', provider: '7', status: 'done', service: 'cleaning', month: '2026-04' })
    expect(orderFiltersFromQuery({ month: '2026-13', status: 'open' })).toMatchObject({ month: '', status: '' })
    expect(orderFiltersToApi({ ...f, month: '' }).month).toBeUndefined()
  })
  it('opens the provider app on today\'s open orders, other days and statuses on request', () => {
    const today = '2026-05-01'
    const f = providerOrderFiltersFromQuery({}, today)
    expect(f).toEqual({ status: 'open', date: today })
    expect(providerOrderFiltersToQuery(f, today)).toEqual({})
    expect(providerOrderFiltersToApi(f)).toEqual({ status: undefined, date: today })
    const all = providerOrderFiltersFromQuery({ status: 'all', date: 'all' }, today)
    expect(all).toEqual({ status: 'all', date: '' })
    expect(providerOrderFiltersToQuery(all, today)).toEqual({ status: 'all', date: 'all' })
    expect(providerOrderFiltersToApi(all)).toEqual({ status: undefined, date: undefined })
    const done = providerOrderFiltersFromQuery({ status: 'done', date: '2026-04-30' }, today)
    expect(providerOrderFiltersToApi(done)).toEqual({ status: 'done', date: '2026-04-30' })
    expect(providerOrderFiltersFromQuery({ date: '2026-02-30', status: 'x' }, today)).toEqual({ status: 'open', date: today })
    const orders = [{ status: 'placed' }, { status: 'done' }, { status: 'serving' }, { status: 'cancelled' }]
    expect(shownProviderOrders(orders, { status: 'open' }).map((o) => o.status)).toEqual(['placed', 'serving'])
    expect(shownProviderOrders(orders, { status: 'all' })).toHaveLength(4)
  })
})

describe('the provider\'s form', () => {
  const filled = () => ({
    ...emptyProviderForm(),
    name: '颐养居家服务中心',
    place_code: '321002001',
    services: [{ service: 'meal', price: '15' }, { service: 'cleaning', price: '40.5' }],
    contact_name: '王经理',
    contact_phone: '0514-87654321',
  })
  it('accepts a filled form and names what is wrong otherwise', () => {
    expect(providerProblems(filled())).toEqual({})
    expect(providerProblems(emptyProviderForm())).toEqual({
      name: 'nameRequired', place_code: 'placeRequired', services: 'servicesRequired', contact_name: 'contactNameRequired', contact_phone: 'contactPhoneRequired',
    })
    expect(providerProblems({ ...filled(), kind: 'facility' }).facility_id).toBe('facilityRequired')
    expect(providerProblems({ ...filled(), credit_code: '12345' }).credit_code).toBe('creditCode')
    expect(providerProblems({ ...filled(), credit_code: '91321002ma1xxxxx0k' }).credit_code).toBeUndefined()
    expect(providerProblems({ ...filled(), credit_code: '91321002MA1XXXXXOK' }).credit_code).toBe('creditCode')
    expect(providerProblems({ ...filled(), place_code: '3210' }).place_code).toBe('placeLevel')
    expect(providerProblems({ ...filled(), areas: [{ code: '321002002001' }] }).areas).toBe('areaOutside')
    expect(providerProblems({ ...filled(), services: [{ service: 'meal', price: '' }, { service: 'meal', price: '99999' }, { service: '', price: '' }] }).services)
      .toEqual({ 0: { price: 'priceRequired' }, 1: { service: 'serviceTwice', price: 'priceRange' } })
    expect(providerProblems({ ...filled(), qualifications: [{ name: '', number: 'X1', valid_until: '2026-13-01' }, { name: '', number: '', valid_until: '' }] }).qualifications)
      .toEqual({ 0: { name: 'qualificationName', valid_until: 'dateFormat' } })
    expect(providerProblems({ ...filled(), contact_phone: '电话' }).contact_phone).toBe('contactPhoneFormat')
    expect(providerProblems({ ...filled(), name: '名'.repeat(101) }).name).toBe('nameTooLong')
  })
  it('sends prices as numbers, the facility only for a facility, the status only on a change', () => {
    const body = toProviderBody({ ...filled(), credit_code: ' 91321002ma1xxxxx0k ', qualifications: [{ name: ' 食品经营许可证 ', number: 'JY1', valid_until: '2027-12-31' }, { name: '', number: '', valid_until: '' }], facility_id: 9 })
    expect(body).toEqual({
      name: '颐养居家服务中心', kind: 'organisation', credit_code: '91321002MA1XXXXX0K', place_code: '321002001',
      services: [{ service: 'meal', price: 15 }, { service: 'cleaning', price: 40.5 }],
      qualifications: [{ name: '食品经营许可证', number: 'JY1', valid_until: '2027-12-31' }],
      contact_name: '王经理', contact_phone: '0514-87654321',
    })
    const edited = toProviderBody({ ...filled(), kind: 'facility', facility_id: 9, status: 'suspended', areas: [{ code: '321002001002', name: '个园' }] }, { editing: true })
    expect(edited.facility_id).toBe(9)
    expect(edited.status).toBe('suspended')
    expect(edited.areas).toEqual(['321002001002'])
  })
  it('reads a provider into the form, prices with two decimals', () => {
    const form = providerToForm({
      name: 'A', kind: 'facility', facility_id: 3, facility_name: '日间照料中心', credit_code: '', place_code: '321002001',
      areas: [{ code: '321002001', name: '东关街道' }], services: [{ service: 'meal', service_name: '助餐', unit: '餐', price: 12.5 }],
      qualifications: [{ name: '许可', number: '1', valid_until: null }], contact_name: '王', contact_phone: '13800000000', status: 'suspended',
    })
    expect(form.services).toEqual([{ service: 'meal', price: '12.50' }])
    expect(form.areas).toEqual([{ code: '321002001', name: '东关街道' }])
    expect(form.qualifications).toEqual([{ name: '许可', number: '1', valid_until: '' }])
    expect(form.status).toBe('suspended')
    expect(providerToForm({ services: [] }).services).toEqual([{ service: '', price: '' }])
  })
  it('finds the row a refusal names', () => {
    expect(formFieldOf('services[1].price')).toEqual({ field: 'services', index: 1, part: 'price' })
    expect(formFieldOf('services.0.service')).toEqual({ field: 'services', index: 0, part: 'service' })
    expect(formFieldOf('areas[2]')).toEqual({ field: 'areas', index: 2, part: '' })
    expect(formFieldOf('name')).toEqual({ field: 'name', index: -1, part: '' })
    expect(formFieldOf('qualifications.valid_until')).toEqual({ field: 'qualifications', index: -1, part: 'valid_until' })
    expect(formFieldOf(null)).toBeNull()
  })
  it('adds an area served once, inside the registered place only', () => {
    const areas = withArea([], { code: '321002001002', name: '个园社区' }, '321002001')
    expect(areas).toEqual([{ code: '321002001002', name: '个园社区' }])
    expect(withArea(areas, { code: '321002001002', name: '个园社区' }, '321002001')).toBe(areas)
    expect(withArea(areas, { code: '321002002001', name: '别处' }, '321002001')).toBe(areas)
    expect(withArea(areas, { code: '' }, '321002001')).toBe(areas)
  })
})

describe('an order', () => {
  const today = '2026-05-01'
  const resident = { id: 5, age: 78, community_code: '321002001002', grid_code: '321002001002001' }
  const form = () => ({ ...blankOrderForm(today), service: 'meal', provider_id: 3, units: '2', ordered_by: 'relative' })
  it('is checked before it is sent', () => {
    expect(orderProblems(form(), { resident, elderlyAge: 60, today })).toEqual({})
    expect(orderProblems(blankOrderForm(today), { resident: null, elderlyAge: 60, today })).toEqual({
      resident_id: 'residentRequired', service: 'serviceRequired', provider_id: 'providerRequired', ordered_by: 'orderedByRequired',
    })
    expect(orderProblems(form(), { resident: { ...resident, age: 45 }, elderlyAge: 60, today }).resident_id).toBe('tooYoung')
    expect(orderProblems({ ...form(), units: '0' }, { resident, elderlyAge: 60, today }).units).toBe('units')
    expect(orderProblems({ ...form(), units: '101' }, { resident, elderlyAge: 60, today }).units).toBe('units')
    expect(orderProblems({ ...form(), units: '1.5' }, { resident, elderlyAge: 60, today }).units).toBe('units')
    expect(orderProblems({ ...form(), wanted_on: '2026-04-30' }, { resident, elderlyAge: 60, today }).wanted_on).toBe('past')
    expect(orderProblems({ ...form(), wanted_on: '' }, { resident, elderlyAge: 60, today }).wanted_on).toBe('dateFormat')
    expect(orderProblems({ ...form(), note: '字'.repeat(501) }, { resident, elderlyAge: 60, today }).note).toBe('noteTooLong')
  })
  it('sends numbers and a trimmed note', () => {
    expect(toOrderBody({ ...form(), note: '  少盐 ' }, resident)).toEqual({
      resident_id: 5, provider_id: 3, service: 'meal', units: 2, wanted_on: today, ordered_by: 'relative', note: '少盐',
    })
    expect(toOrderBody(form(), resident).note).toBeUndefined()
    expect(residentPlace(resident)).toBe('321002001002')
    expect(residentPlace({ grid_code: '321002001002001' })).toBe('321002001002')
    expect(residentPlace(null)).toBe('')
  })
  it('checks the units of a check-out and a rating', () => {
    expect(unitsProblem('')).toBe('')
    expect(unitsProblem('3')).toBe('')
    expect(unitsProblem('0')).toBe('units')
    expect(unitsProblem('abc')).toBe('units')
    expect(ratingProblem(5)).toBe('')
    expect(ratingProblem(0)).toBe('ratingRequired')
    expect(ratingProblem(3.5)).toBe('ratingRequired')
  })
})

describe('statements', () => {
  const now = new Date('2026-05-10T08:00:00+08:00')
  it('open on last month, which may be closed, and read their balance', () => {
    expect(defaultStatementMonth(now)).toBe('2026-04')
    expect(defaultStatementMonth(new Date('2026-01-03T08:00:00+08:00'))).toBe('2025-12')
    expect(monthClosable('2026-04', now)).toBe(true)
    expect(monthClosable('2026-05', now)).toBe(false)
    expect(monthClosable('bad', now)).toBe(false)
    expect(balanceState({ closed: null, balances: null })).toBe('open')
    expect(balanceState({ closed: { orders: 1 }, balances: true })).toBe('balanced')
    expect(balanceState({ closed: { orders: 1 }, balances: false })).toBe('unbalanced')
    const manager = perms('homecare.manage')
    expect(canCloseStatement({ month: '2026-04', closed: null }, manager, now)).toBe(true)
    expect(canCloseStatement({ month: '2026-05', closed: null }, manager, now)).toBe(false)
    expect(canCloseStatement({ month: '2026-04', closed: { orders: 0 } }, manager, now)).toBe(false)
    expect(canCloseStatement({ month: '2026-04', closed: null }, perms('homecare.read'), now)).toBe(false)
  })
  it('names a service by the server, else by the interface', () => {
    expect(serviceName(t, 'meal', '助餐')).toBe('助餐')
    expect(serviceName(t, 'meal', '')).toBe('homeServices.services.meal')
    expect(serviceName(t, 'spa', '')).toBe('spa')
  })

  it('let an elderly person order for themselves: the next day, the checks, the body, the offers by service', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01')
    expect(nextDay('2028-02-28')).toBe('2028-02-29')
    const form = { ...blankOrderForm('2026-12-08'), service: 'meal', provider_id: 4, units: ' 2 ', note: ' 少盐 ' }
    expect(ownOrderProblems(form, '2026-12-07')).toEqual({})
    expect(ownOrderProblems({ ...form, service: '', provider_id: null, units: '0', wanted_on: '2026-12-06' }, '2026-12-07'))
      .toEqual({ service: 'serviceRequired', provider_id: 'providerRequired', units: 'units', wanted_on: 'past' })
    expect(toOwnOrderBody(form)).toEqual({ provider_id: 4, service: 'meal', units: 2, wanted_on: '2026-12-08', note: '少盐' })
    expect(toOwnOrderBody({ ...form, note: ' ' })).not.toHaveProperty('note')
    const offer = (id, service, price) => ({ id, name: `P${id}`, service, service_name: service, unit: 'u', price })
    const groups = offersByService([offer(1, 'cleaning', '40.00'), offer(1, 'meal', '15.00'), offer(2, 'meal', '12.50')])
    expect(groups.map((g) => g.service)).toEqual(['meal', 'cleaning'])
    expect(groups[0].offers.map((o) => o.id)).toEqual([2, 1])
    expect(offersByService(undefined)).toEqual([])
    expect(ownOrderActions({ status: 'scheduled' })).toEqual({ cancel: true, rate: false })
    expect(ownOrderActions({ status: 'done', rating: null })).toEqual({ cancel: false, rate: true })
    expect(ownOrderActions({ status: 'done', rating: 2 })).toEqual({ cancel: false, rate: false })
  })
})
