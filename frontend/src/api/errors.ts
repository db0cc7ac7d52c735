import type { components } from './generated/schema'

type ErrorBody = components['schemas']['ErrorOut']

/** Codes the client produces itself, when no server answer carries one. */
export const CLIENT_ERROR_CODES = {
  network: 'client.network_error',
  unexpected: 'client.unexpected_response',
} as const

/** Every failed API call surfaces as one of these; pages translate `code`, never `message`. */
export class ApiError extends Error {
  readonly status: number
  readonly code: string
  readonly fields: Record<string, string>
  readonly current?: Record<string, unknown>
  readonly retryAfter?: number

  constructor(init: {
    status: number
    code: string
    message: string
    fields?: Record<string, string>
    current?: Record<string, unknown> | null
    retryAfter?: number | null
  }) {
    super(init.message)
    this.name = 'ApiError'
    this.status = init.status
    this.code = init.code
    this.fields = init.fields ?? {}
    if (init.current) this.current = init.current
    if (init.retryAfter != null) this.retryAfter = init.retryAfter
  }
}

function isErrorBody(body: unknown): body is ErrorBody {
  return typeof body === 'object' && body !== null && typeof (body as ErrorBody).code === 'string'
}

/**
 * Build an ApiError from a status and whatever body came back (JSON error body, HTML from a proxy,
 * nothing). A Retry-After header fills in the wait when the body does not name it.
 */
export function toApiError(status: number, body: unknown, retryAfterHeader?: string | null): ApiError {
  const headerSeconds = retryAfterHeader && /^\d+$/.test(retryAfterHeader) ? Number(retryAfterHeader) : null
  if (isErrorBody(body)) {
    return new ApiError({
      status,
      code: body.code,
      message: body.message ?? '',
      fields: body.fields ?? {},
      current: body.current ?? null,
      retryAfter: body.retry_after ?? headerSeconds,
    })
  }
  const code = status >= 500 ? 'server_error' : CLIENT_ERROR_CODES.unexpected
  return new ApiError({
    status,
    code,
    message: typeof body === 'string' ? body.slice(0, 200) : '',
    retryAfter: headerSeconds,
  })
}

export function networkError(cause: unknown): ApiError {
  const message = cause instanceof Error ? cause.message : String(cause)
  return new ApiError({ status: 0, code: CLIENT_ERROR_CODES.network, message })
}

export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}
