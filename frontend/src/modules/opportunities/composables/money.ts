/**
 * Money arrives as decimal strings ("12345.60"). Totals are added up in integer cents (BigInt), so
 * large pipelines never lose a fen to floating point; display groups thousands with commas.
 */

const SYMBOLS: Record<string, string> = { CNY: '¥', USD: '$', EUR: '€', HKD: 'HK$', JPY: 'JP¥', GBP: '£' }
const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/

/** "12345.6" → 1234560n; blank or malformed values count as zero. */
export function toCents(value: string | number | null | undefined): bigint {
  if (value === null || value === undefined || value === '') return 0n
  const match = DECIMAL.exec(String(value).trim())
  if (!match) return 0n
  const [, sign, whole = '0', fraction = ''] = match
  const cents = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2))
  // Round half up on the third decimal so "0.005" becomes one fen.
  const rounded = fraction.length > 2 && Number(fraction[2]) >= 5 ? cents + 1n : cents
  return sign ? -rounded : rounded
}

/** 1234560n → "12345.60". */
export function fromCents(cents: bigint): string {
  const negative = cents < 0n
  const absolute = negative ? -cents : cents
  const whole = absolute / 100n
  const fraction = (absolute % 100n).toString().padStart(2, '0')
  return `${negative ? '-' : ''}${whole}.${fraction}`
}

/** The weighted value of an amount at a win probability (percent), rounded to the fen. */
export function weightedCents(amount: string | null | undefined, probability: number): bigint {
  const scaled = toCents(amount) * BigInt(Math.round(probability))
  return (scaled + 50n) / 100n
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * "¥1,234,567" (whole units, for totals and cards) or "¥1,234,567.50" with `withCents`; blank when
 * the value is absent (hidden by a field rule or never set).
 */
export function formatMoney(
  value: string | number | null | undefined,
  currency = 'CNY',
  withCents = false,
): string {
  if (value === null || value === undefined || value === '') return ''
  let cents = toCents(value)
  if (!withCents) cents = ((cents < 0n ? cents - 50n : cents + 50n) / 100n) * 100n
  const negative = cents < 0n
  const [whole = '0', fraction = '00'] = fromCents(negative ? -cents : cents).split('.')
  const symbol = SYMBOLS[currency] ?? `${currency} `
  return `${negative ? '-' : ''}${symbol}${groupThousands(whole)}${withCents ? `.${fraction}` : ''}`
}

/** Seconds as the two largest units: "3 天 4 小时" / "3 d 4 h"; `t` names the units. */
export function humanizeSeconds(seconds: number, t: (key: string, values: Record<string, number>) => string): string {
  const total = Math.max(0, Math.floor(seconds))
  const units: [string, number][] = [
    ['days', Math.floor(total / 86400)],
    ['hours', Math.floor((total % 86400) / 3600)],
    ['minutes', Math.floor((total % 3600) / 60)],
  ]
  const first = units.findIndex(([, amount]) => amount > 0)
  if (first === -1) return t('opportunities.duration.lessThanMinute', {})
  return units
    .slice(first, first + 2)
    .filter(([, amount]) => amount > 0)
    .map(([unit, amount]) => t(`opportunities.duration.${unit}`, { n: amount }))
    .join(' ')
}
