import type { CustomField } from '../api'

/**
 * Filters on customer custom fields, as the list API reads its `custom` JSON: `{key: value}` for
 * equality (a choice, one value of a multi-choice, yes/no) and `{key: [min, max]}` for number, money
 * and date ranges, where either end may be null. These live in `CustomerFilters.custom` and travel
 * with the other filters (URL, saved views, exports).
 */

type FieldShape = Pick<CustomField, 'key' | 'field_type'>

export type CustomFilterKind = 'choice' | 'boolean' | 'number' | 'date'
export type NumberRange = [number | null, number | null]
export type DateRange = [string | null, string | null]

const KIND_BY_TYPE: Record<string, CustomFilterKind> = {
  choice: 'choice',
  multi_choice: 'choice',
  boolean: 'boolean',
  number: 'number',
  money: 'number',
  date: 'date',
}

/** Keys the settings page allows: a lowercase letter, then lowercase letters, digits, underscores. */
const KEY = /^[a-z][a-z0-9_]*$/
const DATE = /^\d{4}-\d{2}-\d{2}$/

/** How a field is filtered, or null when its type offers no filter (text, user). */
export function customFilterKind(field: FieldShape): CustomFilterKind | null {
  return KIND_BY_TYPE[field.field_type] ?? null
}

/** The fields the filter bar offers, in the order given (pass the active customer fields). */
export function filterableFields<T extends FieldShape>(fields: T[]): T[] {
  return fields.filter((field) => customFilterKind(field) !== null)
}

function isRangeEnd(value: unknown): value is number | string | null {
  return value === null || (typeof value === 'number' && Number.isFinite(value)) || (typeof value === 'string' && value !== '')
}

/**
 * Custom filters from a URL or a saved view, keeping only well-formed entries: a non-empty string,
 * a finite number, a boolean, or a [min, max] pair with at least one end. Keys come out sorted, so
 * the same filters always make the same JSON (and the same URL).
 */
export function cleanCustomFilters(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {}
  const clean: Record<string, unknown> = {}
  for (const key of Object.keys(raw).sort()) {
    if (!KEY.test(key)) continue
    const value = (raw as Record<string, unknown>)[key]
    if (Array.isArray(value)) {
      if (value.length === 2 && value.every(isRangeEnd) && value.some((end) => end !== null)) clean[key] = [...value]
    } else if (typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) {
      clean[key] = value
    } else if (typeof value === 'string' && value !== '') {
      clean[key] = value
    }
  }
  return clean
}

/** The equality value of a choice filter ("" when none). */
export function choiceFilter(custom: Record<string, unknown>, key: string): string {
  const value = custom[key]
  return typeof value === 'string' || typeof value === 'number' ? String(value) : ''
}

/** The yes/no filter: true, false, or null when the field is not filtered. */
export function booleanFilter(custom: Record<string, unknown>, key: string): boolean | null {
  const value = custom[key]
  return typeof value === 'boolean' ? value : null
}

function asNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null
  if (typeof value === 'string' && value.trim() !== '') {
    const number = Number(value)
    return Number.isFinite(number) ? number : null
  }
  return null
}

function pair(custom: Record<string, unknown>, key: string): [unknown, unknown] {
  const value = custom[key]
  return Array.isArray(value) && value.length === 2 ? [value[0], value[1]] : [null, null]
}

/** A number or money range (numbers; a link may carry "100" as text). */
export function numberRange(custom: Record<string, unknown>, key: string): NumberRange {
  const [min, max] = pair(custom, key)
  return [asNumber(min), asNumber(max)]
}

/** A date range as YYYY-MM-DD ends. */
export function dateRange(custom: Record<string, unknown>, key: string): DateRange {
  const [from, to] = pair(custom, key)
  const date = (value: unknown) => (typeof value === 'string' && DATE.test(value) ? value : null)
  return [date(from), date(to)]
}

/**
 * The custom filters with one field's filter set (a new object, keys sorted); an empty value ("",
 * null, a range with no end) removes the field's filter.
 */
export function withCustomFilter(
  custom: Record<string, unknown>,
  key: string,
  value: string | boolean | NumberRange | DateRange | null,
): Record<string, unknown> {
  const next: Record<string, unknown> = { ...custom }
  delete next[key]
  const isEmpty = value === null || value === '' || (Array.isArray(value) && value.every((end) => end === null || end === ''))
  if (!isEmpty) next[key] = Array.isArray(value) ? value.map((end) => (end === '' ? null : end)) : value
  return cleanCustomFilters(next)
}
