// In-memory population registry for the mock server (docs/api.md "Population registry"):
// tag dictionary, residents with tags and history, households, buildings, counts, export,
// import. Seeds a few synthetic residents in 皮市街社区 so that the pages have something to
// show. Imported by mock-server.mjs; never by src/.

export const TAG_DEFINITIONS = [
  { code: 'elderly_alone', name: '独居老人', category: 'elderly', has_grade: false },
  { code: 'elderly_special_difficulty', name: '特殊困难老年人', category: 'elderly', has_grade: false },
  { code: 'disability', name: '残疾人', category: 'disability', has_grade: true },
  { code: 'dibao', name: '低保', category: 'difficulty', has_grade: false },
  { code: 'tekun', name: '特困', category: 'difficulty', has_grade: false },
  { code: 'left_behind_child', name: '留守儿童', category: 'child', has_grade: false },
  { code: 'veteran', name: '退役军人', category: 'veteran', has_grade: false },
  { code: 'chronic_disease', name: '慢性病患者', category: 'health', has_grade: false },
  { code: 'party_member', name: '党员', category: 'party', has_grade: false },
  { code: 'volunteer', name: '志愿者', category: 'volunteer', has_grade: false },
]
const ETHNICITY_NAMES = { '01': '汉族', '02': '蒙古族', '03': '回族', '04': '藏族', '05': '维吾尔族', '11': '满族', '97': '其他', '98': '外国血统中国籍人士' }
const STATUSES = ['registered_resident', 'floating', 'away', 'moved_out', 'deceased']
const RELATIONS = ['head', 'spouse', 'child', 'parent', 'grandchild', 'sibling', 'other']
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const PROVINCES = new Set([11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82])
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const IMPORT_COLUMNS = ['姓名', '身份证号码', '手机号码', '民族', '居住状态', '状态起始日期', '社区编码', '网格编码']
const STATUS_BY_NAME = { 户籍常住: 'registered_resident', 流动人口: 'floating', 外出: 'away', 已迁出: 'moved_out', 已死亡: 'deceased' }

const today = () => new Date().toISOString().slice(0, 10)
const checkChar = (first17) => '10X98765432'[[...first17].reduce((s, c, i) => s + Number(c) * WEIGHTS[i], 0) % 11]
export const makeIdNumber = (area, birth, seq) => {
  const body = `${area}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`
  return body + checkChar(body)
}

/** The server's messages (src/core/identity/id_number.cpp), or null when valid. */
function idNumberError(text) {
  const id = String(text ?? '').trim().toUpperCase()
  if (!id) return '身份证号码不能为空'
  if (id.length !== 18) return '身份证号码长度应为 18 位'
  if (!/^\d{17}[\dX]$/.test(id)) return '身份证号码含有非法字符：前 17 位应为数字，最后一位为数字或 X'
  if (!PROVINCES.has(Number(id.slice(0, 2)))) return '身份证号码地区码无效'
  const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)].map(Number)
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return '身份证号码出生日期无效：日期不存在'
  const birth = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
  if (birth < '1900-01-01') return '身份证号码出生日期无效：早于 1900 年'
  if (birth > today()) return '身份证号码出生日期无效：晚于今天'
  if (checkChar(id.slice(0, 17)) !== id[17]) return '身份证号码校验码错误'
  return null
}
function phoneError(text) {
  const digits = String(text ?? '').replace(/[\s\-.()]/g, '').replace(/^(\+86|0086)/, '')
  if (/^1[3-9]\d{9}$/.test(digits) || /^0[1-9]\d{1,2}[1-9]\d{6,7}$/.test(digits)) return null
  return '电话号码格式无效：应为 11 位手机号码或带区号的固定电话'
}
const normalisePhone = (text) => String(text).replace(/[\s\-.()]/g, '').replace(/^(\+86|0086)/, '')
const maskId = (id) => (id ? id.slice(0, 3) + '*'.repeat(id.length - 7) + id.slice(-4) : id)
const maskPhone = (p) => (!p ? p : p.length === 11 ? `${p.slice(0, 3)}****${p.slice(7)}` : '*'.repeat(p.length - 4) + p.slice(-4))
function ageOn(birth, on = today()) {
  let age = Number(on.slice(0, 4)) - Number(birth.slice(0, 4))
  if (on.slice(5) < birth.slice(5)) age--
  return age
}
const activeTag = (tag) => !tag.valid_until || tag.valid_until > today()

export function createPeopleApi({ divisions, grids, send, fail, readJson, readBody, personalData }) {
  const residents = new Map()
  const households = new Map()
  const buildings = new Map()
  let nextId = { resident: 1, household: 1, building: 1, tag: 1 }

  function addHousehold(fields) {
    const household = { id: nextId.household++, building_id: null, room: '', type: 'registered', head_id: null,
      since: today(), until: null, community_code: null, grid_code: null, ...fields }
    households.set(household.id, household)
    return household
  }
  function addResident(fields) {
    const now = Date.now()
    const id = fields.id_number
    const r = {
      id: nextId.resident++, name: fields.name, id_number: id, phone: fields.phone || null,
      sex: Number(id[16]) % 2 ? 'male' : 'female', birth_date: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`,
      ethnicity: { code: fields.ethnicity, name: ETHNICITY_NAMES[fields.ethnicity] || `民族${fields.ethnicity}` },
      status: fields.status || 'registered_resident', status_since: fields.status_since || today(),
      household_id: fields.household_id ?? null, relation: fields.household_id ? fields.relation || 'other' : null,
      community_code: fields.community_code, grid_code: fields.grid_code || null, building_id: null,
      tags: [], synthetic: Boolean(fields.synthetic), created_at: now, updated_at: now, history: [],
    }
    if (r.household_id) {
      const h = households.get(Number(r.household_id))
      r.household_id = h.id
      r.building_id = h.building_id
      if (r.relation === 'head' && !h.head_id) h.head_id = r.id
    }
    r.history.push({ from: r.status_since, until: null, household_id: r.household_id, grid_code: r.grid_code,
      community_code: r.community_code, status: r.status, event: 'move_in' })
    residents.set(r.id, r)
    return r
  }

  // Seed: one building, two households and 24 synthetic residents in 皮市街社区.
  const seedCommunity = '321002001001'
  buildings.set(1, { id: nextId.building++, community_code: seedCommunity, grid_code: null, micro_grid_code: null,
    address: '扬州市广陵区皮市街 1 号', lat: 32.3955, lon: 119.4418, kind: 'residential', floors: 6, synthetic: true })
  const h1 = addHousehold({ building_id: 1, room: '101', community_code: seedCommunity })
  const h2 = addHousehold({ building_id: 1, room: '202', community_code: seedCommunity })
  const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋'
  const GIVEN = ['秀英', '建国', '桂兰', '志强', '玉珍', '海燕', '文华', '德明', '淑芬', '国强', '春梅', '立新']
  for (let i = 0; i < 24; i++) {
    const year = 1940 + ((i * 7) % 70)
    const birth = `${year}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + ((i * 3) % 28)).padStart(2, '0')}`
    const household = i < 3 ? h1 : i < 5 ? h2 : null
    const r = addResident({
      name: SURNAMES[i] + GIVEN[i % GIVEN.length], id_number: makeIdNumber('321002', birth, 100 + i * 2 + (i % 2)),
      phone: `1381234${String(5600 + i).padStart(4, '0')}`, ethnicity: i % 9 === 4 ? '03' : '01', status: STATUSES[i % 5 === 4 ? 1 : 0],
      status_since: '2020-01-01', community_code: seedCommunity, synthetic: true,
      household_id: household?.id, relation: household ? (i === 0 || i === 3 ? 'head' : i === 1 || i === 4 ? 'spouse' : 'child') : null,
    })
    if (year < 1960) r.tags.push({ id: nextId.tag++, code: 'elderly_alone', name: '独居老人', category: 'elderly', grade: null, valid_from: '2024-01-01', valid_until: null, source: '社区走访' })
    if (i % 6 === 1) r.tags.push({ id: nextId.tag++, code: 'disability', name: '残疾人', category: 'disability', grade: 2, valid_from: '2023-05-01', valid_until: null, source: '残联' })
  }

  function view(r, { history = false } = {}) {
    const { history: h, ...rest } = r
    const out = { ...rest, age: ageOn(r.birth_date), tags: r.tags.map((t) => ({ ...t })) }
    if (!personalData()) {
      out.id_number = maskId(r.id_number)
      out.phone = maskPhone(r.phone)
    }
    if (history) out.history = h.map((e) => ({ ...e }))
    return out
  }

  function residentFieldsError(body, { partial = false } = {}) {
    const has = (f) => !partial || body[f] !== undefined
    if (has('name')) {
      const name = String(body.name ?? '').trim()
      if (!name) return ['姓名不能为空', 'name']
      if ([...name].length > 50) return ['姓名不能超过50个字', 'name']
    }
    if (has('id_number')) {
      const e = idNumberError(body.id_number)
      if (e) return [e, 'id_number']
    }
    if (body.phone) {
      const e = phoneError(body.phone)
      if (e) return [e, 'phone']
    }
    if (has('ethnicity') && !/^(0[1-9]|[1-4]\d|5[0-6]|97|98)$/.test(String(body.ethnicity ?? ''))) return ['民族无效：应为 GB/T 3304 中的代码或名称', 'ethnicity']
    if (has('status') && !STATUSES.includes(body.status)) return ['居住状态无效', 'status']
    if (has('status_since') && body.status_since !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(body.status_since)) return ['日期格式应为YYYY-MM-DD', 'status_since']
    if (!partial || body.community_code !== undefined || body.grid_code !== undefined) {
      const grid = body.grid_code || null
      const community = body.community_code || (grid ? grid.slice(0, 12) : null)
      if (!community) return ['请填写社区编码或网格编码', 'community_code']
      const d = divisions.get(community)
      if (!d || d.level !== 'community') return ['社区编码不存在', 'community_code']
      if (grid && !grids.has(grid)) return ['网格编码不存在', 'grid_code']
    }
    return null
  }

  function matches(r, q) {
    const get = (k) => q.get(k) || ''
    if (get('q') && !r.name.includes(get('q'))) return false
    if (get('id_number') && r.id_number !== get('id_number').toUpperCase()) return false
    if (get('phone') && r.phone !== normalisePhone(get('phone'))) return false
    if (get('status') && r.status !== get('status')) return false
    if (get('community') && r.community_code !== get('community')) return false
    if (get('grid') && r.grid_code !== get('grid')) return false
    const age = ageOn(r.birth_date)
    if (get('age_min') && age < Number(get('age_min'))) return false
    if (get('age_max') && age > Number(get('age_max'))) return false
    const tags = get('tag').split(',').filter(Boolean)
    if (tags.some((code) => !r.tags.some((t) => t.code === code && activeTag(t)))) return false
    return true
  }
  const SORTERS = {
    name: (a, b) => a.name.localeCompare(b.name, 'zh-CN') || a.id - b.id,
    age: (a, b) => b.birth_date.localeCompare(a.birth_date) || a.id - b.id,
    '-age': (a, b) => a.birth_date.localeCompare(b.birth_date) || a.id - b.id,
    id: (a, b) => a.id - b.id,
  }

  function counts(code) {
    const list = [...residents.values()].filter((r) => r.community_code.startsWith(code) && !['moved_out', 'deceased'].includes(r.status))
    const byTag = {}
    const byStatus = {}
    const byAge = { '0-6': 0, '7-17': 0, '18-59': 0, '60+': 0 }
    for (const r of list) {
      for (const t of r.tags) if (activeTag(t)) byTag[t.code] = (byTag[t.code] || 0) + 1
      byStatus[r.status] = (byStatus[r.status] || 0) + 1
      const age = ageOn(r.birth_date)
      byAge[age <= 6 ? '0-6' : age <= 17 ? '7-17' : age <= 59 ? '18-59' : '60+']++
    }
    return { total: list.length, by_tag: byTag, by_status: byStatus, by_age_group: byAge }
  }

  function parseCsv(text) {
    return text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.trim()).map((line) => line.split(',').map((c) => c.trim()))
  }
  function importRows(rows) {
    const report = []
    const [header, ...data] = rows
    if (!header) return { report: [{ row: 1, column: null, message: '文件是空的' }] }
    const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, header.indexOf(c)]))
    for (const c of IMPORT_COLUMNS.slice(0, 2)) if (index[c] < 0) report.push({ row: 1, column: c, message: `缺少列“${c}”` })
    if (report.length) return { report }
    const seen = new Map()
    const parsed = []
    data.forEach((cells, i) => {
      const row = i + 2
      const cell = (c) => (index[c] >= 0 ? cells[index[c]] || '' : '')
      const body = {
        name: cell('姓名'), id_number: cell('身份证号码').toUpperCase(), phone: cell('手机号码') || undefined,
        ethnicity: Object.entries(ETHNICITY_NAMES).find(([, n]) => n === cell('民族'))?.[0] || cell('民族') || '01',
        status: STATUS_BY_NAME[cell('居住状态')] || (cell('居住状态') ? cell('居住状态') : 'registered_resident'),
        status_since: cell('状态起始日期') || today(), community_code: cell('社区编码') || undefined, grid_code: cell('网格编码') || undefined,
      }
      const columnOf = { name: '姓名', id_number: '身份证号码', phone: '手机号码', ethnicity: '民族', status: '居住状态', status_since: '状态起始日期', community_code: '社区编码', grid_code: '网格编码' }
      const error = residentFieldsError(body)
      if (error) report.push({ row, column: columnOf[error[1]] || null, message: error[0] })
      else if (seen.has(body.id_number)) report.push({ row, column: '身份证号码', message: `与第 ${seen.get(body.id_number)} 行的身份证号码重复` })
      else {
        seen.set(body.id_number, row)
        parsed.push(body)
      }
    })
    if (report.length) return { report }
    let imported = 0
    let updated = 0
    for (const body of parsed) {
      const existing = [...residents.values()].find((r) => r.id_number === body.id_number)
      if (existing) {
        Object.assign(existing, { name: body.name, phone: body.phone ? normalisePhone(body.phone) : existing.phone, updated_at: Date.now() })
        updated++
      } else {
        addResident({ ...body, id_number: body.id_number, phone: body.phone ? normalisePhone(body.phone) : null, community_code: body.community_code || body.grid_code.slice(0, 12) })
        imported++
      }
    }
    return { imported, updated }
  }

  /** Handles /api/v1/{residents,households,buildings,tag-definitions}; false when not ours. */
  return async function handle(req, res, url, parts) {
    const method = req.method
    const [resource, idPart, action, sub, subAction] = parts
    if (!['residents', 'households', 'buildings', 'tag-definitions'].includes(resource)) return false

    if (resource === 'tag-definitions') {
      if (method === 'GET') return send(res, 200, { items: TAG_DEFINITIONS })
      if (method === 'POST') {
        const body = await readJson(req)
        if (!body || !/^[a-z][a-z0-9_]*$/.test(body.code || '') || !body.name) return fail(res, 422, 'validation_failed', '标签编码或名称无效', 'code')
        if (TAG_DEFINITIONS.some((d) => d.code === body.code)) return fail(res, 409, 'already_exists', '标签编码已存在', 'code')
        const d = { code: body.code, name: body.name, category: body.category || 'other', has_grade: Boolean(body.has_grade) }
        TAG_DEFINITIONS.push(d)
        return send(res, 201, d)
      }
      return fail(res, 405, 'method_not_allowed', '不支持的请求方法')
    }

    if (resource === 'buildings') {
      if (!idPart && method === 'GET') {
        const items = [...buildings.values()].filter((b) => (!url.searchParams.get('community') || b.community_code === url.searchParams.get('community'))
          && (!url.searchParams.get('grid') || b.grid_code === url.searchParams.get('grid')))
        return send(res, 200, { items, next_cursor: null })
      }
      if (!idPart && method === 'POST') {
        const body = await readJson(req)
        if (!body || !divisions.get(body.community_code || '')) return fail(res, 422, 'validation_failed', '社区编码不存在', 'community_code')
        if (!String(body.address || '').trim()) return fail(res, 422, 'validation_failed', '地址不能为空', 'address')
        const b = { id: nextId.building++, community_code: body.community_code, grid_code: body.grid_code || null, micro_grid_code: body.micro_grid_code || null,
          address: body.address, lat: body.lat ?? null, lon: body.lon ?? null, kind: body.kind || 'residential', floors: body.floors ?? null, synthetic: false }
        buildings.set(b.id, b)
        return send(res, 201, b)
      }
      const b = buildings.get(Number(idPart))
      return b ? send(res, 200, b) : fail(res, 404, 'not_found', '楼栋不存在')
    }

    if (resource === 'households') {
      if (!idPart && method === 'POST') {
        const body = await readJson(req)
        if (!body || !divisions.get(body.community_code || '')) return fail(res, 422, 'validation_failed', '社区编码不存在', 'community_code')
        return send(res, 201, addHousehold({ building_id: body.building_id ?? null, room: body.room || '', type: body.type || 'registered',
          community_code: body.community_code, grid_code: body.grid_code || null }))
      }
      const h = households.get(Number(idPart))
      if (!h || method !== 'GET') return fail(res, 404, 'not_found', '户不存在')
      const members = [...residents.values()].filter((r) => r.household_id === h.id).map((r) => view(r))
      return send(res, 200, { ...h, members })
    }

    // residents
    if (!idPart && method === 'GET') {
      const q = url.searchParams
      const sort = SORTERS[q.get('sort') || 'name']
      if (!sort) return fail(res, 400, 'invalid_argument', '排序方式无效', 'sort')
      const limit = Math.min(200, Math.max(1, Number(q.get('limit') || 50)))
      const offset = q.get('cursor') ? Number(Buffer.from(q.get('cursor'), 'base64url').toString().replace(/^o:/, '')) : 0
      if (!Number.isInteger(offset) || offset < 0) return fail(res, 400, 'invalid_argument', '分页游标无效', 'cursor')
      const all = [...residents.values()].filter((r) => matches(r, q)).sort(sort)
      const items = all.slice(offset, offset + limit).map((r) => view(r))
      const next = offset + limit < all.length ? Buffer.from(`o:${offset + limit}`).toString('base64url') : null
      return send(res, 200, { items, next_cursor: next })
    }
    if (idPart === 'counts' && method === 'GET') {
      const code = url.searchParams.get('division') || ''
      if (!divisions.get(code)) return fail(res, 404, 'not_found', '区划不存在', 'division')
      return send(res, 200, counts(code))
    }
    if (idPart === 'export.xlsx' && method === 'GET') {
      const list = [...residents.values()].filter((r) => matches(r, url.searchParams))
      res.writeHead(200, { 'Content-Type': XLSX, 'Content-Disposition': 'attachment; filename="residents.xlsx"', 'X-Mock-Rows': String(list.length) })
      return res.end(Buffer.from('PK mock xlsx'))
    }
    if (idPart === 'import-template.xlsx' && method === 'GET') {
      res.writeHead(200, { 'Content-Type': XLSX, 'Content-Disposition': 'attachment; filename="import-template.xlsx"' })
      return res.end(Buffer.from('PK mock template'))
    }
    if (idPart === 'import' && method === 'POST') {
      const type = String(req.headers['content-type'] || '')
      const raw = await readBody(req)
      if (!raw.length) return fail(res, 400, 'invalid_argument', '导入文件是空的')
      if (type.startsWith('text/csv')) {
        const result = importRows(parseCsv(raw.toString('utf8')))
        if (result.report) {
          return send(res, 422, { error: { code: 'validation_failed', message: `导入文件有 ${result.report.length} 处错误，未写入任何数据`, request_id: 'r-mock-import' }, report: result.report })
        }
        return send(res, 200, result)
      }
      if (type.startsWith(XLSX)) {
        if (raw.subarray(0, 2).toString() !== 'PK') {
          return send(res, 422, { error: { code: 'validation_failed', message: '文件不是有效的 .xlsx 文件（可能已损坏或被改名）', request_id: 'r-mock-import' },
            report: [{ row: null, column: null, message: '文件不是有效的 .xlsx 文件（可能已损坏或被改名）' }] })
        }
        return send(res, 200, { imported: 0, updated: 0 })
      }
      return fail(res, 400, 'invalid_argument', '只接受 .xlsx 或 .csv 文件')
    }
    if (!idPart && method === 'POST') {
      const body = await readJson(req)
      if (!body) return fail(res, 400, 'invalid_argument', '请求体不是有效的JSON')
      const error = residentFieldsError(body)
      if (error) return fail(res, 422, 'validation_failed', error[0], error[1])
      const id = String(body.id_number).trim().toUpperCase()
      if ([...residents.values()].some((r) => r.id_number === id)) return fail(res, 409, 'already_exists', '该身份证号码已登记', 'id_number')
      if (body.household_id && !households.get(Number(body.household_id))) return fail(res, 404, 'not_found', '户不存在', 'household_id')
      if (body.relation && !RELATIONS.includes(body.relation)) return fail(res, 422, 'validation_failed', '与户主关系无效', 'relation')
      const r = addResident({ ...body, name: body.name.trim(), id_number: id, phone: body.phone ? normalisePhone(body.phone) : null,
        community_code: body.community_code || body.grid_code.slice(0, 12) })
      return send(res, 201, view(r))
    }

    const r = residents.get(Number(idPart))
    if (!r) return fail(res, 404, 'not_found', '居民不存在')
    if (!action && method === 'GET') return send(res, 200, view(r, { history: true }))
    if (!action && method === 'PATCH') {
      const body = await readJson(req)
      if (!body) return fail(res, 400, 'invalid_argument', '请求体不是有效的JSON')
      const error = residentFieldsError(body, { partial: true })
      if (error) return fail(res, 422, 'validation_failed', error[0], error[1])
      if (body.name !== undefined) r.name = body.name.trim()
      if (body.id_number !== undefined) {
        const id = body.id_number.trim().toUpperCase()
        if ([...residents.values()].some((o) => o !== r && o.id_number === id)) return fail(res, 409, 'already_exists', '该身份证号码已登记', 'id_number')
        r.id_number = id
        r.sex = Number(id[16]) % 2 ? 'male' : 'female'
        r.birth_date = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`
      }
      if (body.phone !== undefined) r.phone = body.phone ? normalisePhone(body.phone) : null
      if (body.ethnicity !== undefined) r.ethnicity = { code: body.ethnicity, name: ETHNICITY_NAMES[body.ethnicity] || `民族${body.ethnicity}` }
      if (body.community_code !== undefined || body.grid_code !== undefined) {
        r.grid_code = body.grid_code || null
        r.community_code = body.community_code || (r.grid_code ? r.grid_code.slice(0, 12) : r.community_code)
      }
      r.updated_at = Date.now()
      return send(res, 200, view(r))
    }
    if (method !== 'POST') return fail(res, 405, 'method_not_allowed', '不支持的请求方法')
    const body = await readJson(req)
    if (!body) return fail(res, 400, 'invalid_argument', '请求体不是有效的JSON')
    const dateOk = (d) => /^\d{4}-\d{2}-\d{2}$/.test(d || '')
    if (action === 'move' && !sub) {
      const h = households.get(Number(body.household_id))
      if (!h) return fail(res, 404, 'not_found', '户不存在', 'household_id')
      if (!RELATIONS.includes(body.relation)) return fail(res, 422, 'validation_failed', '与户主关系无效', 'relation')
      if (!dateOk(body.date)) return fail(res, 422, 'validation_failed', '日期格式应为YYYY-MM-DD', 'date')
      if (body.relation === 'head' && h.head_id) return fail(res, 409, 'failed_precondition', '该户已有户主', 'relation')
      const last = r.history[r.history.length - 1]
      if (last && !last.until) last.until = body.date
      r.history.push({ from: body.date, until: null, household_id: h.id, grid_code: h.grid_code, community_code: h.community_code, status: r.status, event: 'move_in' })
      Object.assign(r, { household_id: h.id, relation: body.relation, community_code: h.community_code, grid_code: h.grid_code, building_id: h.building_id, updated_at: Date.now() })
      if (body.relation === 'head') h.head_id = r.id
      return send(res, 200, view(r))
    }
    if (action === 'status' && !sub) {
      if (!STATUSES.includes(body.status)) return fail(res, 422, 'validation_failed', '居住状态无效', 'status')
      if (!dateOk(body.date)) return fail(res, 422, 'validation_failed', '日期格式应为YYYY-MM-DD', 'date')
      if (body.date < r.status_since) return fail(res, 422, 'validation_failed', '生效日期不能早于当前状态的起始日期', 'date')
      const last = r.history[r.history.length - 1]
      if (last && !last.until) last.until = body.date
      r.history.push({ from: body.date, until: null, household_id: r.household_id, grid_code: r.grid_code, community_code: r.community_code, status: body.status,
        event: body.status === 'deceased' ? 'death' : body.status === 'moved_out' ? 'move_out' : 'status' })
      Object.assign(r, { status: body.status, status_since: body.date, updated_at: Date.now() })
      return send(res, 200, view(r))
    }
    if (action === 'tags' && !sub) {
      const d = TAG_DEFINITIONS.find((x) => x.code === body.code)
      if (!d) return fail(res, 422, 'validation_failed', '标签不存在', 'code')
      if (d.has_grade && ![1, 2, 3, 4].includes(body.grade)) return fail(res, 422, 'validation_failed', '残疾等级应为 1 至 4 级', 'grade')
      if (!dateOk(body.valid_from)) return fail(res, 422, 'validation_failed', '日期格式应为YYYY-MM-DD', 'valid_from')
      if (r.tags.some((t) => t.code === d.code && activeTag(t))) return fail(res, 409, 'already_exists', `已有有效的“${d.name}”标签`, 'code')
      const tag = { id: nextId.tag++, code: d.code, name: d.name, category: d.category, grade: d.has_grade ? body.grade : null,
        valid_from: body.valid_from, valid_until: null, source: body.source || null }
      r.tags.push(tag)
      return send(res, 201, tag)
    }
    if (action === 'tags' && sub && subAction === 'end') {
      const tag = r.tags.find((t) => String(t.id) === sub)
      if (!tag) return fail(res, 404, 'not_found', '标签不存在')
      if (!dateOk(body.valid_until)) return fail(res, 422, 'validation_failed', '日期格式应为YYYY-MM-DD', 'valid_until')
      if (body.valid_until < tag.valid_from) return fail(res, 422, 'validation_failed', '终止日期不能早于起始日期', 'valid_until')
      if (tag.valid_until) return fail(res, 409, 'failed_precondition', '标签已结束')
      tag.valid_until = body.valid_until
      return send(res, 200, tag)
    }
    return fail(res, 404, 'not_found', '资源不存在')
  }
}
