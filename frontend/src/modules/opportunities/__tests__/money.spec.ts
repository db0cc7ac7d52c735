import { describe, expect, it } from 'vitest'
import { formatMoney, fromCents, humanizeSeconds, toCents, weightedCents } from '../composables/money'

describe('money', () => {
  it('adds decimal strings exactly in fen', () => {
    expect(toCents('12345.6')).toBe(1234560n)
    expect(toCents('0.005')).toBe(1n)
    expect(toCents(null)).toBe(0n)
    expect(toCents('abc')).toBe(0n)
    expect(fromCents(toCents('99999999999999.99') + toCents('0.01'))).toBe('100000000000000.00')
    expect(fromCents(-150n)).toBe('-1.50')
  })

  it('weights an amount by the stage probability', () => {
    expect(fromCents(weightedCents('1000.00', 25))).toBe('250.00')
    expect(fromCents(weightedCents('0.03', 50))).toBe('0.02')
  })

  it('formats totals with ¥ and thousands separators', () => {
    expect(formatMoney('1234567.49')).toBe('¥1,234,567')
    expect(formatMoney('1234567.50')).toBe('¥1,234,568')
    expect(formatMoney('1234567.5', 'CNY', true)).toBe('¥1,234,567.50')
    expect(formatMoney('999', 'USD')).toBe('$999')
    expect(formatMoney('0.00')).toBe('¥0')
    expect(formatMoney('-2500')).toBe('-¥2,500')
    expect(formatMoney(null)).toBe('')
  })

  it('says how long a deal stayed in a stage', () => {
    const t = (key: string, values: Record<string, number>) => `${values.n ?? ''}${key.split('.').pop()}`
    expect(humanizeSeconds(3 * 86400 + 4 * 3600 + 59, t)).toBe('3days 4hours')
    expect(humanizeSeconds(2 * 3600 + 5 * 60, t)).toBe('2hours 5minutes')
    expect(humanizeSeconds(86400 + 30, t)).toBe('1days')
    expect(humanizeSeconds(30, t)).toBe('lessThanMinute')
  })
})
