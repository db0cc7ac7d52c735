import { describe, expect, it } from 'vitest'
import type { Opportunity } from '../api'
import { createInput, editPatch, editValues, quickEditPatch, quickEditValues } from '../composables/opportunityForm'
import { lineCents, toLineInputs } from '../composables/productLines'
import { card } from './fixtures'

const deal = { ...card(1, 11), next_step: '约见采购', next_step_date: null, competitors: ['甲'], source: '', campaign: '', notes: '' } as unknown as Opportunity

describe('deal forms', () => {
  it('sends only what the quick edit changed, with the version', () => {
    expect(quickEditPatch(deal, quickEditValues(deal))).toEqual({ version: 1 })
    const values = { ...quickEditValues(deal), amount: '1000', expectedCloseDate: '2026-08-01', forecastCategory: 'commit' }
    expect(quickEditPatch(deal, values)).toEqual({ version: 1, expected_close_date: '2026-08-01', forecast_category: 'commit' })
    expect(quickEditPatch(deal, { ...quickEditValues(deal), amount: ' ' })).toEqual({ version: 1, amount: null })
  })

  it('builds the full edit patch without the version', () => {
    const values = { ...editValues(deal), name: ' 新名字 ', competitors: ['甲', '乙'], tagIds: [] }
    expect(editPatch(deal, values)).toEqual({ name: '新名字', competitors: ['甲', '乙'] })
  })

  it('creates into the chosen pipeline and stage', () => {
    const body = createInput({ customerId: 5, name: ' 扩容项目 ', amount: '', expectedCloseDate: null, stageId: 11 }, 1)
    expect(body).toEqual({ name: '扩容项目', customer_id: 5, pipeline_id: 1, stage_id: 11 })
  })

  it('computes line subtotals like the server', () => {
    expect(lineCents({ product_name: 'A', quantity: '3', unit_price: '199.99', discount_percent: '10' })).toBe(53997n)
    expect(lineCents({ product_name: 'A', quantity: '1.5', unit_price: '100', discount_percent: '' })).toBe(15000n)
    expect(toLineInputs([{ product_name: ' ', quantity: '1', unit_price: '1', discount_percent: '0' }])).toEqual([])
  })
})
