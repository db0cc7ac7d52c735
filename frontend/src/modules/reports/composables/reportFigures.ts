import type { WorkReportFigures } from '../api'

/** Every figure key, in the order the server defines them. */
export const FIGURE_KEYS = [
  'follow_ups',
  'visits',
  'far_visits',
  'new_leads',
  'new_customers',
  'new_opportunities',
  'stage_moves',
  'won_deals',
  'won_amount',
  'tasks_done',
  'tasks_overdue',
] as const

export type FigureKey = (typeof FIGURE_KEYS)[number]

export const FOLLOW_UP_KINDS = ['phone', 'visit', 'wechat', 'email', 'meeting', 'other'] as const

export interface FigureCell {
  key: string
  /** What the tile shows; null when the reader may not see it (won amount under a field rule). */
  value: string | null
  /** Whether there are records to open. */
  isOpenable: boolean
}

/** Group digits of an amount string: "1234567.50" → "1,234,567.50". */
export function formatAmount(value: string): string {
  const [whole = '', fraction] = value.split('.')
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return fraction ? `${grouped}.${fraction}` : grouped
}

/** The tiles of a report: the layout's figure keys with their values. */
export function figureCells(keys: readonly string[], figures: WorkReportFigures): FigureCell[] {
  const values = figures as unknown as Record<string, number | string | null | undefined>
  return keys
    .filter((key) => key in values)
    .map((key) => {
      const raw = values[key]
      if (raw === null || raw === undefined) return { key, value: null, isOpenable: false }
      const value = key === 'won_amount' ? formatAmount(String(raw)) : String(raw)
      const isOpenable = Number(raw) > 0
      return { key, value, isOpenable }
    })
}

/** The follow-ups by kind that happened, for the breakdown under the follow-ups tile. */
export function followUpBreakdown(figures: WorkReportFigures): { kind: string; count: number }[] {
  return FOLLOW_UP_KINDS.map((kind) => ({ kind, count: figures.follow_ups_by_kind[kind] ?? 0 })).filter(
    (item) => item.count > 0,
  )
}

/** The figure whose records a tile opens (the won amount lists the deals won). */
export function drillFigure(key: string): string {
  return key === 'won_amount' ? 'won_deals' : key
}
