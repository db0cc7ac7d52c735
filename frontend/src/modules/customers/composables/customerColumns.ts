import type { CustomField, OptionKind } from '../api'

export type ColumnKind = 'text' | 'option' | 'tags' | 'date' | 'datetime' | 'custom'

export interface ColumnDef {
  /** A CustomerOut key, or "custom.<key>". */
  key: string
  labelKey?: string
  /** Custom fields carry their own label. */
  label?: string
  kind: ColumnKind
  optionKind?: OptionKind
  /** The server's ordering name when the column can sort. */
  sortKey?: string
  minWidth: number
}

/** The optional columns besides the name (which is always shown), in table order. */
export const BASE_COLUMNS: ColumnDef[] = [
  { key: 'short_name', labelKey: 'customers.shortName', kind: 'text', minWidth: 120 },
  { key: 'level', labelKey: 'customers.level', kind: 'option', optionKind: 'level', minWidth: 100 },
  { key: 'stage', labelKey: 'customers.stage', kind: 'option', optionKind: 'stage', minWidth: 100 },
  { key: 'tags', labelKey: 'customers.tags', kind: 'tags', minWidth: 160 },
  { key: 'industry', labelKey: 'customers.industry', kind: 'option', optionKind: 'industry', minWidth: 120 },
  { key: 'source', labelKey: 'customers.source', kind: 'option', optionKind: 'source', minWidth: 110 },
  { key: 'region_name', labelKey: 'customers.region', kind: 'text', minWidth: 160 },
  { key: 'credit_code', labelKey: 'customers.creditCode', kind: 'text', minWidth: 190 },
  { key: 'phone', labelKey: 'customers.phone', kind: 'text', minWidth: 130 },
  { key: 'website', labelKey: 'customers.website', kind: 'text', minWidth: 160 },
  { key: 'address', labelKey: 'customers.address', kind: 'text', minWidth: 200 },
  { key: 'owner_name', labelKey: 'customers.owner', kind: 'text', minWidth: 100 },
  { key: 'department_name', labelKey: 'customers.department', kind: 'text', minWidth: 120 },
  { key: 'last_follow_up_at', labelKey: 'customers.lastFollowUp', kind: 'date', sortKey: 'last_follow_up_at', minWidth: 120 },
  { key: 'created_at', labelKey: 'customers.createdAt', kind: 'datetime', sortKey: 'created_at', minWidth: 150 },
  { key: 'updated_at', labelKey: 'customers.updatedAt', kind: 'datetime', sortKey: 'updated_at', minWidth: 150 },
]

export const DEFAULT_COLUMNS = ['level', 'stage', 'tags', 'region_name', 'owner_name', 'last_follow_up_at', 'updated_at']

/** The orderings the server allows, for the sort select. */
export const ORDERINGS = ['-created_at', 'created_at', '-updated_at', 'updated_at', 'name', '-name', '-last_follow_up_at', 'last_follow_up_at'] as const

export function customColumns(fields: Pick<CustomField, 'key' | 'label' | 'label_en'>[], locale: string): ColumnDef[] {
  return fields.map((field) => ({
    key: `custom.${field.key}`,
    label: locale === 'en' && field.label_en ? field.label_en : field.label,
    kind: 'custom',
    minWidth: 130,
  }))
}

/** The chosen columns that still exist, in table order (a saved view may name a deleted field). */
export function visibleColumns(all: ColumnDef[], chosen: string[]): ColumnDef[] {
  const wanted = new Set(chosen)
  return all.filter((column) => wanted.has(column.key))
}

/** The value of a column in a row (custom values live under `custom`). */
export function columnValue(row: Record<string, unknown>, key: string): unknown {
  if (!key.startsWith('custom.')) return row[key]
  const custom = row.custom as Record<string, unknown> | null | undefined
  return custom?.[key.slice('custom.'.length)]
}

/** el-table's sort event as the server's ordering (null: back to the default). */
export function orderingFor(sortKey: string | null | undefined, order: 'ascending' | 'descending' | null): string | null {
  if (!sortKey || !order) return null
  return order === 'descending' ? `-${sortKey}` : sortKey
}

/** RFC 4180 CSV of rows, formulas neutralised (a leading = + - @ gets a quote), with a BOM for Excel. */
export function toCsv(header: string[], rows: string[][]): string {
  const cell = (value: string) => {
    const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
  }
  return '\uFEFF' + [header, ...rows].map((line) => line.map(cell).join(',')).join('\r\n')
}
