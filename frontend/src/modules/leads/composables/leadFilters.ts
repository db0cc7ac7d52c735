/**
 * The lead list's filters and how they travel: the API's snake_case query parameters (also what a
 * saved view stores and what the list mirrors into its URL).
 */

import { DATE, integer, oneOf, routeQuery, text } from '@/shared/queryParams'

export const LEAD_STATUSES = ['new', 'working', 'converted', 'invalid'] as const
export const LEAD_SOURCES = ['web_form', 'email', 'phone', 'wechat', 'exhibition', 'referral', 'advertising', 'api', 'import'] as const
export const DUPLICATE_STATUSES = ['none', 'linked', 'flagged'] as const
export type LeadStatus = (typeof LEAD_STATUSES)[number]
export type LeadSource = (typeof LEAD_SOURCES)[number]
export type DuplicateStatus = (typeof DUPLICATE_STATUSES)[number]

export interface LeadFilters {
  q: string
  status: LeadStatus[]
  source: LeadSource[]
  ownerId: number | null
  departmentId: number | null
  campaign: string
  /** Whole numbers as typed ("" for none). */
  scoreMin: string
  scoreMax: string
  /** Creation dates as YYYY-MM-DD. */
  createdFrom: string | null
  createdTo: string | null
  duplicateStatus: DuplicateStatus[]
}

export interface LeadFilterParams {
  q?: string
  status?: LeadStatus[]
  source?: LeadSource[]
  owner_id?: number
  department_id?: number
  campaign?: string
  score_min?: number
  score_max?: number
  created_from?: string
  created_to?: string
  duplicate_status?: DuplicateStatus[]
}

const SCORE = /^-?\d{1,6}$/

export function emptyLeadFilters(): LeadFilters {
  return {
    q: '',
    status: [],
    source: [],
    ownerId: null,
    departmentId: null,
    campaign: '',
    scoreMin: '',
    scoreMax: '',
    createdFrom: null,
    createdTo: null,
    duplicateStatus: [],
  }
}

/** Only whole scores are sent: a half-typed "-" waits until it is a number. */
function score(value: string): number | null {
  const trimmed = value.trim()
  return SCORE.test(trimmed) ? Number(trimmed) : null
}

/** The filters as API query parameters; empty ones are left out. */
export function toApiFilters(filters: LeadFilters): LeadFilterParams {
  const params: LeadFilterParams = {}
  const q = filters.q.trim()
  if (q) params.q = q
  if (filters.status.length) params.status = [...filters.status]
  if (filters.source.length) params.source = [...filters.source]
  if (filters.ownerId != null) params.owner_id = filters.ownerId
  if (filters.departmentId != null) params.department_id = filters.departmentId
  const campaign = filters.campaign.trim()
  if (campaign) params.campaign = campaign
  const min = score(filters.scoreMin)
  const max = score(filters.scoreMax)
  if (min !== null) params.score_min = min
  if (max !== null) params.score_max = max
  if (filters.createdFrom) params.created_from = filters.createdFrom
  if (filters.createdTo) params.created_to = filters.createdTo
  if (filters.duplicateStatus.length) params.duplicate_status = [...filters.duplicateStatus]
  return params
}

function date(value: unknown): string | null {
  const typed = text(value)
  return DATE.test(typed) ? typed : null
}

/** Filters from API-shaped parameters (a saved view, or the URL query); malformed values are dropped. */
export function fromApiFilters(params: Record<string, unknown>): LeadFilters {
  const filters = emptyLeadFilters()
  filters.q = text(params.q)
  filters.status = oneOf(params.status, LEAD_STATUSES)
  filters.source = oneOf(params.source, LEAD_SOURCES)
  filters.ownerId = integer(params.owner_id)
  filters.departmentId = integer(params.department_id)
  filters.campaign = text(params.campaign)
  filters.scoreMin = String(score(text(params.score_min)) ?? '')
  filters.scoreMax = String(score(text(params.score_max)) ?? '')
  filters.createdFrom = date(params.created_from)
  filters.createdTo = date(params.created_to)
  filters.duplicateStatus = oneOf(params.duplicate_status, DUPLICATE_STATUSES)
  return filters
}

/** The API parameters as a URL query (every value a string or a list of strings). */
export function toRouteQuery(filters: LeadFilters, ordering: string | null): Record<string, string | string[]> {
  return routeQuery(toApiFilters(filters), ordering)
}
