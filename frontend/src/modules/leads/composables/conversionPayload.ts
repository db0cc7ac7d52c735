/** The conversion dialog's form: built from the server's preview, and back to the convert body. */

export type CustomerMode = 'new' | 'existing'
export type ContactMode = 'new' | 'existing' | 'none'

/** The customer fields the dialog lets the user edit (the server accepts these as overrides). */
export const CUSTOMER_FIELDS = ['name', 'phone', 'industry', 'source', 'region_code'] as const
/** The contact fields the dialog lets the user edit. */
export const CONTACT_FIELDS = ['name', 'mobile', 'email', 'wechat', 'title'] as const

type CustomerField = (typeof CUSTOMER_FIELDS)[number]
type ContactField = (typeof CONTACT_FIELDS)[number]

export interface ConversionFormValues {
  customerMode: CustomerMode
  customerId: number | null
  customer: Record<CustomerField, string>
  contactMode: ContactMode
  contactId: number | null
  contact: Record<ContactField, string>
  withOpportunity: boolean
  opportunity: { name: string; amount: string; closeDate: string | null; pipelineId: number | null; stageId: number | null }
  /** Set once the user saw the similar customers and chose to create anyway. */
  allowDuplicate: boolean
}

export interface ConversionMapped {
  customer: Record<string, unknown>
  contact: Record<string, unknown>
}

export interface ConversionBody {
  version: number
  customer: { mode: CustomerMode; customer_id?: number; values: Record<string, string | null>; allow_duplicate: boolean }
  contact: { mode: ContactMode; contact_id?: number; values: Record<string, string | null>; allow_duplicate: boolean }
  opportunity: {
    name?: string
    amount?: string
    expected_close_date?: string
    pipeline_id?: number
    stage_id?: number
  } | null
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value))

function pick<K extends string>(keys: readonly K[], source: Record<string, unknown>): Record<K, string> {
  return Object.fromEntries(keys.map((key) => [key, text(source[key])])) as Record<K, string>
}

/** The form's first state: a new customer and contact with the lead's mapped values, no deal. */
export function conversionValues(mapped: ConversionMapped): ConversionFormValues {
  return {
    customerMode: 'new',
    customerId: null,
    customer: pick(CUSTOMER_FIELDS, mapped.customer),
    contactMode: 'new',
    contactId: null,
    contact: pick(CONTACT_FIELDS, mapped.contact),
    withOpportunity: false,
    opportunity: { name: '', amount: '', closeDate: null, pipelineId: null, stageId: null },
    allowDuplicate: false,
  }
}

/**
 * Only what the user changed goes as an override: the server maps the rest from the lead itself,
 * so a value it showed masked (field rules) is never sent back in place of the real one.
 */
function overrides<K extends string>(keys: readonly K[], edited: Record<K, string>, mapped: Record<string, unknown>) {
  const values: Record<string, string | null> = {}
  for (const key of keys) {
    const now = edited[key].trim()
    if (now !== text(mapped[key]).trim()) values[key] = now === '' ? null : now
  }
  return values
}

export function conversionBody(values: ConversionFormValues, mapped: ConversionMapped, version: number): ConversionBody {
  const isNewCustomer = values.customerMode === 'new'
  const customer: ConversionBody['customer'] = isNewCustomer
    ? { mode: 'new', values: overrides(CUSTOMER_FIELDS, values.customer, mapped.customer), allow_duplicate: values.allowDuplicate }
    : { mode: 'existing', customer_id: values.customerId ?? undefined, values: {}, allow_duplicate: false }
  // An existing contact belongs to an existing customer; with a new customer it can only be new or none.
  const contactMode: ContactMode = values.contactMode === 'existing' && isNewCustomer ? 'new' : values.contactMode
  const contact: ConversionBody['contact'] =
    contactMode === 'new'
      ? { mode: 'new', values: overrides(CONTACT_FIELDS, values.contact, mapped.contact), allow_duplicate: values.allowDuplicate }
      : contactMode === 'existing'
        ? { mode: 'existing', contact_id: values.contactId ?? undefined, values: {}, allow_duplicate: false }
        : { mode: 'none', values: {}, allow_duplicate: false }
  return { version, customer, contact, opportunity: values.withOpportunity ? opportunityBody(values.opportunity) : null }
}

function opportunityBody(deal: ConversionFormValues['opportunity']): NonNullable<ConversionBody['opportunity']> {
  const body: NonNullable<ConversionBody['opportunity']> = {}
  if (deal.name.trim()) body.name = deal.name.trim()
  const amount = deal.amount.replace(/[,，\s]/g, '')
  if (amount) body.amount = amount
  if (deal.closeDate) body.expected_close_date = deal.closeDate
  if (deal.stageId != null) {
    body.stage_id = deal.stageId
    if (deal.pipelineId != null) body.pipeline_id = deal.pipelineId
  }
  return body
}

/** What is missing before the form can go: a chosen customer or contact when "existing" is picked. */
export function conversionProblems(values: ConversionFormValues): Record<string, string> {
  const problems: Record<string, string> = {}
  if (values.customerMode === 'existing' && values.customerId == null) problems.customer = 'leads.pools.conversion.chooseCandidate'
  if (values.customerMode === 'new' && !values.customer.name.trim()) problems.customer_name = 'common.required'
  if (values.contactMode === 'existing' && values.customerMode === 'existing' && values.contactId == null) {
    problems.contact = 'leads.pools.conversion.chooseContact'
  }
  if (values.contactMode === 'new' && !values.contact.name.trim()) problems.contact_name = 'common.required'
  return problems
}
