/** Display helpers of the forecast, targets and at-risk pages (money arrives as decimal strings). */

const moneyFormat = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 0 })

/** "1,234,568" from "1234567.89"; empty for a missing amount. */
export function formatMoney(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return ''
  const number = Number(value)
  return Number.isFinite(number) ? moneyFormat.format(number) : String(value)
}

/** Attainment as a whole percentage ("50%"), or empty when there is no target. */
export function formatAttainment(attainment: number | null | undefined): string {
  return attainment === null || attainment === undefined ? '' : `${Math.round(attainment * 100)}%`
}

/** The progress bar's fill: the percentage capped at 100 (over-attainment still reads in the label). */
export function attainmentBar(attainment: number | null | undefined): number {
  return attainment === null || attainment === undefined ? 0 : Math.max(0, Math.min(100, Math.round(attainment * 100)))
}

/** A money string as a number for charts (missing counts as 0). */
export function amountNumber(value: string | null | undefined): number {
  const number = Number(value ?? 0)
  return Number.isFinite(number) ? number : 0
}
