import dayjs from 'dayjs'
import type { ReportKind } from '../api'

/** A report period: its first and last day (YYYY-MM-DD); weeks run Monday to Sunday. */
export interface ReportPeriodRange {
  start: string
  end: string
}

const FORMAT = 'YYYY-MM-DD'

export function todayString(now: Date = new Date()): string {
  return dayjs(now).format(FORMAT)
}

/** The period of `kind` containing `date`. */
export function periodOf(kind: ReportKind, date: string): ReportPeriodRange {
  const day = dayjs(date)
  if (kind === 'daily') return { start: day.format(FORMAT), end: day.format(FORMAT) }
  const monday = day.subtract((day.day() + 6) % 7, 'day')
  return { start: monday.format(FORMAT), end: monday.add(6, 'day').format(FORMAT) }
}

/** A day in the period `steps` periods before (negative) or after `date`'s. */
export function shiftPeriod(kind: ReportKind, date: string, steps: number): string {
  const start = dayjs(periodOf(kind, date).start)
  return start.add(steps, kind === 'daily' ? 'day' : 'week').format(FORMAT)
}

/** Whether the period of `date` starts after today's (such reports cannot be written yet). */
export function isFuturePeriod(kind: ReportKind, date: string, today: string = todayString()): boolean {
  return periodOf(kind, date).start > periodOf(kind, today).start
}

/** "2026-03-04" or "2026-03-02 – 2026-03-08". */
export function periodLabel(kind: ReportKind, start: string, end: string): string {
  return kind === 'daily' ? start : `${start} – ${end}`
}
