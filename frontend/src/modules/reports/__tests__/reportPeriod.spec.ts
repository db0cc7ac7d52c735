import { describe, expect, it } from 'vitest'
import { isFuturePeriod, periodLabel, periodOf, shiftPeriod } from '../composables/reportPeriod'

describe('report periods', () => {
  it('runs a week from Monday to Sunday', () => {
    expect(periodOf('weekly', '2026-03-04')).toEqual({ start: '2026-03-02', end: '2026-03-08' })
    expect(periodOf('weekly', '2026-03-08')).toEqual({ start: '2026-03-02', end: '2026-03-08' })
    expect(periodOf('weekly', '2026-03-09')).toEqual({ start: '2026-03-09', end: '2026-03-15' })
    expect(periodOf('daily', '2026-03-04')).toEqual({ start: '2026-03-04', end: '2026-03-04' })
  })

  it('steps to the previous and next period', () => {
    expect(shiftPeriod('daily', '2026-03-01', 1)).toBe('2026-03-02')
    expect(shiftPeriod('weekly', '2026-03-04', -1)).toBe('2026-02-23')
    expect(shiftPeriod('weekly', '2026-03-08', 1)).toBe('2026-03-09')
  })

  it('knows which periods lie in the future', () => {
    expect(isFuturePeriod('daily', '2026-03-05', '2026-03-04')).toBe(true)
    expect(isFuturePeriod('weekly', '2026-03-08', '2026-03-04')).toBe(false)
    expect(isFuturePeriod('weekly', '2026-03-09', '2026-03-04')).toBe(true)
  })

  it('labels a period', () => {
    expect(periodLabel('daily', '2026-03-04', '2026-03-04')).toBe('2026-03-04')
    expect(periodLabel('weekly', '2026-03-02', '2026-03-08')).toBe('2026-03-02 – 2026-03-08')
  })
})
