import type { Customer, CustomerPatch } from '../api'

/** The fields a person edits, in display order, with their i18n keys. */
export const EDITABLE_FIELDS = [
  { key: 'name', labelKey: 'customers.name' },
  { key: 'phone', labelKey: 'customers.phone' },
  { key: 'credit_code', labelKey: 'customers.creditCode' },
  { key: 'notes', labelKey: 'customers.notes' },
] as const

export type EditableField = (typeof EDITABLE_FIELDS)[number]['key']
export type CustomerFormValues = Partial<Record<EditableField, string>>

/** Every field the detail page may show, in order; only keys present in the record are shown. */
export const DETAIL_FIELDS = [
  ...EDITABLE_FIELDS,
  { key: 'owner_name', labelKey: 'customers.owner' },
  { key: 'department_name', labelKey: 'customers.department' },
  { key: 'created_at', labelKey: 'customers.createdAt' },
  { key: 'updated_at', labelKey: 'customers.updatedAt' },
] as const

export function isPresent(customer: object, key: string): boolean {
  return key in customer
}

/** Form values for the fields this viewer can see (hidden ones are left out entirely). */
export function customerFormValues(customer: Customer | null): CustomerFormValues {
  const values: CustomerFormValues = {}
  for (const { key } of EDITABLE_FIELDS) {
    if (!customer) values[key] = ''
    else if (isPresent(customer, key)) values[key] = customer[key] ?? ''
  }
  return values
}

/** Only the changed fields plus `version`; an untouched masked value is never sent back. */
export function customerPatch(customer: Customer, values: CustomerFormValues): CustomerPatch {
  const before = customerFormValues(customer)
  const patch: CustomerPatch = { version: customer.version }
  for (const { key } of EDITABLE_FIELDS) {
    const value = values[key]
    if (value === undefined || before[key] === undefined) continue
    const next = key === 'notes' ? value : value.trim()
    if (next !== before[key]) patch[key] = next
  }
  return patch
}
