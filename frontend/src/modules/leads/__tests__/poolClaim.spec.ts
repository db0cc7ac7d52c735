import { describe, expect, it } from 'vitest'
import { ApiError } from '@/api/errors'
import { claimRefusalText, isClaimRefusal, limitLines } from '../composables/poolClaim'

const t = (key: string, values?: Record<string, unknown>) => (values ? `${key}|${JSON.stringify(values)}` : key)
const refusal = (code: string, message = '') => new ApiError({ status: 422, code, message })
const POOL = { max_held: 50, max_claims_per_day: 1, cooldown_days: 7 }

describe('claim refusals', () => {
  it("shows the server's message, which names the limit", () => {
    const error = refusal('pool.limit_daily', '已达到每日领取上限：每天最多领取 1 条，请明天再试。')
    expect(isClaimRefusal(error)).toBe(true)
    expect(claimRefusalText(error, POOL, t)).toBe('已达到每日领取上限：每天最多领取 1 条，请明天再试。')
  })

  it("names the pool's own limit when the server sent no message", () => {
    expect(claimRefusalText(refusal('pool.limit_held'), POOL, t)).toBe('leads.pools.refusals.limitHeld|{"n":50}')
    expect(claimRefusalText(refusal('pool.limit_daily'), POOL, t)).toBe('leads.pools.refusals.limitDaily|{"n":1}')
    expect(claimRefusalText(refusal('pool.cooldown'), POOL, t)).toBe('leads.pools.refusals.cooldown|{"n":7}')
    expect(claimRefusalText(refusal('pool.cooldown'), null, t)).toBe('leads.pools.refusals.cooldown|{"n":"—"}')
  })

  it('leaves other failures to the usual error text', () => {
    expect(isClaimRefusal(refusal('pool.not_in_pool', 'x'))).toBe(false)
    expect(claimRefusalText(refusal('conflict.stale_version', 'x'), POOL, t)).toBeNull()
    expect(claimRefusalText(new Error('boom'), POOL, t)).toBeNull()
  })

  it('describes the limits, unlimited ones included', () => {
    expect(limitLines(POOL, t)).toEqual([
      'leads.pools.limits.maxHeld|{"n":50}',
      'leads.pools.limits.perDay|{"n":1}',
      'leads.pools.limits.cooldown|{"n":7}',
    ])
    expect(limitLines({ max_held: null, max_claims_per_day: null, cooldown_days: 0 }, t)).toEqual([
      'leads.pools.limits.maxHeldNone',
      'leads.pools.limits.perDayNone',
      'leads.pools.limits.cooldownNone',
    ])
  })
})
