/** Readers of loosely typed query parameters (a URL query or a saved view): malformed values read as empty. */

export const DATE = /^\d{4}-\d{2}-\d{2}$/

/** One value or many as a list; absent and empty as []. */
export function list(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return []
  return Array.isArray(value) ? value : [value]
}

/** The first value as a positive whole number, else null. */
export function integer(value: unknown): number | null {
  const first = list(value)[0]
  const number = typeof first === 'number' ? first : typeof first === 'string' && /^\d+$/.test(first) ? Number(first) : NaN
  return Number.isSafeInteger(number) && number > 0 ? number : null
}

/** The first value as text (numbers too), else ''. */
export function text(value: unknown): string {
  const first = list(value)[0]
  return typeof first === 'string' || typeof first === 'number' ? String(first) : ''
}

/** The values that are among `allowed`. */
export function oneOf<T extends string>(value: unknown, allowed: readonly T[]): T[] {
  return list(value)
    .map(String)
    .filter((item): item is T => (allowed as readonly string[]).includes(item))
}

/** API parameters as a URL query (every value a string or a list of strings), plus the ordering. */
export function routeQuery(params: object, ordering: string | null): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries(params)) {
    query[key] = Array.isArray(value) ? value.map(String) : String(value)
  }
  if (ordering) query.ordering = ordering
  return query
}
