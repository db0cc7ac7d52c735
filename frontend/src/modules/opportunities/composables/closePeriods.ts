/** Quick picks for the expected-close filter: this month, this quarter, next quarter. */

function iso(date: Date): string {
  const month = String(date.getMonth() + 1).padStart(2, '0')
  const day = String(date.getDate()).padStart(2, '0')
  return `${date.getFullYear()}-${month}-${day}`
}

/** [first day, last day] of the `length`-month period starting `offset` periods from the one holding `today`. */
export function periodRange(today: Date, length: 1 | 3, offset = 0): [string, string] {
  const firstMonth = Math.floor(today.getMonth() / length) * length + offset * length
  const start = new Date(today.getFullYear(), firstMonth, 1)
  const end = new Date(today.getFullYear(), firstMonth + length, 0)
  return [iso(start), iso(end)]
}

/** Element Plus date-range shortcuts; `value` is a function so it is computed when clicked. */
export function closePeriodShortcuts(today: Date, t: (key: string) => string) {
  const toDates = ([start, end]: [string, string]) => [new Date(`${start}T00:00:00`), new Date(`${end}T00:00:00`)]
  return [
    { text: t('opportunities.filters.thisMonth'), value: () => toDates(periodRange(today, 1)) },
    { text: t('opportunities.filters.thisQuarter'), value: () => toDates(periodRange(today, 3)) },
    { text: t('opportunities.filters.nextQuarter'), value: () => toDates(periodRange(today, 3, 1)) },
  ]
}
