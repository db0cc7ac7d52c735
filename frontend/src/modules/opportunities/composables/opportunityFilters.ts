/**
 * The board's and the list's filters in one shape, and how they travel: the API's snake_case query
 * parameters (also what a saved view stores and what the list mirrors into its URL).
 */

import { DATE, integer, list, oneOf, routeQuery, text } from '@/shared/queryParams'

export interface OpportunityFilters {
  q: string
  ownerId: number | null
  departmentId: number | null
  tagIds: number[]
  /** Expected close dates as YYYY-MM-DD. */
  closeFrom: string | null
  closeTo: string | null
  /** Decimal strings as typed ("" for none). */
  amountMin: string
  amountMax: string
  /** List only: the board shows every stage as a column. */
  stageId: number | null
  status: Status[]
  forecastCategory: ForecastFilter[]
  risk: string[]
}

export interface OpportunityFilterParams {
  q?: string
  owner_id?: number
  department_id?: number
  tag_ids?: number[]
  close_from?: string
  close_to?: string
  amount_min?: string
  amount_max?: string
  stage_id?: number
  status?: Status[]
  forecast_category?: ForecastFilter[]
  risk?: string[]
}

export type BoardFilterParams = Omit<OpportunityFilterParams, 'stage_id' | 'status'>

const AMOUNT = /^\d{1,14}(\.\d{1,2})?$/
export const STATUSES = ['open', 'won', 'lost'] as const
export const FORECAST_CATEGORIES = ['omitted', 'pipeline', 'best_case', 'commit', 'closed'] as const
export type Status = (typeof STATUSES)[number]
export type ForecastFilter = (typeof FORECAST_CATEGORIES)[number]
export const RISK_KINDS = [
  'stage_overdue',
  'no_activity',
  'close_date_passed',
  'amount_lowered',
  'close_date_pushed',
  'key_contact_gone',
] as const

export function emptyFilters(): OpportunityFilters {
  return {
    q: '',
    ownerId: null,
    departmentId: null,
    tagIds: [],
    closeFrom: null,
    closeTo: null,
    amountMin: '',
    amountMax: '',
    stageId: null,
    status: [],
    forecastCategory: [],
    risk: [],
  }
}

/** Only well-formed amounts are sent: a half-typed "12." waits until it is a number. */
function amount(value: string): string | null {
  const trimmed = value.trim()
  return AMOUNT.test(trimmed) ? trimmed : null
}

/** The filters as API query parameters; empty ones are left out. */
export function toApiFilters(filters: OpportunityFilters): OpportunityFilterParams {
  const params: OpportunityFilterParams = {}
  const q = filters.q.trim()
  if (q) params.q = q
  if (filters.ownerId != null) params.owner_id = filters.ownerId
  if (filters.departmentId != null) params.department_id = filters.departmentId
  if (filters.tagIds.length) params.tag_ids = [...filters.tagIds]
  if (filters.closeFrom) params.close_from = filters.closeFrom
  if (filters.closeTo) params.close_to = filters.closeTo
  const min = amount(filters.amountMin)
  const max = amount(filters.amountMax)
  if (min !== null) params.amount_min = min
  if (max !== null) params.amount_max = max
  if (filters.stageId != null) params.stage_id = filters.stageId
  if (filters.status.length) params.status = [...filters.status]
  if (filters.forecastCategory.length) params.forecast_category = [...filters.forecastCategory]
  if (filters.risk.length) params.risk = [...filters.risk]
  return params
}

/** The board's query: every stage is a column, so stage and status filters do not apply. */
export function toBoardFilters(filters: OpportunityFilters): BoardFilterParams {
  const { stage_id: _stage, status: _status, ...rest } = toApiFilters(filters)
  return rest
}

/** Filters from API-shaped parameters (a saved view, or the URL query); malformed values are dropped. */
export function fromApiFilters(params: Record<string, unknown>): OpportunityFilters {
  const filters = emptyFilters()
  filters.q = text(params.q)
  filters.ownerId = integer(params.owner_id)
  filters.departmentId = integer(params.department_id)
  filters.tagIds = list(params.tag_ids)
    .map(integer)
    .filter((id): id is number => id !== null)
  const from = text(params.close_from)
  const to = text(params.close_to)
  filters.closeFrom = DATE.test(from) ? from : null
  filters.closeTo = DATE.test(to) ? to : null
  filters.amountMin = amount(text(params.amount_min)) ?? ''
  filters.amountMax = amount(text(params.amount_max)) ?? ''
  filters.stageId = integer(params.stage_id)
  filters.status = oneOf(params.status, STATUSES)
  filters.forecastCategory = oneOf(params.forecast_category, FORECAST_CATEGORIES)
  filters.risk = oneOf(params.risk, RISK_KINDS)
  return filters
}

/** The API parameters as a URL query (every value a string or a list of strings). */
export function toRouteQuery(filters: OpportunityFilters, ordering: string | null): Record<string, string | string[]> {
  return routeQuery(toApiFilters(filters), ordering)
}

/** How many filters are set (the badge on a collapsed filter bar). */
export function activeFilterCount(filters: OpportunityFilters): number {
  return Object.keys(toApiFilters(filters)).length
}
