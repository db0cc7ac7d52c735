/** Form values of the deal forms and the minimal bodies they send (only what changed, plus `version`). */
import type { ForecastCategory, Opportunity, OpportunityInput, OpportunityPatch } from '../api'

export const EDITABLE_CATEGORIES: ForecastCategory[] = ['omitted', 'pipeline', 'best_case', 'commit']

export interface QuickEditValues {
  amount: string
  expectedCloseDate: string | null
  nextStep: string
  forecastCategory: string
}

export function quickEditValues(opportunity: Opportunity | null): QuickEditValues {
  return {
    amount: opportunity?.amount ?? '',
    expectedCloseDate: opportunity?.expected_close_date ?? null,
    nextStep: opportunity?.next_step ?? '',
    forecastCategory: opportunity?.forecast_category ?? 'pipeline',
  }
}

/** A blank amount clears it; anything else is sent as typed (the server validates the decimal). */
const amountOrNull = (value: string) => (value.trim() === '' ? null : value.trim())

function sameAmount(a: string | null | undefined, b: string | null): boolean {
  if (a == null || b == null) return (a ?? null) === b
  return Number(a) === Number(b)
}

export function quickEditPatch(current: Opportunity, values: QuickEditValues): OpportunityPatch {
  const patch: Record<string, unknown> = { version: current.version }
  const amount = amountOrNull(values.amount)
  if (!sameAmount(current.amount, amount)) patch.amount = amount
  if ((current.expected_close_date ?? null) !== values.expectedCloseDate) patch.expected_close_date = values.expectedCloseDate
  if ((current.next_step ?? '') !== values.nextStep) patch.next_step = values.nextStep
  if (current.forecast_category !== values.forecastCategory && EDITABLE_CATEGORIES.includes(values.forecastCategory as ForecastCategory)) {
    patch.forecast_category = values.forecastCategory
  }
  return patch as OpportunityPatch
}

export interface CreateValues {
  customerId: number | null
  name: string
  amount: string
  expectedCloseDate: string | null
  stageId: number | null
}

export function createInput(values: CreateValues, pipelineId: number | null): OpportunityInput {
  const body: Record<string, unknown> = { name: values.name.trim(), customer_id: values.customerId }
  if (pipelineId != null) body.pipeline_id = pipelineId
  if (values.stageId != null) body.stage_id = values.stageId
  const amount = amountOrNull(values.amount)
  if (amount !== null) body.amount = amount
  if (values.expectedCloseDate) body.expected_close_date = values.expectedCloseDate
  return body as OpportunityInput
}

export interface EditValues {
  name: string
  amount: string
  currency: string
  expectedCloseDate: string | null
  forecastCategory: string
  source: string
  campaign: string
  competitors: string[]
  nextStep: string
  nextStepDate: string | null
  notes: string
  tagIds: number[]
}

export function editValues(opportunity: Opportunity & { notes?: string | null }): EditValues {
  const competitors = opportunity.competitors
  return {
    ...quickEditValues(opportunity),
    name: opportunity.name,
    currency: opportunity.currency,
    source: opportunity.source,
    campaign: opportunity.campaign,
    competitors: Array.isArray(competitors) ? [...competitors] : [],
    nextStepDate: opportunity.next_step_date ?? null,
    notes: opportunity.notes ?? '',
    tagIds: (opportunity.tags ?? []).map((tag) => tag.id),
  }
}

const sameList = (a: readonly unknown[], b: readonly unknown[]) => JSON.stringify(a) === JSON.stringify(b)

/** The full edit form's changes, without `version` (the caller adds the current one). */
export function editPatch(current: Opportunity & { notes?: string | null }, values: EditValues): Omit<OpportunityPatch, 'version'> {
  const { version: _version, ...patch } = quickEditPatch(current, values) as Record<string, unknown>
  const before = editValues(current)
  if (values.name.trim() !== before.name) patch.name = values.name.trim()
  if (values.currency !== before.currency) patch.currency = values.currency
  for (const key of ['source', 'campaign', 'notes'] as const) if (values[key] !== before[key]) patch[key] = values[key]
  if (values.nextStepDate !== before.nextStepDate) patch.next_step_date = values.nextStepDate
  if (!sameList(values.competitors, before.competitors)) patch.competitors = values.competitors
  if (!sameList([...values.tagIds].sort(), [...before.tagIds].sort())) patch.tag_ids = values.tagIds
  return patch as Omit<OpportunityPatch, 'version'>
}
