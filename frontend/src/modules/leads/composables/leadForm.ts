import type { LeadDetail, LeadInput, LeadPatch } from '../api'
import { LEAD_SOURCES, type LeadSource } from './leadFilters'

/** What the lead dialog edits (text as typed; the server normalises mobiles, budgets and regions). */
export interface LeadValues {
  name: string
  mobile: string
  email: string
  wechat: string
  title: string
  companyName: string
  /** The most precise division code picked in the region cascader ("" for none). */
  regionCode: string
  industry: string
  budget: string
  productInterest: string
  source: LeadSource
  campaign: string
  notes: string
}

const TEXT_KEYS = {
  mobile: 'mobile',
  email: 'email',
  wechat: 'wechat',
  title: 'title',
  companyName: 'company_name',
  industry: 'industry',
  budget: 'budget',
  productInterest: 'product_interest',
  campaign: 'campaign',
  notes: 'notes',
} as const

export function emptyLeadValues(): LeadValues {
  return {
    name: '',
    mobile: '',
    email: '',
    wechat: '',
    title: '',
    companyName: '',
    regionCode: '',
    industry: '',
    budget: '',
    productInterest: '',
    source: 'phone',
    campaign: '',
    notes: '',
  }
}

/** A lead's stored values in the dialog's shape. */
export function leadValues(lead: LeadDetail): LeadValues {
  const source = (LEAD_SOURCES as readonly string[]).includes(lead.source) ? (lead.source as LeadSource) : 'phone'
  return {
    name: lead.name ?? '',
    mobile: lead.mobile ?? '',
    email: lead.email ?? '',
    wechat: lead.wechat ?? '',
    title: lead.title ?? '',
    companyName: lead.company_name ?? '',
    regionCode: lead.district_code || lead.city_code || lead.province_code || '',
    industry: lead.industry ?? '',
    budget: lead.budget ?? '',
    productInterest: lead.product_interest ?? '',
    source,
    campaign: lead.campaign ?? '',
    notes: lead.notes ?? '',
  }
}

/** A new lead: filled fields only. */
export function createInput(values: LeadValues): LeadInput {
  const body: LeadInput = { name: values.name.trim(), source: values.source }
  for (const [key, apiKey] of Object.entries(TEXT_KEYS) as [keyof typeof TEXT_KEYS, (typeof TEXT_KEYS)[keyof typeof TEXT_KEYS]][]) {
    const value = values[key].trim()
    if (value) body[apiKey] = value
  }
  if (values.regionCode) body.region_code = values.regionCode
  return body
}

/** The changed fields only (an emptied field is sent as ""). */
export function patchInput(values: LeadValues, before: LeadValues): Omit<LeadPatch, 'version'> {
  const patch: Omit<LeadPatch, 'version'> = {}
  if (values.name.trim() !== before.name) patch.name = values.name.trim()
  for (const [key, apiKey] of Object.entries(TEXT_KEYS) as [keyof typeof TEXT_KEYS, (typeof TEXT_KEYS)[keyof typeof TEXT_KEYS]][]) {
    const value = values[key].trim()
    if (value !== before[key]) patch[apiKey] = value
  }
  if (values.regionCode !== before.regionCode) patch.region_code = values.regionCode
  return patch
}
