/** The scoring rules editor: a rule row as the form edits it, and back to the server's body. */

export type ScoringOperator = 'present' | 'equals' | 'in' | 'at_least' | 'contains'

export const SCORING_OPERATORS: ScoringOperator[] = ['present', 'equals', 'in', 'at_least', 'contains']

/** The lead fields a rule may test (the server's SCORABLE_FIELDS plus follow-ups). */
export const SCORING_FIELDS = [
  'name',
  'mobile',
  'email',
  'wechat',
  'title',
  'company_name',
  'province_code',
  'city_code',
  'district_code',
  'industry',
  'budget',
  'product_interest',
  'source',
  'campaign',
  'status',
  'duplicate_status',
  'follow_ups',
] as const

/** Follow-ups are counted, so only these operators make sense for them (the server says the same). */
const FOLLOW_UP_OPERATORS: ScoringOperator[] = ['present', 'equals', 'at_least']

export function operatorsFor(field: string): ScoringOperator[] {
  return field === 'follow_ups' ? FOLLOW_UP_OPERATORS : SCORING_OPERATORS
}

export interface ScoringRuleRow {
  /** Null for a rule not saved yet. */
  id: number | null
  name: string
  field: string
  operator: ScoringOperator
  /** The value as typed: several values comma separated for "in", a number for "at_least". */
  valueText: string
  points: number
  isActive: boolean
}

export interface ScoringRuleBody {
  name: string
  field: string
  operator: string
  value: unknown
  points: number
  position: number
  is_active: boolean
}

interface ServerRule {
  id: number
  name: string
  field: string
  operator: string
  value?: unknown
  points: number
  is_active: boolean
}

function valueText(value: unknown): string {
  if (value === null || value === undefined) return ''
  if (Array.isArray(value)) return value.map(String).join(', ')
  return String(value)
}

export function ruleRow(rule: ServerRule): ScoringRuleRow {
  return {
    id: rule.id,
    name: rule.name,
    field: rule.field,
    operator: (SCORING_OPERATORS as string[]).includes(rule.operator) ? (rule.operator as ScoringOperator) : 'equals',
    valueText: valueText(rule.value),
    points: rule.points,
    isActive: rule.is_active,
  }
}

export function blankRule(): ScoringRuleRow {
  return { id: null, name: '', field: 'mobile', operator: 'present', valueText: '', points: 10, isActive: true }
}

/** The typed text as the server's value: none for "present", a list for "in", a number for "at_least". */
export function ruleValue(operator: ScoringOperator, text: string): unknown {
  const trimmed = text.trim()
  switch (operator) {
    case 'present':
      return null
    case 'in':
      return trimmed
        .split(/[,，、]/)
        .map((item) => item.trim())
        .filter(Boolean)
    case 'at_least':
      // A text that is no number goes as typed: the server names the field in its answer.
      return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed
    default:
      return trimmed
  }
}

export function ruleBody(row: ScoringRuleRow, position: number): ScoringRuleBody {
  return {
    name: row.name.trim(),
    field: row.field,
    operator: row.operator,
    value: ruleValue(row.operator, row.valueText),
    points: row.points,
    position,
    is_active: row.isActive,
  }
}

/** Whether a saved rule differs from its row (so saving touches only changed rules: each save rescores). */
export function ruleChanged(rule: ServerRule & { position: number }, row: ScoringRuleRow, position: number): boolean {
  const body = ruleBody(row, position)
  return (
    body.name !== rule.name ||
    body.field !== rule.field ||
    body.operator !== rule.operator ||
    JSON.stringify(body.value ?? null) !== JSON.stringify(rule.value ?? null) ||
    body.points !== rule.points ||
    body.position !== rule.position ||
    body.is_active !== rule.is_active
  )
}
