import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '../errors'
import { api, apiFetch, configureHttp, expectOk, resetCsrfState, unwrap } from '../http'

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}

function clearCookies() {
  for (const part of document.cookie.split(';')) {
    const name = part.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
}

const fetchMock = vi.fn<(input: Request | string, init?: RequestInit) => Promise<Response>>()
const sent = () => fetchMock.mock.calls.map(([input]) => input as Request)

describe('apiFetch', () => {
  beforeEach(() => {
    clearCookies()
    resetCsrfState()
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
    configureHttp({ language: () => 'en', onUnauthorized: () => {} })
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('sends no CSRF token nor Idempotency-Key on GET, but the UI language and cookies', async () => {
    document.cookie = 'csrftoken=abc; path=/'
    fetchMock.mockResolvedValueOnce(json(200, { ok: true }))
    await apiFetch(new Request('http://localhost/api/v1/auth/me'))
    const [request] = sent()
    expect(request?.headers.get('X-CSRFToken')).toBeNull()
    expect(request?.headers.get('Idempotency-Key')).toBeNull()
    expect(request?.headers.get('Accept-Language')).toBe('en')
    expect(request?.credentials).toBe('include')
  })

  it('sends the csrftoken cookie and a fresh Idempotency-Key on each POST', async () => {
    document.cookie = 'csrftoken=abc; path=/'
    fetchMock.mockImplementation(async () => json(200, {}))
    await apiFetch(new Request('http://localhost/api/v1/users', { method: 'POST', body: '{}' }))
    await apiFetch(new Request('http://localhost/api/v1/users', { method: 'POST', body: '{}' }))
    const [first, second] = sent()
    expect(first?.headers.get('X-CSRFToken')).toBe('abc')
    const keys = [first?.headers.get('Idempotency-Key'), second?.headers.get('Idempotency-Key')]
    expect(keys[0]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[1]).toMatch(/^[0-9a-f-]{36}$/)
    expect(keys[0]).not.toBe(keys[1])
  })

  it('sends the CSRF token but no Idempotency-Key on PATCH and DELETE', async () => {
    document.cookie = 'csrftoken=abc; path=/'
    fetchMock.mockImplementation(async () => new Response(null, { status: 204 }))
    await apiFetch(new Request('http://localhost/api/v1/users/1', { method: 'PATCH', body: '{}' }))
    await apiFetch(new Request('http://localhost/api/v1/auth/tokens/1', { method: 'DELETE' }))
    for (const request of sent()) {
      expect(request.headers.get('X-CSRFToken')).toBe('abc')
      expect(request.headers.get('Idempotency-Key')).toBeNull()
    }
  })

  it('asks the server for a CSRF token first when the cookie is missing', async () => {
    fetchMock.mockResolvedValueOnce(json(200, { csrf_token: 'from-server' })).mockResolvedValueOnce(json(200, {}))
    await apiFetch(new Request('http://localhost/api/v1/auth/login', { method: 'POST', body: '{}' }))
    expect(fetchMock).toHaveBeenCalledTimes(2)
    expect(String(fetchMock.mock.calls[0]?.[0])).toBe('/api/v1/auth/csrf')
    expect(sent()[1]?.headers.get('X-CSRFToken')).toBe('from-server')
  })

  it('replays a request refused for CSRF once, with a new token and the same Idempotency-Key', async () => {
    document.cookie = 'csrftoken=old; path=/'
    fetchMock
      .mockResolvedValueOnce(json(403, { code: 'auth.csrf_failed', message: '', fields: {} }))
      .mockImplementationOnce(async () => {
        document.cookie = 'csrftoken=new; path=/'
        return json(200, { csrf_token: 'new' })
      })
      .mockResolvedValueOnce(json(201, { id: 1 }))
    const response = await apiFetch(new Request('http://localhost/api/v1/roles', { method: 'POST', body: '{"a":1}' }))
    expect(response.status).toBe(201)
    const requests = fetchMock.mock.calls.map(([input]) => input)
    const first = requests[0] as Request
    const replay = requests[2] as Request
    expect(replay.headers.get('X-CSRFToken')).toBe('new')
    expect(replay.headers.get('Idempotency-Key')).toBe(first.headers.get('Idempotency-Key'))
    expect(await replay.text()).toBe('{"a":1}')
  })

  it('reports a lost session to the 401 hook, but not a failed sign-in', async () => {
    const onUnauthorized = vi.fn()
    configureHttp({ onUnauthorized })
    document.cookie = 'csrftoken=abc; path=/'
    fetchMock
      .mockResolvedValueOnce(json(401, { code: 'auth.invalid_credentials', message: '', fields: {} }))
      .mockResolvedValueOnce(json(401, { code: 'auth.not_authenticated', message: '', fields: {} }))
    await apiFetch(new Request('http://localhost/api/v1/auth/login', { method: 'POST', body: '{}' }))
    expect(onUnauthorized).not.toHaveBeenCalled()
    await apiFetch(new Request('http://localhost/api/v1/customers'))
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })
})

describe('typed client', () => {
  beforeEach(() => {
    document.cookie = 'csrftoken=abc; path=/'
    fetchMock.mockReset()
    vi.stubGlobal('fetch', fetchMock)
  })

  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('returns the data of a successful call', async () => {
    fetchMock.mockResolvedValueOnce(json(200, [{ id: 1, name: 'Sales' }]))
    const departments = await unwrap(api.GET('/api/v1/departments'))
    expect(departments).toEqual([{ id: 1, name: 'Sales' }])
  })

  it('turns an error body into an ApiError with fields and the current record', async () => {
    fetchMock.mockResolvedValueOnce(
      json(409, { code: 'conflict.stale_version', message: 'stale', fields: { name: 'x' }, current: { version: 4 } }),
    )
    const call = unwrap(
      api.PATCH('/api/v1/departments/{department_id}', { params: { path: { department_id: 1 } }, body: { version: 3 } }),
    )
    await expect(call).rejects.toMatchObject({
      status: 409,
      code: 'conflict.stale_version',
      fields: { name: 'x' },
      current: { version: 4 },
    })
  })

  it('turns a network failure into an ApiError', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'))
    const call = expectOk(api.POST('/api/v1/auth/logout'))
    await expect(call).rejects.toBeInstanceOf(ApiError)
    await expect(call).rejects.toMatchObject({ status: 0, code: 'client.network_error' })
  })
})
