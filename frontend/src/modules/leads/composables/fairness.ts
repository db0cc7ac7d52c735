/**
 * The fairness report (reps × rules, as the server counts them) shaped for the table and the
 * stacked bar chart: reps by most leads received, columns that received nothing left out.
 */

export interface FairnessColumn {
  key: string
  label: string
}

export interface FairnessRow {
  user_id: number
  user_name: string
  counts: Record<string, number>
  total: number
}

export interface FairnessReport {
  columns: FairnessColumn[]
  rows: FairnessRow[]
  totals: Record<string, number>
  total: number
}

/** Reps with the most leads first (then by name); columns without a single lead are dropped. */
export function fairnessView(report: FairnessReport): FairnessReport {
  const columns = report.columns.filter((column) => (report.totals[column.key] ?? 0) > 0)
  const rows = [...report.rows].sort((a, b) => b.total - a.total || a.user_name.localeCompare(b.user_name, 'zh-CN'))
  return { columns, rows, totals: report.totals, total: report.total }
}

/** One stacked series per column: each rep's count under that rule (0 when none). */
export function fairnessSeries(report: FairnessReport): { name: string; data: number[] }[] {
  return report.columns.map((column) => ({ name: column.label, data: report.rows.map((row) => row.counts[column.key] ?? 0) }))
}

/** The first and last day of the month `date` falls in, as YYYY-MM-DD. */
export function monthRange(date: Date): [string, string] {
  const pad = (value: number) => String(value).padStart(2, '0')
  const year = date.getFullYear()
  const month = date.getMonth()
  const last = new Date(year, month + 1, 0).getDate()
  return [`${year}-${pad(month + 1)}-01`, `${year}-${pad(month + 1)}-${pad(last)}`]
}
