import type { Board, OpportunityCard, Pipeline } from '../api'

/** Test data shaped like the server's answers. */

export function card(id: number, stageId: number, extra: Partial<OpportunityCard> = {}): OpportunityCard {
  return {
    id,
    name: `商机${id}`,
    customer_id: 1,
    customer_name: '深圳甲公司',
    owner_id: 1,
    owner_name: '王芳',
    amount: '1000.00',
    currency: 'CNY',
    amount_cny: '1000.00',
    probability: 10,
    expected_close_date: '2026-06-30',
    stage_id: stageId,
    status: 'open',
    forecast_category: 'pipeline',
    version: 1,
    risks: [],
    tags: [],
    ...extra,
  }
}

const stage = (id: number, code: string, name: string, kind: string, probability: number, gate: string[] = []) => ({
  id,
  code,
  name,
  name_en: code,
  kind,
  position: id,
  probability,
  sla_days: null,
  gate,
  is_active: true,
})

export const pipeline: Pipeline = {
  id: 1,
  name: '标准销售流程',
  name_en: 'Standard sales',
  department_id: null,
  is_default: true,
  is_active: true,
  position: 0,
  version: 1,
  stages: [
    stage(11, 'initial_contact', '初步接洽', 'open', 10),
    stage(12, 'needs_confirmed', '需求确认', 'open', 25, ['contact']),
    stage(14, 'negotiation', '商务谈判', 'open', 75, ['amount', 'decision_maker']),
    stage(15, 'won', '赢单', 'won', 100),
    stage(16, 'lost', '输单', 'lost', 0),
  ],
} as Pipeline

export function board(): Board {
  return {
    pipeline,
    columns: [
      { stage_id: 11, count: 2, amount: '3000.00', weighted_amount: '300.00', items: [card(1, 11), card(2, 11, { amount: '2000.00', amount_cny: '2000.00' })], next_cursor: 'c11' },
      { stage_id: 12, count: 0, amount: '0.00', weighted_amount: '0.00', items: [], next_cursor: null },
      { stage_id: 14, count: 0, amount: '0.00', weighted_amount: '0.00', items: [], next_cursor: null },
      { stage_id: 15, count: 0, amount: '0.00', weighted_amount: '0.00', items: [], next_cursor: null },
      { stage_id: 16, count: 0, amount: '0.00', weighted_amount: '0.00', items: [], next_cursor: null },
    ],
  } as Board
}
