/**
 * The customer list's filters in one shape, and the three ways they travel: the API's query
 * parameters (list, CSV export, background export, saved views), the page's URL query, and a plain
 * query string for download links. All three use the API's snake_case names, so a saved view, a
 * shared link and an export of the same filters agree.
 */

import { DATE, integer, list } from '@/shared/queryParams'
import { cleanCustomFilters } from './customFieldFilters'

export interface CustomerFilters {
  q: string
  ownerId: number | null
  departmentId: number | null
  tagIds: number[]
  level: string[]
  stage: string[]
  industry: string[]
  source: string[]
  /** A 6-digit division code (province xx0000, city xxxx00 or district); "" for any. */
  regionCode: string
  /** Dates as YYYY-MM-DD. */
  createdFrom: string | null
  createdTo: string | null
  followUpFrom: string | null
  followUpTo: string | null
  /** Custom field filters: key → value, or key → [min, max] (see customFieldFilters). */
  custom: Record<string, unknown>
}

/** The filters as the API's query parameters; empty ones are left out. */
export type CustomerFilterParams = {
  q?: string
  owner_id?: number
  department_id?: number
  tag_ids?: number[]
  level?: string[]
  stage?: string[]
  industry?: string[]
  source?: string[]
  region_code?: string
  created_from?: string
  created_to?: string
  follow_up_from?: string
  follow_up_to?: string
  /** JSON text of the custom filters. */
  custom?: string
}

export const LIST_FILTERS = ['level', 'stage', 'industry', 'source'] as const
const DATE_FILTERS = [
  ['createdFrom', 'created_from'],
  ['createdTo', 'created_to'],
  ['followUpFrom', 'follow_up_from'],
  ['followUpTo', 'follow_up_to'],
] as const

const REGION = /^\d{6}$/

export function emptyFilters(): CustomerFilters {
  return {
    q: '',
    ownerId: null,
    departmentId: null,
    tagIds: [],
    level: [],
    stage: [],
    industry: [],
    source: [],
    regionCode: '',
    createdFrom: null,
    createdTo: null,
    followUpFrom: null,
    followUpTo: null,
    custom: {},
  }
}

export function toApiFilters(filters: CustomerFilters): CustomerFilterParams {
  const params: CustomerFilterParams = {}
  const q = filters.q.trim()
  if (q) params.q = q
  if (filters.ownerId != null) params.owner_id = filters.ownerId
  if (filters.departmentId != null) params.department_id = filters.departmentId
  if (filters.tagIds.length) params.tag_ids = [...filters.tagIds]
  for (const name of LIST_FILTERS) if (filters[name].length) params[name] = [...filters[name]]
  if (filters.regionCode) params.region_code = filters.regionCode
  for (const [key, param] of DATE_FILTERS) {
    const value = filters[key]
    if (value) params[param] = value
  }
  const custom = cleanCustomFilters(filters.custom)
  if (Object.keys(custom).length) params.custom = JSON.stringify(custom)
  return params
}

type Loose = Record<string, unknown>

function strings(value: unknown): string[] {
  return list(value)
    .filter((item): item is string | number => typeof item === 'string' || typeof item === 'number')
    .map(String)
    .filter(Boolean)
}

function text(value: unknown): string {
  const first = list(value)[0]
  return typeof first === 'string' ? first : ''
}

function customFrom(value: unknown): Record<string, unknown> {
  const raw = list(value)[0]
  let parsed: unknown = raw
  if (typeof raw === 'string') {
    try {
      parsed = JSON.parse(raw)
    } catch {
      return {}
    }
  }
  return cleanCustomFilters(parsed)
}

/**
 * Filters from API-shaped parameters: a saved view's `filters`, or the page's URL query (where
 * every value is a string or a list of strings). Anything malformed is dropped, never thrown.
 */
export function fromApiFilters(params: Loose): CustomerFilters {
  const filters = emptyFilters()
  filters.q = text(params.q)
  filters.ownerId = integer(params.owner_id)
  filters.departmentId = integer(params.department_id)
  filters.tagIds = list(params.tag_ids)
    .map((id) => integer(id))
    .filter((id): id is number => id !== null)
  for (const name of LIST_FILTERS) filters[name] = strings(params[name])
  const region = text(params.region_code)
  filters.regionCode = REGION.test(region) ? region : ''
  for (const [key, param] of DATE_FILTERS) {
    const value = text(params[param])
    filters[key] = DATE.test(value) ? value : null
  }
  filters.custom = customFrom(params.custom)
  return filters
}

export type RouteQuery = Record<string, string | string[]>

/** The filters and order as the page's URL query (strings only, so a reload or a shared link restores them). */
export function toRouteQuery(filters: CustomerFilters, ordering: string | null = null): RouteQuery {
  const query: RouteQuery = {}
  for (const [key, value] of Object.entries(toApiFilters(filters))) {
    query[key] = Array.isArray(value) ? value.map(String) : String(value)
  }
  if (ordering) query.ordering = ordering
  return query
}

/** Filters and order back from the URL query. */
export function fromRouteQuery(query: Loose): { filters: CustomerFilters; ordering: string | null } {
  const ordering = text(query.ordering)
  return { filters: fromApiFilters(query), ordering: /^-?[a-z_]+$/.test(ordering) ? ordering : null }
}

/** "q=...&level=a&level=b": lists repeat their key, the way the API reads them. */
export function toQueryString(filters: CustomerFilters, ordering: string | null = null): string {
  const search = new URLSearchParams()
  for (const [key, value] of Object.entries(toRouteQuery(filters, ordering))) {
    for (const item of Array.isArray(value) ? value : [value]) search.append(key, item)
  }
  return search.toString()
}

/** How many filters narrow the list (the keyword aside; each custom field counts), for the "filters (3)" badge. */
export function activeFilterCount(filters: CustomerFilters): number {
  const { q: _q, custom: _custom, ...rest } = toApiFilters(filters)
  return Object.keys(rest).length + Object.keys(cleanCustomFilters(filters.custom)).length
}

export function sameFilters(a: CustomerFilters, b: CustomerFilters): boolean {
  return toQueryString(a) === toQueryString(b)
}
