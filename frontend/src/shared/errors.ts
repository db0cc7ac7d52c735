import { ElMessage } from 'element-plus'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { messages } from '@/app/locales'

function leafKeys(tree: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : leafKeys(value as Record<string, unknown>, `${prefix}${key}.`),
  )
}

/** The error codes the UI has its own text for (identical in every language; types enforce it). */
const TRANSLATED_CODES = new Set(leafKeys(messages['zh-CN'].errors))

const RETRY_KEYS: Record<string, string> = {
  'auth.locked': 'errors.auth.lockedRetry',
  rate_limited: 'errors.rateLimitedRetry',
}

/** "90 秒" / "15 minutes": seconds under two minutes stay seconds, longer waits round up to minutes. */
export function formatDuration(seconds: number): string {
  const { t } = i18n.global
  if (seconds < 120) return t('time.seconds', { n: seconds }, seconds)
  const minutes = Math.ceil(seconds / 60)
  return t('time.minutes', { n: minutes }, minutes)
}

/**
 * The one way to turn a failure into text: known server codes are translated in the UI language,
 * unknown codes fall back to the server's own message, anything else to a generic text.
 */
export function translateError(error: unknown): string {
  const { t } = i18n.global
  if (!isApiError(error)) return t('errors.unknown')
  const retryKey = RETRY_KEYS[error.code]
  if (retryKey && error.retryAfter != null && error.retryAfter > 0) {
    return t(retryKey, { time: formatDuration(error.retryAfter) })
  }
  if (TRANSLATED_CODES.has(error.code)) return t(`errors.${error.code}`)
  return error.message || t('errors.unknown')
}

/** Show a failure as a toast. */
export function notifyError(error: unknown): void {
  if (!isApiError(error)) console.error(error)
  ElMessage.error({ message: translateError(error), grouping: true })
}
