import type { Customer, CustomerInput, CustomerPatch, CustomField, OptionKind } from '../api'
import { customChanges, customFormValues, type CustomValue } from './customFields'
import { customerRegionCode } from './regions'

/** Free-text fields a person edits, in display order, with their i18n keys and test ids. */
export const TEXT_FIELDS = [
  { key: 'name', labelKey: 'customers.name', testid: 'customer-name' },
  { key: 'short_name', labelKey: 'customers.shortName', testid: 'customer-short-name' },
  { key: 'credit_code', labelKey: 'customers.creditCode', testid: 'customer-credit-code' },
  { key: 'phone', labelKey: 'customers.phone', testid: 'customer-phone' },
  { key: 'website', labelKey: 'customers.website', testid: 'customer-website' },
  { key: 'address', labelKey: 'customers.address', testid: 'customer-address' },
  { key: 'notes', labelKey: 'customers.notes', testid: 'customer-notes' },
] as const

/** Fields chosen from an option list. */
export const OPTION_FIELDS = [
  { key: 'level', labelKey: 'customers.level', testid: 'customer-level' },
  { key: 'stage', labelKey: 'customers.stage', testid: 'customer-stage' },
  { key: 'industry', labelKey: 'customers.industry', testid: 'customer-industry' },
  { key: 'source', labelKey: 'customers.source', testid: 'customer-source' },
] as const satisfies readonly { key: OptionKind; labelKey: string; testid: string }[]

export type TextField = (typeof TEXT_FIELDS)[number]['key']
export type OptionField = (typeof OPTION_FIELDS)[number]['key']

/** The dialog's values; a field the viewer cannot see is `undefined` and never rendered nor sent. */
export interface CustomerFormValues {
  text: Partial<Record<TextField, string>>
  options: Partial<Record<OptionField, string>>
  /** The most precise division code picked in the region cascader ("" for none). */
  regionCode: string
  /** The pinned location (WGS-84 degrees); visits checking in far from it are flagged. */
  location: { latitude: number | null; longitude: number | null }
  tagIds: number[]
  custom: Record<string, CustomValue>
}

export function isPresent(customer: object, key: string): boolean {
  return key in customer
}

/** Form values for the fields this viewer can see (hidden ones are left out entirely). */
export function customerFormValues(customer: Customer | null, fields: CustomField[] = []): CustomerFormValues {
  const values: CustomerFormValues = {
    text: {},
    options: {},
    regionCode: customerRegionCode(customer),
    location: { latitude: customer?.latitude ?? null, longitude: customer?.longitude ?? null },
    tagIds: customer?.tags?.map((tag) => tag.id) ?? [],
    custom: customFormValues(fields, customer?.custom),
  }
  for (const { key } of TEXT_FIELDS) {
    if (!customer) values.text[key] = ''
    else if (isPresent(customer, key)) values.text[key] = customer[key] ?? ''
  }
  for (const { key } of OPTION_FIELDS) {
    if (!customer) values.options[key] = ''
    else if (isPresent(customer, key)) values.options[key] = customer[key] ?? ''
  }
  return values
}

const clean = (key: TextField, value: string) => (key === 'notes' ? value : value.trim())

/** The body of a create: every non-empty field, the chosen owner and tags, and the duplicate override. */
export function customerInput(
  values: CustomerFormValues,
  fields: CustomField[],
  ownerId: number | null,
  allowDuplicate = false,
): CustomerInput {
  const body: CustomerInput = { name: clean('name', values.text.name ?? ''), allow_duplicate: allowDuplicate }
  for (const { key } of TEXT_FIELDS) {
    const value = clean(key, values.text[key] ?? '')
    if (key !== 'name' && value) body[key] = value
  }
  for (const { key } of OPTION_FIELDS) {
    const value = values.options[key]
    if (value) body[key] = value
  }
  if (values.regionCode) body.region_code = values.regionCode
  if (values.location.latitude != null && values.location.longitude != null) {
    body.latitude = values.location.latitude
    body.longitude = values.location.longitude
  }
  if (values.tagIds.length) body.tag_ids = [...values.tagIds]
  const custom = customChanges(fields, null, values.custom)
  if (Object.keys(custom).length) body.custom = custom
  if (ownerId != null) body.owner_id = ownerId
  return body
}

function sameIds(a: number[], b: number[]): boolean {
  return a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',')
}

/** Only the changed fields plus `version`; an untouched masked value is never sent back. */
export function customerPatch(customer: Customer, values: CustomerFormValues, fields: CustomField[] = []): CustomerPatch {
  const before = customerFormValues(customer, fields)
  const patch: CustomerPatch = { version: customer.version }
  for (const { key } of TEXT_FIELDS) {
    const value = values.text[key]
    if (value === undefined || before.text[key] === undefined) continue
    const next = clean(key, value)
    if (next !== before.text[key]) patch[key] = next
  }
  for (const { key } of OPTION_FIELDS) {
    const value = values.options[key]
    if (value === undefined || before.options[key] === undefined) continue
    if (value !== before.options[key]) patch[key] = value
  }
  if (values.regionCode !== before.regionCode) patch.region_code = values.regionCode
  const { latitude, longitude } = values.location
  if (latitude != null && longitude != null && (latitude !== before.location.latitude || longitude !== before.location.longitude)) {
    patch.latitude = latitude
    patch.longitude = longitude
  }
  if (!sameIds(values.tagIds, before.tagIds)) patch.tag_ids = [...values.tagIds]
  const custom = customChanges(fields, customer.custom, values.custom)
  if (Object.keys(custom).length) patch.custom = custom
  return patch
}
