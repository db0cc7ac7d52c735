/** Claim limits as text, and the text of a refused claim. */
import { isApiError } from '@/api/errors'

export interface PoolLimits {
  max_held?: number | null
  max_claims_per_day?: number | null
  cooldown_days?: number | null
}

type Translate = (key: string, values?: Record<string, unknown>) => string

/** The refusal codes of a claim, with our own text and the pool limit it names. */
const REFUSALS: Record<string, { key: string; limit: keyof PoolLimits }> = {
  'pool.limit_held': { key: 'leads.pools.refusals.limitHeld', limit: 'max_held' },
  'pool.limit_daily': { key: 'leads.pools.refusals.limitDaily', limit: 'max_claims_per_day' },
  'pool.cooldown': { key: 'leads.pools.refusals.cooldown', limit: 'cooldown_days' },
}

export function isClaimRefusal(error: unknown): boolean {
  return isApiError(error) && error.code in REFUSALS
}

/**
 * A refused claim in words: the server's message (in the UI language, it names the limit and, for
 * a cool-down, when the record is free again); our own text with the pool's number when it sent none.
 * Null when the failure is no claim refusal (the caller shows it the usual way).
 */
export function claimRefusalText(error: unknown, pool: PoolLimits | null, t: Translate): string | null {
  if (!isApiError(error)) return null
  const refusal = REFUSALS[error.code]
  if (!refusal) return null
  if (error.message) return error.message
  return t(refusal.key, { n: pool?.[refusal.limit] ?? '—' })
}

/** The pool's three limits as lines for the page header. */
export function limitLines(pool: PoolLimits, t: Translate): string[] {
  const held = pool.max_held
  const daily = pool.max_claims_per_day
  const cooldown = pool.cooldown_days ?? 0
  return [
    held == null ? t('leads.pools.limits.maxHeldNone') : t('leads.pools.limits.maxHeld', { n: held }),
    daily == null ? t('leads.pools.limits.perDayNone') : t('leads.pools.limits.perDay', { n: daily }),
    cooldown > 0 ? t('leads.pools.limits.cooldown', { n: cooldown }) : t('leads.pools.limits.cooldownNone'),
  ]
}
