// A tiny in-memory stand-in for the Linli server, for developing the web app and smoke-
// testing the browser tests before (or without) the C++ server. It follows docs/api.md for
// the endpoints the web app uses. Not part of the production build; never imported by src/.
//
//   node e2e/mock-server.mjs [--port 8080] [--web dist]
//   env LINLI_E2E_USER / LINLI_E2E_PASSWORD set the one account (default admin / Linli-test-2026!)
//   --masked: the account lacks people.personal_data, so ID and phone numbers come masked
//   --no-people: the registry endpoints answer 404 (as a server without the module)
import http from 'node:http'
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createPeopleApi } from './mock-people.mjs'

const PROVINCE = { code: '32', name: '江苏省', level: 'province', kind: null }
const CITY = { code: '3210', name: '扬州市', level: 'city', kind: null }

function buildDivisions() {
  const list = [PROVINCE, CITY]
  const counties = [
    ['321002', '广陵区', 'district'], ['321003', '邗江区', 'district'], ['321012', '江都区', 'district'],
    ['321023', '宝应县', 'county'], ['321081', '仪征市', 'county_city'], ['321084', '高邮市', 'county_city'],
    ['321071', '扬州经济技术开发区', 'functional_zone'],
  ]
  for (const [code, name, kind] of counties) list.push({ code, name, level: 'county', kind })
  const towns = [
    ['321002001', '东关街道', 'street'], ['321002002', '汶河街道', 'street'], ['321002100', '湾头镇', 'town'],
    ['321003001', '蒋王街道', 'street'], ['321023100', '安宜镇', 'town'], ['321081100', '真州镇', 'town'],
    ['321084100', '高邮镇', 'town'], ['321012100', '仙女镇', 'town'], ['321071001', '文汇街道', 'street'],
  ]
  for (const [code, name, kind] of towns) list.push({ code, name, level: 'town', kind })
  const communities = [
    ['321002001001', '皮市街社区', 'urban'], ['321002001002', '渡江桥社区', 'urban'], ['321002001003', '东关虚拟社区', 'virtual'],
    ['321002002001', '汶河社区', 'urban'], ['321002100201', '壁虎村', 'village'], ['321002100202', '湾头村', 'unresolved'],
    ['321003001001', '蒋王社区', 'urban'], ['321023100001', '安宜社区', 'urban'], ['321081100001', '真州社区', 'urban'],
    ['321084100001', '高邮社区', 'urban'], ['321012100001', '仙女社区', 'urban'], ['321071001001', '文汇社区', 'urban'],
  ]
  for (const [code, name, kind] of communities) list.push({ code, name, level: 'community', kind })
  return new Map(list.map((d) => [d.code, d]))
}

const PARENT_LENGTH = { 4: 2, 6: 4, 9: 6, 12: 9 }
const parentCode = (code) => (PARENT_LENGTH[code.length] ? code.slice(0, PARENT_LENGTH[code.length]) : null)

export function createMockServer({ webDir = null, user, password, masked = false, people = true } = {}) {
  const username = user || process.env.LINLI_E2E_USER || 'admin'
  const secret = password || process.env.LINLI_E2E_PASSWORD || 'Linli-test-2026!'
  const divisions = buildDivisions()
  const grids = new Map()
  const sessions = new Map()
  const account = {
    id: 1, username, display_name: '市级管理员', disabled: false,
    grants: [{ role: 'city_admin', scope_code: '3210', scope_name: '扬州市', department: '' }],
    permissions: ['divisions.read', 'divisions.manage', 'grids.read', 'grids.manage', 'accounts.manage', 'self',
      ...(people ? ['people.read', 'people.manage', ...(masked ? [] : ['people.personal_data']), 'people.export', 'people.import'] : [])],
  }
  let requestCounter = 0

  const children = (code) => [...divisions.values()].filter((d) => parentCode(d.code) === code)
  const descendants = (code, level) => [...divisions.values()].filter((d) => d.level === level && d.code.startsWith(code) && d.code !== code)
  const activeGrids = (code) => [...grids.values()].filter((g) => g.status === 'active' && g.community_code.startsWith(code))
  function counts(d) {
    const c = {}
    if (d.level === 'city') c.counties = descendants(d.code, 'county').length
    if (['city', 'county'].includes(d.level)) c.towns = descendants(d.code, 'town').length
    if (['city', 'county', 'town'].includes(d.level)) c.communities = descendants(d.code, 'community').length
    c.grids = activeGrids(d.code).length
    return c
  }
  function pathOf(code) {
    const path = []
    for (let p = parentCode(code); p; p = parentCode(p)) {
      const d = divisions.get(p)
      if (d) path.unshift({ code: d.code, name: d.name, level: d.level })
    }
    return path
  }
  const inScope = (code) => code.startsWith('3210')

  function send(res, status, body, headers = {}) {
    const text = body === undefined ? '' : JSON.stringify(body)
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers })
    res.end(text)
  }
  function fail(res, status, code, message, field) {
    send(res, status, { error: { code, message, ...(field ? { field } : {}), request_id: `r-mock-${++requestCounter}` } })
  }
  async function readJson(req) {
    let raw = ''
    for await (const chunk of req) raw += chunk
    if (!raw) return {}
    try {
      return JSON.parse(raw)
    } catch {
      return null
    }
  }
  async function readBody(req) {
    const chunks = []
    for await (const chunk of req) chunks.push(chunk)
    return Buffer.concat(chunks)
  }
  const peopleApi = people
    ? createPeopleApi({ divisions, grids, send, fail, readJson, readBody, personalData: () => account.permissions.includes('people.personal_data') })
    : null

  function sessionOf(req) {
    const cookie = req.headers.cookie || ''
    const match = /(?:^|;\s*)linli_session=([^;]+)/.exec(cookie)
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization || '')
    const token = bearer ? bearer[1] : match && match[1]
    return token ? sessions.get(token) : null
  }

  async function api(req, res, url) {
    const method = req.method
    const parts = url.pathname.replace(/^\/api\/v1\/?/, '').split('/').filter(Boolean)
    if (parts[0] === 'session') {
      if (method === 'POST') {
        const body = await readJson(req)
        if (!body) return fail(res, 400, 'invalid_argument', '请求体不是有效的JSON')
        if (body.username !== username || body.password !== secret) {
          return fail(res, 401, 'unauthenticated', '用户名或密码错误')
        }
        const token = crypto.randomBytes(16).toString('hex')
        const session = { token, csrf_token: crypto.randomBytes(16).toString('hex'), expires_at: Date.now() + 12 * 3600e3 }
        sessions.set(token, session)
        return send(res, 200, { ...session, account }, {
          'Set-Cookie': `linli_session=${token}; HttpOnly; SameSite=Strict; Path=/`,
        })
      }
      const session = sessionOf(req)
      if (!session) return fail(res, 401, 'unauthenticated', '请先登录')
      if (method === 'GET') return send(res, 200, { csrf_token: session.csrf_token, expires_at: session.expires_at, account })
      if (method === 'DELETE') {
        sessions.delete(session.token)
        res.writeHead(204, { 'Set-Cookie': 'linli_session=; Max-Age=0; Path=/' })
        return res.end()
      }
      return fail(res, 405, 'method_not_allowed', '不支持的请求方法')
    }

    const session = sessionOf(req)
    if (!session) return fail(res, 401, 'unauthenticated', '请先登录')
    if (method !== 'GET' && !req.headers.authorization && req.headers['x-csrf-token'] !== session.csrf_token) {
      return fail(res, 403, 'permission_denied', '缺少或无效的CSRF令牌')
    }

    if (parts[0] === 'divisions') {
      if (parts.length === 1 && method === 'GET') {
        const q = url.searchParams.get('q') || ''
        const level = url.searchParams.get('level')
        const items = [...divisions.values()]
          .filter((d) => inScope(d.code) && d.name.includes(q) && (!level || d.level === level))
          .slice(0, Number(url.searchParams.get('limit') || 50))
          .map((d) => ({ code: d.code, name: d.name, level: d.level, kind: d.kind,
            path_name: [...pathOf(d.code).filter((p) => p.level !== 'province').map((p) => p.name), d.name].join(' ') }))
        return send(res, 200, { items, next_cursor: null })
      }
      const d = divisions.get(parts[1])
      if (!d || !inScope(d.code)) return fail(res, 404, 'not_found', '区划不存在')
      if (method === 'GET') {
        const out = { ...d, functional_zone: null, path: pathOf(d.code), counts: counts(d),
          children: children(d.code).map((c) => ({ code: c.code, name: c.name, level: c.level, kind: c.kind, counts: counts(c) })) }
        if (d.level === 'community') out.grids = activeGrids(d.code)
        return send(res, 200, out)
      }
      return fail(res, 405, 'method_not_allowed', '不支持的请求方法')
    }

    if (parts[0] === 'grids') {
      if (parts.length === 1 && method === 'GET') {
        const community = url.searchParams.get('community') || ''
        const status = url.searchParams.get('status') || 'active'
        const items = [...grids.values()].filter((g) => g.community_code === community && (status === 'all' || g.status === status))
        return send(res, 200, { items, next_cursor: null })
      }
      if (parts.length === 1 && method === 'POST') {
        const body = await readJson(req)
        if (!body) return fail(res, 400, 'invalid_argument', '请求体不是有效的JSON')
        const community = divisions.get(body.community_code || '')
        if (!community || community.level !== 'community') return fail(res, 404, 'not_found', '社区不存在', 'community_code')
        const name = String(body.name || '').trim()
        if (!name) return fail(res, 422, 'validation_failed', '网格名称不能为空', 'name')
        if ([...name].length > 50) return fail(res, 422, 'validation_failed', '网格名称不能超过50个字', 'name')
        if (!['ordinary', 'dedicated'].includes(body.kind)) return fail(res, 422, 'validation_failed', '网格类型无效', 'kind')
        const hh = body.planned_households
        if (!Number.isInteger(hh) || hh < 0 || hh > 5000) return fail(res, 422, 'validation_failed', '计划户数必须是0到5000之间的整数', 'planned_households')
        let code = body.code
        if (code !== undefined && !new RegExp(`^${community.code}\\d{3}$`).test(code)) {
          return fail(res, 422, 'validation_failed', '网格编码必须是所属社区编码加3位数字', 'code')
        }
        if (!code) {
          let n = 1
          while (grids.has(community.code + String(n).padStart(3, '0'))) n++
          code = community.code + String(n).padStart(3, '0')
        }
        if (grids.has(code)) return fail(res, 409, 'already_exists', '网格编码已存在', 'code')
        if ([...grids.values()].some((g) => g.community_code === community.code && g.status === 'active' && g.name === name)) {
          return fail(res, 409, 'already_exists', '本社区已有同名网格', 'name')
        }
        const now = Date.now()
        const grid = { code, community_code: community.code, parent_code: null, level: 'grid', name, kind: body.kind,
          planned_households: hh, valid_from: body.valid_from || new Date().toISOString().slice(0, 10), valid_until: null,
          status: 'active', created_at: now, updated_at: now }
        grids.set(code, grid)
        return send(res, 201, grid)
      }
      const grid = grids.get(parts[1])
      if (!grid) return fail(res, 404, 'not_found', '网格不存在')
      if (parts.length === 2 && method === 'GET') return send(res, 200, { ...grid, micro_grids: [] })
      if (parts[2] === 'close' && method === 'POST') {
        const body = await readJson(req)
        if (!body || !/^\d{4}-\d{2}-\d{2}$/.test(body.valid_until || '')) return fail(res, 422, 'validation_failed', '停用日期格式应为YYYY-MM-DD', 'valid_until')
        if (grid.status !== 'active') return fail(res, 409, 'failed_precondition', '网格已关闭')
        Object.assign(grid, { status: 'closed', valid_until: body.valid_until, updated_at: Date.now() })
        return send(res, 200, grid)
      }
      return fail(res, 405, 'method_not_allowed', '不支持的请求方法')
    }

    if (peopleApi && (await peopleApi(req, res, url, parts)) !== false) return

    if (parts[0] === 'accounts' && method === 'GET') return send(res, 200, { items: [account], next_cursor: null })
    return fail(res, 404, 'not_found', '资源不存在')
  }

  const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.ico': 'image/x-icon', '.woff2': 'font/woff2' }
  function serveStatic(res, url) {
    if (!webDir) return fail(res, 404, 'not_found', '资源不存在')
    const root = path.resolve(webDir)
    let file = path.resolve(root, '.' + decodeURIComponent(url.pathname))
    if (!file.startsWith(root) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) file = path.join(root, 'index.html')
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream' })
    fs.createReadStream(file).pipe(res)
  }

  return http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://localhost')
    try {
      if (url.pathname === '/healthz') return send(res, 200, { status: 'ok' })
      if (url.pathname.startsWith('/api/')) return await api(req, res, url)
      return serveStatic(res, url)
    } catch (error) {
      console.error(error)
      return fail(res, 500, 'internal', '服务器内部错误')
    }
  })
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const arg = (name, fallback) => {
    const i = process.argv.indexOf(name)
    return i > 0 ? process.argv[i + 1] : fallback
  }
  const here = path.dirname(fileURLToPath(import.meta.url))
  const port = Number(arg('--port', process.env.PORT || 8080))
  const webDir = arg('--web', path.join(here, '..', 'dist'))
  createMockServer({ webDir, masked: process.argv.includes('--masked'), people: !process.argv.includes('--no-people') }).listen(port, '127.0.0.1', () => {
    console.log(`mock server on http://127.0.0.1:${port} (web: ${webDir})`)
  })
}
