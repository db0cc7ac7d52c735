import dayjs from 'dayjs'
import { describe, expect, it } from 'vitest'
import {
  convertPeriod,
  periodEndOf,
  periodIndex,
  periodStartFor,
  periodStartOf,
  periodsPerYear,
  yearChoices,
} from '../composables/forecastPeriod'
import { attainmentBar, formatAttainment, formatMoney } from '../composables/forecastFormat'

describe('forecast periods', () => {
  it('finds the period that holds a day', () => {
    const day = dayjs('2026-08-31')
    expect(periodStartOf('month', day)).toBe('2026-08-01')
    expect(periodStartOf('quarter', day)).toBe('2026-07-01')
    expect(periodStartOf('year', day)).toBe('2026-01-01')
    expect(periodStartOf('quarter', dayjs('2026-12-31'))).toBe('2026-10-01')
  })

  it('computes the last day, the index and the start from year and index', () => {
    expect(periodEndOf('quarter', '2026-10-01')).toBe('2026-12-31')
    expect(periodEndOf('month', '2028-02-01')).toBe('2028-02-29')
    expect(periodEndOf('year', '2026-01-01')).toBe('2026-12-31')
    expect(periodIndex('quarter', '2026-07-01')).toBe(3)
    expect(periodIndex('month', '2026-07-01')).toBe(7)
    expect(periodIndex('year', '2026-01-01')).toBe(1)
    expect(periodStartFor('quarter', 2025, 4)).toBe('2025-10-01')
    expect(periodStartFor('month', 2025, 2)).toBe('2025-02-01')
    expect(periodStartFor('year', 2025, 1)).toBe('2025-01-01')
    expect([periodsPerYear('month'), periodsPerYear('quarter'), periodsPerYear('year')]).toEqual([12, 4, 1])
  })

  it('keeps the moment when the period length changes', () => {
    expect(convertPeriod('2026-08-01', 'quarter')).toBe('2026-07-01')
    expect(convertPeriod('2026-07-01', 'year')).toBe('2026-01-01')
    expect(convertPeriod('2026-07-01', 'month')).toBe('2026-07-01')
  })

  it('offers two years back, one ahead, and the chosen year', () => {
    expect(yearChoices(2026, dayjs('2026-05-01'))).toEqual([2024, 2025, 2026, 2027])
    expect(yearChoices(2020, dayjs('2026-05-01'))).toEqual([2020, 2024, 2025, 2026, 2027])
  })
})

describe('forecast formatting', () => {
  it('formats money strings and attainment', () => {
    expect(formatMoney('1234567.89')).toBe('1,234,568')
    expect(formatMoney(null)).toBe('')
    expect(formatAttainment(0.5)).toBe('50%')
    expect(formatAttainment(1.234)).toBe('123%')
    expect(formatAttainment(null)).toBe('')
    expect(attainmentBar(1.5)).toBe(100)
    expect(attainmentBar(0.256)).toBe(26)
    expect(attainmentBar(null)).toBe(0)
  })
})
