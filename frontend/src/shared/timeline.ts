export interface DiffRow {
  /** The changed field; custom fields as "custom.<key>". */
  field: string
  before: unknown
  after: unknown
}

/** One history entry as every record's timeline endpoint answers it. */
export interface TimelineEntryShape {
  id: number
  at: string
  action: string
  actor_name?: string | null
  subject_type?: string
  changes: Record<string, unknown>
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/**
 * An entry's `{field: [before, after]}` as rows, in a stable order; the `custom` dict is opened up
 * into one row per custom key that changed.
 */
export function diffRows(changes: Record<string, unknown>): DiffRow[] {
  const rows: DiffRow[] = []
  for (const field of Object.keys(changes).sort()) {
    const pair = changes[field]
    const [before, after] = Array.isArray(pair) ? pair : [null, pair]
    if (field === 'custom' && (isRecord(before) || isRecord(after))) {
      const was = isRecord(before) ? before : {}
      const now = isRecord(after) ? after : {}
      for (const key of [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()) {
        if (!same(was[key], now[key])) rows.push({ field: `custom.${key}`, before: was[key] ?? null, after: now[key] ?? null })
      }
      continue
    }
    rows.push({ field, before: before ?? null, after: after ?? null })
  }
  return rows
}
