/** ISO weeks for the visit plan: "2025-W07", Monday first (the server filters on the same weeks). */

export interface IsoWeek {
  year: number
  week: number
}

/** The Monday (local midnight) of the week containing `day`. */
export function mondayOf(day: Date): Date {
  const monday = new Date(day.getFullYear(), day.getMonth(), day.getDate())
  monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7))
  return monday
}

/** The ISO year and week number of a day (the week belongs to the year of its Thursday). */
export function isoWeekOf(day: Date): IsoWeek {
  const thursday = mondayOf(day)
  thursday.setDate(thursday.getDate() + 3)
  const firstThursday = mondayOf(new Date(thursday.getFullYear(), 0, 4))
  firstThursday.setDate(firstThursday.getDate() + 3)
  const week = 1 + Math.round((thursday.getTime() - firstThursday.getTime()) / (7 * 24 * 3600 * 1000))
  return { year: thursday.getFullYear(), week }
}

/** "2025-W07" for the week containing `day`. */
export function weekKey(day: Date): string {
  const { year, week } = isoWeekOf(day)
  return `${year}-W${String(week).padStart(2, '0')}`
}

/** The same weekday `weeks` weeks later (negative: earlier). */
export function shiftWeeks(day: Date, weeks: number): Date {
  const shifted = new Date(day)
  shifted.setDate(shifted.getDate() + weeks * 7)
  return shifted
}
