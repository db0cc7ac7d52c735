import type { Customer, CustomField, MergeInput } from '../api'

/**
 * The fields a merge can take from the merged record (the server's MERGEABLE_FIELDS); the region is
 * one choice in the UI but three codes on the server.
 */
export const MERGE_FIELDS = [
  { key: 'name', labelKey: 'customers.name', sends: ['name'] },
  { key: 'short_name', labelKey: 'customers.shortName', sends: ['short_name'] },
  { key: 'credit_code', labelKey: 'customers.creditCode', sends: ['credit_code'] },
  { key: 'industry', labelKey: 'customers.industry', sends: ['industry'] },
  { key: 'region_name', labelKey: 'customers.region', sends: ['province_code', 'city_code', 'district_code'] },
  { key: 'address', labelKey: 'customers.address', sends: ['address'] },
  { key: 'website', labelKey: 'customers.website', sends: ['website'] },
  { key: 'source', labelKey: 'customers.source', sends: ['source'] },
  { key: 'level', labelKey: 'customers.level', sends: ['level'] },
  { key: 'stage', labelKey: 'customers.stage', sends: ['stage'] },
  { key: 'phone', labelKey: 'customers.phone', sends: ['phone'] },
  { key: 'notes', labelKey: 'customers.notes', sends: ['notes'] },
] as const

export type Side = 'survivor' | 'merged'

export interface MergeRow {
  /** A MERGE_FIELDS key, or "custom.<key>". */
  key: string
  labelKey?: string
  /** Custom fields carry their own label. */
  label?: string
  survivorValue: unknown
  mergedValue: unknown
}

function blank(value: unknown): boolean {
  return value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(blank(a) ? null : a) === JSON.stringify(blank(b) ? null : b)
}

/**
 * The rows to choose between: fields both records show (hidden ones cannot be compared) whose values
 * differ while the merged record has something to offer, then the custom fields likewise.
 */
export function mergeRows(survivor: Customer, merged: Customer, customFields: Pick<CustomField, 'key' | 'label'>[] = []): MergeRow[] {
  const rows: MergeRow[] = []
  for (const field of MERGE_FIELDS) {
    if (!(field.key in survivor) || !(field.key in merged)) continue
    const survivorValue = survivor[field.key]
    const mergedValue = merged[field.key]
    if (blank(mergedValue) || same(survivorValue, mergedValue)) continue
    rows.push({ key: field.key, labelKey: field.labelKey, survivorValue, mergedValue })
  }
  const theirs = merged.custom ?? {}
  const ours = survivor.custom ?? {}
  for (const field of customFields) {
    const mergedValue = theirs[field.key]
    const survivorValue = ours[field.key]
    if (blank(mergedValue) || same(survivorValue, mergedValue)) continue
    rows.push({ key: `custom.${field.key}`, label: field.label, survivorValue, mergedValue })
  }
  return rows
}

/** Keep the survivor's value, except where it has none and the merged record has one. */
export function defaultPicks(rows: MergeRow[]): Record<string, Side> {
  return Object.fromEntries(rows.map((row) => [row.key, blank(row.survivorValue) ? 'merged' : 'survivor']))
}

/** The merge request for the picks: field names (region expanded to its codes) and custom keys. */
export function mergeRequest(survivorId: number, mergedId: number, picks: Record<string, Side>): MergeInput {
  const take: string[] = []
  const custom: string[] = []
  for (const [key, side] of Object.entries(picks)) {
    if (side !== 'merged') continue
    if (key.startsWith('custom.')) {
      custom.push(key.slice('custom.'.length))
      continue
    }
    const field = MERGE_FIELDS.find((item) => item.key === key)
    if (field) take.push(...field.sends)
  }
  return { survivor_id: survivorId, merged_id: mergedId, take_from_merged: take, custom_from_merged: custom }
}
