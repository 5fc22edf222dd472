import { describe, it, expect, vi } from 'vitest'
import { createApiClient, csrfInterceptor, unauthenticatedInterceptor, ApiError, buildUrl, errorText } from './client.js'

function jsonResponse(status, body, headers = {}) {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

function clientAnswering(...responses) {
  const calls = []
  const fetch = vi.fn(async (url, init) => {
    calls.push({ url, init })
    const next = responses.shift()
    if (next instanceof Error) throw next
    return next
  })
  return { client: createApiClient({ fetch }), calls }
}

describe('api client', () => {
  it('turns the error envelope into an ApiError with code, message, field and request id', async () => {
    const { client } = clientAnswering(
      jsonResponse(422, {
        error: { code: 'validation_failed', message: '网格编码必须是所属社区编码加3位数字', field: 'code', request_id: 'r-1' },
      }),
    )
    const error = await client.post('/api/v1/grids', { name: 'x' }).catch((e) => e)
    expect(error).toBeInstanceOf(ApiError)
    expect(error).toMatchObject({
      status: 422, code: 'validation_failed', field: 'code', request_id: 'r-1',
      message: '网格编码必须是所属社区编码加3位数字', fromServer: true,
    })
  })

  it('maps a status without an envelope to its code, with no server message', async () => {
    const { client } = clientAnswering(new Response('<html>bad gateway</html>', { status: 503 }))
    const error = await client.get('/api/v1/divisions/3210').catch((e) => e)
    expect(error).toMatchObject({ status: 503, code: 'unavailable', fromServer: false })
    expect(errorText(error, (k) => `t:${k}`)).toBe('t:errors.unknown')
  })

  it('reports a network failure as code "network"', async () => {
    const { client } = clientAnswering(new TypeError('Failed to fetch'))
    const error = await client.get('/api/v1/session').catch((e) => e)
    expect(error).toMatchObject({ status: 0, code: 'network' })
    expect(errorText(error, (k) => `t:${k}`)).toBe('t:errors.network')
  })

  it('shows the server message as it is', () => {
    const error = new ApiError({ status: 401, code: 'unauthenticated', message: '用户名或密码错误' })
    expect(errorText(error, (k) => k)).toBe('用户名或密码错误')
  })

  it('adds X-CSRF-Token on writes only, sends cookies and JSON', async () => {
    const { client, calls } = clientAnswering(
      jsonResponse(200, { ok: 1 }), jsonResponse(201, { code: 'g' }), jsonResponse(200, {}),
      new Response(null, { status: 204 }),
    )
    let token = 'csrf-1'
    client.interceptors.request.use(csrfInterceptor(() => token))
    expect(await client.get('/api/v1/divisions/3210')).toEqual({ ok: 1 })
    await client.post('/api/v1/grids', { name: '一号网格' })
    token = 'csrf-2'
    await client.patch('/api/v1/grids/g', { name: 'n' })
    expect(await client.delete('/api/v1/session')).toBeNull()

    expect(calls[0].init.headers['X-CSRF-Token']).toBeUndefined()
    expect(calls[0].init.credentials).toBe('same-origin')
    expect(calls[1].init.headers['X-CSRF-Token']).toBe('csrf-1')
    expect(calls[1].init.headers['Content-Type']).toBe('application/json')
    expect(JSON.parse(calls[1].init.body)).toEqual({ name: '一号网格' })
    expect(calls[2].init.headers['X-CSRF-Token']).toBe('csrf-2')
    expect(calls[3].init.method).toBe('DELETE')
    expect(calls[3].init.headers['X-CSRF-Token']).toBe('csrf-2')
  })

  it('calls the 401 handler, except for requests that opt out', async () => {
    const envelope = { error: { code: 'unauthenticated', message: '请先登录', request_id: 'r-2' } }
    const { client } = clientAnswering(jsonResponse(401, envelope), jsonResponse(401, envelope), jsonResponse(403, {}))
    const onUnauthenticated = vi.fn()
    client.interceptors.error.use(unauthenticatedInterceptor(onUnauthenticated))
    await expect(client.get('/api/v1/grids')).rejects.toMatchObject({ status: 401 })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    await expect(client.get('/api/v1/session', { noAuthRedirect: true })).rejects.toMatchObject({ status: 401 })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
    await expect(client.get('/api/v1/accounts')).rejects.toMatchObject({ status: 403, code: 'permission_denied' })
    expect(onUnauthenticated).toHaveBeenCalledTimes(1)
  })

  it('keeps the row-by-row report of a rejected import', async () => {
    const report = [{ row: 3, column: '身份证号码', message: '身份证号码校验码错误' }]
    const { client } = clientAnswering(jsonResponse(422, {
      error: { code: 'validation_failed', message: '导入文件有 1 处错误，未写入任何数据', request_id: 'r-3' }, report,
    }))
    const error = await client.post('/api/v1/residents/import', new Blob(['a,b'], { type: 'text/csv' })).catch((e) => e)
    expect(error).toMatchObject({ status: 422, code: 'validation_failed', report })
  })

  it('returns the error copy of a rejected import as a file when asked for one', async () => {
    const xlsx = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
    const copy = new Response(new Blob(['PK'], { type: xlsx }), { status: 422, headers: { 'content-type': xlsx } })
    const { client } = clientAnswering(copy)
    const blob = await client.post('/api/v1/residents/import', new Blob(['a']), { query: { report: 'xlsx' }, blob: true })
    expect(blob).toBeInstanceOf(Blob)
    expect(await blob.text()).toBe('PK')
    // A JSON failure stays an ApiError even with blob: true.
    const { client: plain } = clientAnswering(jsonResponse(403, { error: { code: 'permission_denied', message: '无权限', request_id: 'r' } }))
    await expect(plain.post('/x', new Blob(['a']), { blob: true })).rejects.toMatchObject({ status: 403 })
  })

  it('sends a file as the raw body with its content type, not as JSON', async () => {
    const { client, calls } = clientAnswering(jsonResponse(200, { imported: 1, updated: 0 }))
    client.interceptors.request.use(csrfInterceptor(() => 'c'))
    const file = new Blob(['姓名\n'], { type: '' })
    expect(await client.post('/api/v1/residents/import', file, { contentType: 'text/csv' })).toEqual({ imported: 1, updated: 0 })
    expect(calls[0].init.body).toBe(file)
    expect(calls[0].init.headers['Content-Type']).toBe('text/csv')
    expect(calls[0].init.headers['X-CSRF-Token']).toBe('c')
  })

  it('sends a list as one comma-separated value', () => {
    expect(buildUrl('/api/v1/residents', { tag: ['elderly_alone', 'veteran'], q: '王' }))
      .toBe('/api/v1/residents?tag=elderly_alone%2Cveteran&q=%E7%8E%8B')
    expect(buildUrl('/api/v1/residents', { tag: [] })).toBe('/api/v1/residents')
  })

  it('builds query strings without empty values', () => {
    expect(buildUrl('/api/v1/grids', { community: '321002001001', status: 'all', q: '', cursor: undefined }))
      .toBe('/api/v1/grids?community=321002001001&status=all')
    expect(buildUrl('/api/v1/divisions', { q: '东关' })).toBe('/api/v1/divisions?q=%E4%B8%9C%E5%85%B3')
  })
})
