import { formatDate, formatDateTime } from '@/shared/format'
import type { Customer, CustomField, OptionKind, Tag } from '../api'
import { columnValue, toCsv, type ColumnDef } from './customerColumns'
import { formatCustomValue } from './customFields'

export interface CellCatalog {
  fields: CustomField[]
  optionLabel: (kind: OptionKind, code: string | null | undefined) => string
}

type Translate = (key: string) => string

/** A column's value in a row as plain text (option labels, tag names, dates, custom values). */
export function cellText(row: Customer, column: ColumnDef, catalog: CellCatalog, t: Translate): string {
  const raw = columnValue(row as unknown as Record<string, unknown>, column.key)
  switch (column.kind) {
    case 'option':
      return column.optionKind ? catalog.optionLabel(column.optionKind, raw as string | null) : String(raw ?? '')
    case 'tags':
      return ((raw as Tag[] | undefined) ?? []).map((tag) => tag.name).join('、')
    case 'date':
      return formatDate(raw as string | null)
    case 'datetime':
      return formatDateTime(raw as string | null)
    case 'custom': {
      const key = column.key.slice('custom.'.length)
      const field = catalog.fields.find((item) => item.entity === 'customer' && item.key === key)
      return field ? formatCustomValue(field, raw, [t('common.yes'), t('common.no')]) : String(raw ?? '')
    }
    default:
      return raw === null || raw === undefined ? '' : String(raw)
  }
}

/** The selected rows as CSV: the name, then the columns on screen (what the viewer sees, masked as shown). */
export function selectionCsv(rows: Customer[], columns: ColumnDef[], catalog: CellCatalog, t: Translate): string {
  const header = [t('customers.name'), ...columns.map((column) => column.label ?? t(column.labelKey ?? ''))]
  const lines = rows.map((row) => [row.name ?? '', ...columns.map((column) => cellText(row, column, catalog, t))])
  return toCsv(header, lines)
}
