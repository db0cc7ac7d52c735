import type { CustomField } from '../api'

/** What a custom field's input holds: text/date/choice as text, numbers, yes/no, or a list of choices. */
export type CustomValue = string | number | boolean | string[] | null

export const FIELD_TYPES = ['text', 'number', 'money', 'date', 'choice', 'multi_choice', 'user', 'boolean'] as const
export type FieldType = (typeof FIELD_TYPES)[number]

type FieldShape = Pick<CustomField, 'key' | 'field_type' | 'choices'>

export function isBlank(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
}

function emptyValue(field: FieldShape): CustomValue {
  if (field.field_type === 'multi_choice') return []
  if (['number', 'money', 'user', 'boolean'].includes(field.field_type)) return null
  return ''
}

/** A stored value as the input expects it (money comes back as "123.00", numbers may be text). */
export function toInputValue(field: FieldShape, value: unknown): CustomValue {
  if (isBlank(value)) return emptyValue(field)
  switch (field.field_type) {
    case 'number':
    case 'money':
    case 'user': {
      const number = typeof value === 'number' ? value : Number(value)
      return Number.isFinite(number) ? number : null
    }
    case 'boolean':
      return typeof value === 'boolean' ? value : null
    case 'multi_choice':
      return Array.isArray(value) ? value.map(String) : [String(value)]
    default:
      return String(value)
  }
}

/** The form values of the given fields for a record's `custom` (absent fields start empty). */
export function customFormValues(fields: FieldShape[], custom: Record<string, unknown> | null | undefined) {
  const values: Record<string, CustomValue> = {}
  for (const field of fields) values[field.key] = toInputValue(field, custom?.[field.key])
  return values
}

/** A value as sent to the server: blanks become null, money keeps two decimals. */
export function toServerValue(field: FieldShape, value: CustomValue): unknown {
  if (isBlank(value)) return field.field_type === 'multi_choice' ? [] : null
  if (field.field_type === 'money' && typeof value === 'number') return value.toFixed(2)
  return value
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null)
}

/** Only the custom keys whose value changed (a new record sends every non-blank one). */
export function customChanges(
  fields: FieldShape[],
  before: Record<string, unknown> | null | undefined,
  values: Record<string, CustomValue>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {}
  for (const field of fields) {
    if (!(field.key in values)) continue
    const next = toServerValue(field, values[field.key] ?? null)
    const previous = before ? toServerValue(field, toInputValue(field, before[field.key])) : toServerValue(field, null)
    if (!same(next, previous)) changes[field.key] = next
  }
  return changes
}

/** A custom value as text: choice labels instead of values, yes/no, money with two decimals. */
export function formatCustomValue(field: FieldShape, value: unknown, yesNo: [string, string]): string {
  if (isBlank(value)) return ''
  const label = (item: unknown) => field.choices.find((choice) => choice.value === String(item))?.label || String(item)
  switch (field.field_type) {
    case 'boolean':
      return value ? yesNo[0] : yesNo[1]
    case 'choice':
      return label(value)
    case 'multi_choice':
      return (Array.isArray(value) ? value : [value]).map(label).join('、')
    case 'money': {
      const number = Number(value)
      return Number.isFinite(number) ? number.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(value)
    }
    default:
      return typeof value === 'object' ? JSON.stringify(value) : String(value)
  }
}
