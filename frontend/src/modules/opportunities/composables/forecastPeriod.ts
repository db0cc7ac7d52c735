import dayjs, { type Dayjs } from 'dayjs'
import type { PeriodType } from '../forecastApi'

export const PERIOD_TYPES: PeriodType[] = ['month', 'quarter', 'year']

/** The first day of the period of `type` that contains `day`, as YYYY-MM-DD. */
export function periodStartOf(type: PeriodType, day: Dayjs = dayjs()): string {
  const firstMonth = type === 'year' ? 0 : type === 'quarter' ? Math.floor(day.month() / 3) * 3 : day.month()
  return day.date(1).month(firstMonth).format('YYYY-MM-DD')
}

/** The last day of the period that starts on `start`. */
export function periodEndOf(type: PeriodType, start: string): string {
  const months = type === 'year' ? 12 : type === 'quarter' ? 3 : 1
  return dayjs(start).add(months, 'month').subtract(1, 'day').format('YYYY-MM-DD')
}

/** Which part of its year a period is: month 1–12, quarter 1–4, or 1 for a year. */
export function periodIndex(type: PeriodType, start: string): number {
  const month = dayjs(start).month()
  return type === 'year' ? 1 : type === 'quarter' ? Math.floor(month / 3) + 1 : month + 1
}

/** The start of period `index` (month 1–12 or quarter 1–4) of `year`. */
export function periodStartFor(type: PeriodType, year: number, index: number): string {
  const month = type === 'year' ? 0 : type === 'quarter' ? (index - 1) * 3 : index - 1
  return dayjs(new Date(year, month, 1)).format('YYYY-MM-DD')
}

/** How many periods of `type` a year holds. */
export function periodsPerYear(type: PeriodType): number {
  return type === 'year' ? 1 : type === 'quarter' ? 4 : 12
}

/** The years offered by the picker: two back, one ahead of this year (and the chosen one). */
export function yearChoices(chosen: number, today: Dayjs = dayjs()): number[] {
  const years = new Set([today.year() - 2, today.year() - 1, today.year(), today.year() + 1, chosen])
  return [...years].sort((a, b) => a - b)
}

/** Keep the same moment when the period length changes: the new period that holds the old start. */
export function convertPeriod(from: string, to: PeriodType): string {
  return periodStartOf(to, dayjs(from))
}
