import type { LostReason, LostReasonInput, Stage, StageInput } from '../settingsApi'

export type StageKind = 'open' | 'won' | 'lost'
export const STAGE_KINDS: StageKind[] = ['open', 'won', 'lost']

/** A stage as the editor holds it: the input body plus a local key for new rows. */
export type StageDraft = StageInput & { key: string }

let nextKey = 0
const freshKey = () => `new-${++nextKey}`

export function stageDraft(stage: Stage): StageDraft {
  return {
    key: `stage-${stage.id}`,
    id: stage.id,
    code: stage.code,
    name: stage.name,
    name_en: stage.name_en,
    kind: stage.kind,
    probability: stage.probability,
    sla_days: stage.sla_days,
    gate: [...stage.gate],
    is_active: stage.is_active,
  }
}

/** A blank open stage with a code not yet used in the list. */
export function newStage(existing: readonly StageDraft[]): StageDraft {
  const codes = new Set(existing.map((stage) => stage.code))
  let number = existing.length + 1
  while (codes.has(`stage_${number}`)) number += 1
  return { key: freshKey(), id: null, code: `stage_${number}`, name: '', name_en: '', kind: 'open', probability: 10, sla_days: null, gate: [], is_active: true }
}

/** Move the item at `index` by `delta` places (a no-op at either end); returns a new list. */
export function moveItem<T>(items: readonly T[], index: number, delta: -1 | 1): T[] {
  const target = index + delta
  if (target < 0 || target >= items.length) return [...items]
  const copy = [...items]
  const [moved] = copy.splice(index, 1)
  copy.splice(target, 0, moved as T)
  return copy
}

/** The stages as the PATCH sends them, in board order, without the local keys. */
export function stagesBody(drafts: readonly StageDraft[]): StageInput[] {
  return drafts.map(({ key: _key, ...stage }) => ({ ...stage, sla_days: stage.sla_days || null }))
}

/** A new pipeline's starting stages: one working stage and the two closing ones. */
export function starterStages(t: (key: string) => string): StageInput[] {
  const name = (kind: StageKind) => t(`opportunities.opportunityForecast.settings.starter.${kind}`)
  return [
    { code: 'open', name: name('open'), name_en: '', kind: 'open', probability: 10, sla_days: null, gate: [], is_active: true },
    { code: 'won', name: name('won'), name_en: '', kind: 'won', probability: 100, sla_days: null, gate: [], is_active: true },
    { code: 'lost', name: name('lost'), name_en: '', kind: 'lost', probability: 0, sla_days: null, gate: [], is_active: true },
  ]
}

export type LostReasonDraft = LostReasonInput & { key: string }

export function lostReasonDraft(reason: LostReason): LostReasonDraft {
  return { key: `reason-${reason.id}`, code: reason.code, label: reason.label, label_en: reason.label_en, is_active: reason.is_active }
}

export function newLostReason(existing: readonly LostReasonDraft[]): LostReasonDraft {
  const codes = new Set(existing.map((reason) => reason.code))
  let number = existing.length + 1
  while (codes.has(`reason_${number}`)) number += 1
  return { key: freshKey(), code: `reason_${number}`, label: '', label_en: '', is_active: true }
}

export function lostReasonsBody(drafts: readonly LostReasonDraft[]): LostReasonInput[] {
  return drafts.map(({ key: _key, ...reason }) => reason)
}
