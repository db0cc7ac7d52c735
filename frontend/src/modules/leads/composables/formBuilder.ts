/**
 * The web form builder: which lead attributes a form asks for (in order, with labels and required
 * flags) ↔ the stored `fields` list, and the hosted URL and embed snippet of a form.
 */

/** The lead attributes a public form may ask for. */
export const FORM_FIELDS = [
  'name',
  'mobile',
  'email',
  'wechat',
  'title',
  'company_name',
  'province_code',
  'city_code',
  'industry',
  'budget',
  'product_interest',
  'notes',
] as const
export type FormFieldName = (typeof FORM_FIELDS)[number]

export interface FormField {
  field: FormFieldName
  label: string
  required: boolean
}

/** A stored field list as the builder's rows; unknown or repeated attributes are dropped. */
export function fromStoredFields(stored: unknown): FormField[] {
  if (!Array.isArray(stored)) return []
  const seen = new Set<string>()
  const rows: FormField[] = []
  for (const item of stored) {
    if (typeof item !== 'object' || item === null) continue
    const { field, label, required } = item as Record<string, unknown>
    if (typeof field !== 'string' || !(FORM_FIELDS as readonly string[]).includes(field) || seen.has(field)) continue
    seen.add(field)
    rows.push({ field: field as FormFieldName, label: typeof label === 'string' ? label : '', required: required === true })
  }
  return rows
}

/**
 * The rows as the payload: an empty label becomes the attribute's default label (`defaultLabel`),
 * and a form always asks for a way to reach the person, so `name` is added when missing.
 */
export function toStoredFields(rows: readonly FormField[], defaultLabel: (field: FormFieldName) => string): FormField[] {
  const result = rows.map((row) => ({ field: row.field, label: row.label.trim() || defaultLabel(row.field), required: row.required }))
  if (!result.some((row) => row.field === 'name')) result.unshift({ field: 'name', label: defaultLabel('name'), required: true })
  return result
}

/** Add an attribute at the end (not required), or do nothing when the form already asks for it. */
export function addField(rows: readonly FormField[], field: FormFieldName): FormField[] {
  return rows.some((row) => row.field === field) ? [...rows] : [...rows, { field, label: '', required: false }]
}

/** The attributes the form does not ask for yet (the "add field" menu). */
export function unusedFields(rows: readonly FormField[]): FormFieldName[] {
  const used = new Set(rows.map((row) => row.field))
  return FORM_FIELDS.filter((field) => !used.has(field))
}

/** Move a row up (-1) or down (+1). */
export function moveField(rows: readonly FormField[], index: number, step: -1 | 1): FormField[] {
  const target = index + step
  if (index < 0 || index >= rows.length || target < 0 || target >= rows.length) return [...rows]
  const next = [...rows]
  const [moved] = next.splice(index, 1)
  if (moved) next.splice(target, 0, moved)
  return next
}

/** The site's origin without a trailing slash ("https://crm.example.cn"). */
function trimOrigin(origin: string): string {
  return origin.replace(/\/+$/, '')
}

/** The hosted page of a form. */
export function hostedUrl(origin: string, slug: string): string {
  return `${trimOrigin(origin)}/f/${encodeURIComponent(slug)}`
}

/** The HTML a site owner pastes where the form should appear (the script inserts the form after itself). */
export function embedSnippet(origin: string, slug: string): string {
  return `<script src="${hostedUrl(origin, slug)}/embed.js" async></script>`
}

/** A slug from what an admin typed: lower-case letters, digits and dashes, at most 40 characters. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/g, '')
}
