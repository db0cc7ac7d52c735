import type { Contact, ContactInput, ContactPatch, CustomField } from '../api'
import { customChanges, customFormValues, type CustomValue } from './customFields'

/** Free-text contact fields in display order. */
export const CONTACT_TEXT_FIELDS = [
  { key: 'name', labelKey: 'customers.contacts.name', testid: 'contact-name' },
  { key: 'title', labelKey: 'customers.contacts.title', testid: 'contact-title' },
  { key: 'department_name', labelKey: 'customers.contacts.department', testid: 'contact-department' },
  { key: 'mobile', labelKey: 'customers.contacts.mobile', testid: 'contact-mobile' },
  { key: 'landline', labelKey: 'customers.contacts.landline', testid: 'contact-landline' },
  { key: 'email', labelKey: 'customers.contacts.email', testid: 'contact-email' },
  { key: 'wechat', labelKey: 'customers.contacts.wechat', testid: 'contact-wechat' },
  { key: 'notes', labelKey: 'customers.notes', testid: 'contact-notes' },
] as const

export type ContactTextField = (typeof CONTACT_TEXT_FIELDS)[number]['key']

/** The contact dialog's values; a field hidden from the viewer is `undefined` (not shown, not sent). */
export interface ContactFormValues {
  text: Partial<Record<ContactTextField, string>>
  /** YYYY-MM-DD, "" for none; undefined when hidden. */
  birthday: string | undefined
  decisionRole: string
  isPrimary: boolean
  custom: Record<string, CustomValue>
}

export function contactFormValues(contact: Contact | null, fields: CustomField[] = []): ContactFormValues {
  const values: ContactFormValues = {
    text: {},
    birthday: !contact || 'birthday' in contact ? (contact?.birthday ?? '') : undefined,
    decisionRole: contact?.decision_role ?? '',
    isPrimary: contact?.is_primary ?? false,
    custom: customFormValues(fields, contact?.custom),
  }
  for (const { key } of CONTACT_TEXT_FIELDS) {
    if (!contact) values.text[key] = ''
    else if (key in contact) values.text[key] = contact[key] ?? ''
  }
  return values
}

const clean = (key: ContactTextField, value: string) => (key === 'notes' ? value : value.trim())

export function contactInput(values: ContactFormValues, fields: CustomField[]): ContactInput {
  const body: ContactInput = { name: clean('name', values.text.name ?? ''), allow_duplicate: false }
  for (const { key } of CONTACT_TEXT_FIELDS) {
    const value = clean(key, values.text[key] ?? '')
    if (key !== 'name' && value) body[key] = value
  }
  if (values.birthday) body.birthday = values.birthday
  if (values.decisionRole) body.decision_role = values.decisionRole
  if (values.isPrimary) body.is_primary = true
  const custom = customChanges(fields, null, values.custom)
  if (Object.keys(custom).length) body.custom = custom
  return body
}

/** Only the changed fields plus `version` (and `customer_id` when the contact moves). */
export function contactPatch(
  contact: Contact,
  values: ContactFormValues,
  fields: CustomField[] = [],
  customerId: number | null = null,
): ContactPatch {
  const before = contactFormValues(contact, fields)
  const patch: ContactPatch = { version: contact.version }
  for (const { key } of CONTACT_TEXT_FIELDS) {
    const value = values.text[key]
    if (value === undefined || before.text[key] === undefined) continue
    const next = clean(key, value)
    if (next !== before.text[key]) patch[key] = next
  }
  if (values.birthday !== undefined && before.birthday !== undefined && values.birthday !== before.birthday) {
    patch.birthday = values.birthday
  }
  if (values.decisionRole !== before.decisionRole) patch.decision_role = values.decisionRole
  if (values.isPrimary !== before.isPrimary) patch.is_primary = values.isPrimary
  const custom = customChanges(fields, contact.custom, values.custom)
  if (Object.keys(custom).length) patch.custom = custom
  if (customerId != null && customerId !== contact.customer_id) patch.customer_id = customerId
  return patch
}
