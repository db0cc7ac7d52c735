/**
 * An assignment rule's condition editor state and the `conditions` payload the server stores
 * (an absent key matches every lead, so empty inputs are left out).
 */

import { LEAD_SOURCES, type LeadSource } from './leadFilters'

export const ASSIGNMENT_ACTIONS = ['user', 'round_robin', 'least_loaded', 'pool'] as const
export type AssignmentAction = (typeof ASSIGNMENT_ACTIONS)[number]
/** ISO weekdays: 1 = Monday … 7 = Sunday. */
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const

export interface RuleConditions {
  provinces?: string[]
  cities?: string[]
  industries?: string[]
  sources?: LeadSource[]
  budget_min?: string
  budget_max?: string
  score_min?: number
  product_keywords?: string[]
  weekdays?: number[]
  time_from?: string
  time_to?: string
}

export interface ConditionForm {
  provinces: string[]
  cities: string[]
  industries: string[]
  sources: string[]
  /** Decimal strings as typed ("" for none). */
  budgetMin: string
  budgetMax: string
  /** Minimum lead score (scoring rules), null for none. */
  scoreMin: number | null
  productKeywords: string[]
  weekdays: number[]
  /** "HH:MM" or null. */
  timeFrom: string | null
  timeTo: string | null
}

export interface ActionForm {
  action: AssignmentAction
  targetUserId: number | null
  targetDepartmentId: number | null
  targetPoolId: number | null
}

const AMOUNT = /^\d{1,14}(\.\d{1,2})?$/
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/

export function emptyConditionForm(): ConditionForm {
  return {
    provinces: [],
    cities: [],
    industries: [],
    sources: [],
    budgetMin: '',
    budgetMax: '',
    scoreMin: null,
    productKeywords: [],
    weekdays: [],
    timeFrom: null,
    timeTo: null,
  }
}

function cleanList(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))]
}

/** "09:00:00" (a time the server echoes) → "09:00"; anything else → null. */
function time(value: unknown): string | null {
  if (typeof value !== 'string') return null
  const short = value.slice(0, 5)
  return TIME.test(short) ? short : null
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? cleanList(value.filter((item): item is string => typeof item === 'string')) : []
}

/** The editor's state as the stored `conditions` (only what narrows the rule). */
export function toConditions(form: ConditionForm): RuleConditions {
  const conditions: RuleConditions = {}
  const lists = {
    provinces: cleanList(form.provinces),
    cities: cleanList(form.cities),
    industries: cleanList(form.industries),
    product_keywords: cleanList(form.productKeywords),
  } as const
  for (const [key, values] of Object.entries(lists) as [keyof typeof lists, string[]][]) {
    if (values.length) conditions[key] = values
  }
  const sources = cleanList(form.sources).filter((source): source is LeadSource => (LEAD_SOURCES as readonly string[]).includes(source))
  if (sources.length) conditions.sources = sources
  const min = form.budgetMin.trim()
  const max = form.budgetMax.trim()
  if (AMOUNT.test(min)) conditions.budget_min = min
  if (AMOUNT.test(max)) conditions.budget_max = max
  if (form.scoreMin !== null && Number.isInteger(form.scoreMin) && form.scoreMin >= 0) conditions.score_min = form.scoreMin
  const weekdays = [...new Set(form.weekdays)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b)
  if (weekdays.length && weekdays.length < 7) conditions.weekdays = weekdays
  const from = time(form.timeFrom)
  const to = time(form.timeTo)
  if (from && to) {
    conditions.time_from = from
    conditions.time_to = to
  }
  return conditions
}

/** A stored `conditions` dict as editor state; unknown keys and malformed values are dropped. */
export function fromConditions(conditions: Record<string, unknown> | null | undefined): ConditionForm {
  const form = emptyConditionForm()
  if (!conditions) return form
  form.provinces = strings(conditions.provinces)
  form.cities = strings(conditions.cities)
  form.industries = strings(conditions.industries)
  form.sources = strings(conditions.sources)
  form.productKeywords = strings(conditions.product_keywords)
  const min = conditions.budget_min
  const max = conditions.budget_max
  form.budgetMin = (typeof min === 'string' || typeof min === 'number') && AMOUNT.test(String(min)) ? String(min) : ''
  form.budgetMax = (typeof max === 'string' || typeof max === 'number') && AMOUNT.test(String(max)) ? String(max) : ''
  const score = conditions.score_min
  form.scoreMin = typeof score === 'number' && Number.isInteger(score) && score >= 0 ? score : null
  form.weekdays = Array.isArray(conditions.weekdays)
    ? conditions.weekdays.filter((day): day is number => Number.isInteger(day) && day >= 1 && day <= 7)
    : []
  form.timeFrom = time(conditions.time_from)
  form.timeTo = time(conditions.time_to)
  return form
}

/** Whether the time window is half filled or the budget range upside down (the editor says so). */
export function conditionProblems(form: ConditionForm): ('time_window' | 'budget_range')[] {
  const problems: ('time_window' | 'budget_range')[] = []
  if ((form.timeFrom === null) !== (form.timeTo === null)) problems.push('time_window')
  const min = form.budgetMin.trim()
  const max = form.budgetMax.trim()
  if (AMOUNT.test(min) && AMOUNT.test(max) && Number(min) > Number(max)) problems.push('budget_range')
  return problems
}

/** The action's target fields: only the one the action uses is sent, the others are cleared. */
export function toActionPayload(form: ActionForm): {
  action: AssignmentAction
  target_user_id: number | null
  target_department_id: number | null
  target_pool_id: number | null
} {
  return {
    action: form.action,
    target_user_id: form.action === 'user' ? form.targetUserId : null,
    target_department_id: form.action === 'round_robin' || form.action === 'least_loaded' ? form.targetDepartmentId : null,
    target_pool_id: form.action === 'pool' ? form.targetPoolId : null,
  }
}

/** Whether the action has the target it needs. */
export function isActionComplete(form: ActionForm): boolean {
  if (form.action === 'user') return form.targetUserId != null
  if (form.action === 'pool') return form.targetPoolId != null
  return form.targetDepartmentId != null
}

/** Move one rule up (-1) or down (+1); the answer is the new order of ids (unchanged at the ends). */
export function moveRule(ids: readonly number[], id: number, step: -1 | 1): number[] {
  const index = ids.indexOf(id)
  const target = index + step
  if (index < 0 || target < 0 || target >= ids.length) return [...ids]
  const next = [...ids]
  next.splice(index, 1)
  next.splice(target, 0, id)
  return next
}

/** The province and city codes rules read, from the most precise division code picked ("" for none). */
export function regionParts(code: string): { province_code: string; city_code: string } {
  if (!/^\d{6}$/.test(code)) return { province_code: '', city_code: '' }
  const province = `${code.slice(0, 2)}0000`
  if (code === province) return { province_code: province, city_code: '' }
  return { province_code: province, city_code: code.endsWith('00') ? code : `${code.slice(0, 4)}00` }
}
