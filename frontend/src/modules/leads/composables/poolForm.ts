/** The pool settings form: a pool and its take-back rules as the form edits them, and back to the server's body. */

export type PoolResource = 'customers' | 'leads'

export interface TakeBackRuleRow {
  id: number | null
  /** A customer level code; blank applies to every level. */
  level: string
  noFollowUpDays: number | null
  noWonDays: number | null
  warnDays: number
  exemptsOpenDeals: boolean
  isActive: boolean
}

export interface PoolFormValues {
  resource: PoolResource
  name: string
  nameEn: string
  memberIds: number[]
  departmentIds: number[]
  managerIds: number[]
  maxHeld: number | null
  maxClaimsPerDay: number | null
  cooldownDays: number
  isDefault: boolean
  isActive: boolean
  rules: TakeBackRuleRow[]
}

export interface TakeBackRuleBody {
  customer_level: string
  no_follow_up_days: number | null
  no_won_days: number | null
  warn_days: number
  exempts_open_deals: boolean
  is_active: boolean
}

export interface PoolBody {
  resource: PoolResource
  name: string
  name_en: string
  member_ids: number[]
  member_department_ids: number[]
  manager_ids: number[]
  max_held: number | null
  max_claims_per_day: number | null
  cooldown_days: number
  is_default: boolean
  is_active: boolean
  take_back_rules: TakeBackRuleBody[]
}

/** The pool as the server sends it (only what the form reads). */
export interface Named {
  id: number
  name: string
}

export interface PoolRecord {
  resource: string
  name: string
  name_en?: string | null
  members?: Named[] | null
  member_departments?: Named[] | null
  managers?: Named[] | null
  max_held?: number | null
  max_claims_per_day?: number | null
  cooldown_days?: number | null
  is_default?: boolean | null
  is_active?: boolean | null
  take_back_rules?: TakeBackRuleRecord[] | null
}

export interface TakeBackRuleRecord {
  id: number
  customer_level?: string | null
  no_follow_up_days?: number | null
  no_won_days?: number | null
  warn_days?: number | null
  exempts_open_deals?: boolean | null
  is_active?: boolean | null
}

export function blankTakeBackRule(): TakeBackRuleRow {
  return { id: null, level: '', noFollowUpDays: 30, noWonDays: null, warnDays: 3, exemptsOpenDeals: true, isActive: true }
}

export function blankPool(resource: PoolResource): PoolFormValues {
  return {
    resource,
    name: '',
    nameEn: '',
    memberIds: [],
    departmentIds: [],
    managerIds: [],
    maxHeld: null,
    maxClaimsPerDay: null,
    cooldownDays: 0,
    isDefault: false,
    isActive: true,
    rules: [],
  }
}

export function takeBackRuleRow(rule: TakeBackRuleRecord): TakeBackRuleRow {
  return {
    id: rule.id,
    level: rule.customer_level ?? '',
    noFollowUpDays: rule.no_follow_up_days ?? null,
    noWonDays: rule.no_won_days ?? null,
    warnDays: rule.warn_days ?? 0,
    exemptsOpenDeals: rule.exempts_open_deals ?? false,
    isActive: rule.is_active ?? true,
  }
}

export function poolValues(pool: PoolRecord): PoolFormValues {
  return {
    resource: pool.resource === 'leads' ? 'leads' : 'customers',
    name: pool.name,
    nameEn: pool.name_en ?? '',
    memberIds: (pool.members ?? []).map((user) => user.id),
    departmentIds: (pool.member_departments ?? []).map((department) => department.id),
    managerIds: (pool.managers ?? []).map((user) => user.id),
    maxHeld: pool.max_held ?? null,
    maxClaimsPerDay: pool.max_claims_per_day ?? null,
    cooldownDays: pool.cooldown_days ?? 0,
    isDefault: pool.is_default ?? false,
    isActive: pool.is_active ?? true,
    rules: (pool.take_back_rules ?? []).map(takeBackRuleRow),
  }
}

/** A day count from a number input: empty or below one means "no such condition". */
const days = (value: number | null): number | null => (value == null || value < 1 ? null : Math.floor(value))

/** Leads have no level and no won deals: those parts of a rule only apply to customer pools. */
export function takeBackRuleBody(row: TakeBackRuleRow, resource: PoolResource): TakeBackRuleBody {
  const isCustomers = resource === 'customers'
  return {
    customer_level: isCustomers ? row.level : '',
    no_follow_up_days: days(row.noFollowUpDays),
    no_won_days: isCustomers ? days(row.noWonDays) : null,
    warn_days: Math.max(0, Math.floor(row.warnDays || 0)),
    exempts_open_deals: row.exemptsOpenDeals,
    is_active: row.isActive,
  }
}

/** An emptied limit input means "unlimited" (null); zero stays a real limit (nobody may claim). */
const limit = (value: number | null | undefined): number | null => (value == null ? null : Math.max(0, Math.floor(value)))

export function poolBody(values: PoolFormValues): PoolBody {
  return {
    resource: values.resource,
    name: values.name.trim(),
    name_en: values.nameEn.trim(),
    member_ids: [...values.memberIds],
    member_department_ids: [...values.departmentIds],
    manager_ids: [...values.managerIds],
    max_held: limit(values.maxHeld),
    max_claims_per_day: limit(values.maxClaimsPerDay),
    cooldown_days: Math.max(0, values.cooldownDays || 0),
    is_default: values.isDefault,
    is_active: values.isActive,
    take_back_rules: values.rules.map((row) => takeBackRuleBody(row, values.resource)),
  }
}

/** The rows that take nothing back (neither day count): their positions, for the form to mark. */
export function rulesWithoutCondition(values: PoolFormValues): number[] {
  return values.rules.flatMap((row, index) => {
    const body = takeBackRuleBody(row, values.resource)
    return body.no_follow_up_days == null && body.no_won_days == null ? [index] : []
  })
}

/** The body of a change: everything but the resource (fixed once created), with the version read. */
export function poolPatchBody(values: PoolFormValues, version: number): Omit<PoolBody, 'resource'> & { version: number } {
  const { resource: _resource, ...rest } = poolBody(values)
  return { ...rest, version }
}
