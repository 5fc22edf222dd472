// The one HTTP client of the web app. Every call goes through request(): request
// interceptors may change the outgoing request (the CSRF header is one), error interceptors
// see every failure before it is thrown (the 401 redirect is one). Failures are ApiError
// values carrying the server's envelope: code, Chinese message, field, request_id.

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

const STATUS_CODES = {
  400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found',
  405: 'method_not_allowed', 409: 'already_exists', 413: 'payload_too_large',
  422: 'validation_failed', 429: 'resource_exhausted', 500: 'internal', 503: 'unavailable',
}

export class ApiError extends Error {
  constructor({ status = 0, code = 'unknown', message = '', field = null, request_id = null, report = null } = {}) {
    super(message || code)
    this.name = 'ApiError'
    this.status = status
    this.code = code
    this.field = field
    this.request_id = request_id
    // Row-by-row problems of a rejected import: [{row, column, message}].
    this.report = report
    // True when the message came from the server (Chinese, fit to show as it is).
    this.fromServer = Boolean(message)
  }
}

export function isWrite(method) {
  return WRITE_METHODS.has(String(method).toUpperCase())
}

export function buildUrl(path, query) {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    // A list travels as one comma-separated value (tag=elderly_alone,veteran).
    if (Array.isArray(value)) {
      if (value.length) params.append(key, value.join(','))
      continue
    }
    params.append(key, String(value))
  }
  const text = params.toString()
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path
}

/** Turns a failed fetch Response into an ApiError (envelope or, failing that, the status). */
export async function toApiError(response) {
  let body = null
  try {
    body = await response.json()
  } catch {
    body = null
  }
  const envelope = body && typeof body === 'object' && body.error ? body.error : null
  return new ApiError({
    status: response.status,
    code: envelope?.code || STATUS_CODES[response.status] || 'unknown',
    message: envelope?.message || '',
    field: envelope?.field ?? null,
    request_id: envelope?.request_id ?? response.headers?.get?.('x-request-id') ?? null,
    report: Array.isArray(body?.report) ? body.report : null,
  })
}

/** True for bodies sent as they are (file uploads), not as JSON. */
export function isRawBody(body) {
  return (typeof Blob !== 'undefined' && body instanceof Blob)
    || (typeof FormData !== 'undefined' && body instanceof FormData)
    || body instanceof ArrayBuffer
}

/**
 * @param {{fetch?: typeof fetch, baseUrl?: string}} [options]
 */
export function createApiClient(options = {}) {
  const fetchImpl = options.fetch || ((...args) => globalThis.fetch(...args))
  const baseUrl = options.baseUrl || ''
  const requestInterceptors = []
  const errorInterceptors = []

  // `contentType` sets the type of a raw body (a File's own type otherwise); FormData gets
  // its multipart boundary from fetch.
  async function request(method, path, { query, body, headers, contentType, ...flags } = {}) {
    const raw = isRawBody(body)
    let req = {
      method: method.toUpperCase(),
      url: baseUrl + buildUrl(path, query),
      headers: { Accept: 'application/json', ...headers },
      body,
      flags,
    }
    if (body !== undefined && !raw) req.headers['Content-Type'] = 'application/json'
    if (raw && !(typeof FormData !== 'undefined' && body instanceof FormData)) {
      const type = contentType || body.type
      if (type) req.headers['Content-Type'] = type
    }
    for (const intercept of requestInterceptors) req = (await intercept(req)) || req

    let response
    try {
      response = await fetchImpl(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body === undefined ? undefined : raw ? req.body : JSON.stringify(req.body),
        credentials: 'same-origin',
      })
    } catch (cause) {
      const error = new ApiError({ status: 0, code: 'network' })
      error.cause = cause
      for (const intercept of errorInterceptors) await intercept(error, req)
      throw error
    }
    // `blob: true`: the answer is a file (also a rejected import's error copy, sent with 422).
    if (flags.blob && (response.ok || /spreadsheetml/.test(response.headers?.get?.('content-type') || ''))) {
      return response.blob()
    }
    if (response.ok) {
      if (response.status === 204) return null
      const text = await response.text()
      return text ? JSON.parse(text) : null
    }
    const error = await toApiError(response)
    for (const intercept of errorInterceptors) await intercept(error, req)
    throw error
  }

  return {
    request,
    get: (path, opts) => request('GET', path, opts),
    post: (path, body, opts) => request('POST', path, { ...opts, body }),
    patch: (path, body, opts) => request('PATCH', path, { ...opts, body }),
    put: (path, body, opts) => request('PUT', path, { ...opts, body }),
    delete: (path, opts) => request('DELETE', path, opts),
    interceptors: {
      request: { use: (fn) => requestInterceptors.push(fn) },
      error: { use: (fn) => errorInterceptors.push(fn) },
    },
  }
}

/** Adds X-CSRF-Token to POST/PUT/PATCH/DELETE, read fresh from getToken() on each call. */
export function csrfInterceptor(getToken) {
  return (req) => {
    const token = getToken()
    if (isWrite(req.method) && token) req.headers['X-CSRF-Token'] = token
    return req
  }
}

/** Calls onUnauthenticated on a 401, unless the request asked not to (login, session probe). */
export function unauthenticatedInterceptor(onUnauthenticated) {
  return (error, req) => {
    if (error.status === 401 && !req.flags?.noAuthRedirect) onUnauthenticated(error)
  }
}

/** True for the 403 every route but the session's answers while the password must change. */
export function isMustChangePassword(error) {
  return error?.status === 403 && error.field === 'must_change_password'
}

/** Calls onMustChange on that 403 (an administrator reset the password, or it is too weak). */
export function mustChangePasswordInterceptor(onMustChange) {
  return (error) => {
    if (isMustChangePassword(error)) onMustChange(error)
  }
}

/** The text to show for an error: the server's message, else a translated fallback. */
export function errorText(error, t) {
  if (error instanceof ApiError) {
    if (error.fromServer) return error.message
    if (error.code === 'network') return t('errors.network')
  }
  return t('errors.unknown')
}

export const api = createApiClient()
