import { afterEach, describe, expect, it } from 'vitest'
import { ApiError, networkError, toApiError } from '@/api/errors'
import { setLocale } from '@/app/i18n'
import { translateError } from '@/shared/errors'

function apiError(code: string, extra: Partial<ConstructorParameters<typeof ApiError>[0]> = {}) {
  return new ApiError({ status: 422, code, message: `server says ${code}`, ...extra })
}

describe('translateError', () => {
  afterEach(() => setLocale('zh-CN'))

  it('translates a known code in Chinese by default', () => {
    expect(translateError(apiError('auth.invalid_credentials'))).toBe('用户名或密码错误。')
  })

  it('translates the same code in English after switching language', () => {
    setLocale('en')
    expect(translateError(apiError('auth.invalid_credentials'))).toBe('Wrong username or password.')
  })

  it('never shows the server message for a code it knows', () => {
    setLocale('en')
    expect(translateError(apiError('conflict.stale_version'))).not.toContain('server says')
  })

  it('falls back to the server message for an unknown code', () => {
    expect(translateError(apiError('billing.invoice_locked'))).toBe('server says billing.invoice_locked')
  })

  it('does not treat a message group as a code', () => {
    expect(translateError(apiError('auth'))).toBe('server says auth')
  })

  it('uses a generic text when an unknown code comes without a message', () => {
    setLocale('en')
    expect(translateError(new ApiError({ status: 418, code: 'teapot', message: '' }))).toBe('The operation failed.')
  })

  it('names the wait when a locked account says when to retry', () => {
    expect(translateError(apiError('auth.locked', { status: 429, retryAfter: 900 }))).toBe(
      '登录失败次数过多，账号已暂时锁定，请在 15 分钟后再试。',
    )
    setLocale('en')
    expect(translateError(apiError('auth.locked', { status: 429, retryAfter: 30 }))).toBe(
      'Too many failed sign-ins; the account is locked. Try again in 30 seconds.',
    )
  })

  it('translates errors the client makes up itself', () => {
    expect(translateError(networkError(new TypeError('Failed to fetch')))).toBe('无法连接服务器，请检查网络。')
    expect(translateError(toApiError(502, '<html>Bad gateway</html>'))).toBe('服务器内部错误，请稍后再试。')
  })

  it('gives a generic text for anything that is not an API error', () => {
    expect(translateError(new Error('boom'))).toBe('操作失败。')
  })
})

describe('toApiError', () => {
  it('keeps the code, fields, current record and retry time of an error body', () => {
    const error = toApiError(409, {
      code: 'conflict.stale_version',
      message: 'x',
      fields: { name: 'bad' },
      current: { id: 1, version: 3 },
      retry_after: null,
    })
    expect(error).toMatchObject({ status: 409, code: 'conflict.stale_version', fields: { name: 'bad' } })
    expect(error.current).toEqual({ id: 1, version: 3 })
    expect(error.retryAfter).toBeUndefined()
  })
})
