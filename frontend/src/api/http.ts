import createClient from 'openapi-fetch'
import { ApiError, networkError, toApiError } from './errors'
import type { paths } from './generated/schema'

export interface HttpConfig {
  /** The UI language, sent as Accept-Language so server messages match it. */
  language: () => string
  /** Called when the server says the session is gone (any 401 except a failed sign-in). */
  onUnauthorized: (error: ApiError) => void
}

const config: HttpConfig = {
  language: () => 'zh-CN',
  onUnauthorized: () => {},
}

export function configureHttp(options: Partial<HttpConfig>): void {
  Object.assign(config, options)
}

const CSRF_COOKIE = 'csrftoken'
const CSRF_URL = '/api/v1/auth/csrf'
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

let csrfFromServer: string | null = null
let csrfRequest: Promise<string | null> | null = null

export function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...rest] = part.trim().split('=')
    if (key === name) return decodeURIComponent(rest.join('='))
  }
  return null
}

/** The CSRF token to send: the cookie if present, else ask the server once to set it. */
export async function ensureCsrfToken(force = false): Promise<string | null> {
  const cookie = readCookie(CSRF_COOKIE)
  if (cookie && !force) return cookie
  if (!force && csrfFromServer) return csrfFromServer
  csrfRequest ??= fetch(CSRF_URL, { credentials: 'include', headers: { Accept: 'application/json' } })
    .then(async (response) => {
      if (response.ok) {
        const body = (await response.json()) as { csrf_token?: string }
        csrfFromServer = body.csrf_token ?? null
      }
      return readCookie(CSRF_COOKIE) ?? csrfFromServer
    })
    .catch(() => readCookie(CSRF_COOKIE) ?? csrfFromServer)
    .finally(() => {
      csrfRequest = null
    })
  return csrfRequest
}

/** Test hook: forget the token learned from the server. */
export function resetCsrfState(): void {
  csrfFromServer = null
  csrfRequest = null
}

async function errorCode(response: Response): Promise<string | null> {
  try {
    const body = (await response.clone().json()) as { code?: unknown }
    return typeof body.code === 'string' ? body.code : null
  } catch {
    return null
  }
}

/**
 * The fetch every API call goes through: same-origin cookies, UI language, CSRF header on unsafe
 * methods, a fresh Idempotency-Key per POST (kept on the one CSRF retry), and the 401 hook.
 */
export async function apiFetch(input: Request): Promise<Response> {
  const method = input.method.toUpperCase()
  const headers = new Headers(input.headers)
  headers.set('Accept', 'application/json')
  headers.set('Accept-Language', config.language())
  const unsafe = UNSAFE_METHODS.has(method)
  if (unsafe) {
    const token = await ensureCsrfToken()
    if (token) headers.set('X-CSRFToken', token)
  }
  if (method === 'POST' && !headers.has('Idempotency-Key')) {
    headers.set('Idempotency-Key', crypto.randomUUID())
  }
  const prepared = new Request(input, { headers, credentials: 'include' })
  let response = await fetch(prepared.clone())

  if (unsafe && response.status === 403 && (await errorCode(response)) === 'auth.csrf_failed') {
    // The token rotated (sign-in, expiry): fetch a new one and replay the same request once.
    const token = await ensureCsrfToken(true)
    if (token) {
      headers.set('X-CSRFToken', token)
      response = await fetch(new Request(prepared, { headers }))
    }
  }

  if (response.status === 401) {
    const code = await errorCode(response)
    if (code !== 'auth.invalid_credentials') {
      config.onUnauthorized(new ApiError({ status: 401, code: code ?? 'auth.not_authenticated', message: '' }))
    }
  }
  return response
}

export const api = createClient<paths>({ baseUrl: '', credentials: 'include', fetch: apiFetch })

interface FetchResult {
  data?: unknown
  error?: unknown
  response: Response
}

async function settle<R extends FetchResult>(pending: Promise<R>): Promise<R> {
  let result: R
  try {
    result = await pending
  } catch (cause) {
    throw cause instanceof ApiError ? cause : networkError(cause)
  }
  if (!result.response.ok) {
    throw toApiError(result.response.status, result.error, result.response.headers.get('Retry-After'))
  }
  return result
}

/** Await an openapi-fetch call and return its data, or throw an ApiError. */
export async function unwrap<R extends FetchResult>(pending: Promise<R>): Promise<NonNullable<R['data']>> {
  const result = await settle(pending)
  return result.data as NonNullable<R['data']>
}

/** Await a call that answers without a body (204), or throw an ApiError. */
export async function expectOk(pending: Promise<FetchResult>): Promise<void> {
  await settle(pending)
}
