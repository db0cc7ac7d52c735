import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { i18n } from '@/app/i18n'
import type { WorkReportFigures } from '../api'
import FigureGrid from '../components/FigureGrid.vue'
import { drillFigure, figureCells, followUpBreakdown, formatAmount } from '../composables/reportFigures'

const FIGURES: WorkReportFigures = {
  follow_ups: 3,
  follow_ups_by_kind: { phone: 2, visit: 0, wechat: 1, email: 0, meeting: 0, other: 0 },
  visits: 0,
  far_visits: 0,
  new_leads: 1,
  new_customers: 0,
  new_opportunities: 0,
  stage_moves: 0,
  won_deals: 1,
  won_amount: '1234567.50',
  tasks_done: 0,
  tasks_overdue: 2,
}

describe('report figures', () => {
  it('shows the layout keys in order, amounts grouped, zeros not openable', () => {
    expect(figureCells(['won_amount', 'follow_ups', 'visits', 'unknown'], FIGURES)).toEqual([
      { key: 'won_amount', value: '1,234,567.50', isOpenable: true },
      { key: 'follow_ups', value: '3', isOpenable: true },
      { key: 'visits', value: '0', isOpenable: false },
    ])
    expect(formatAmount('0.00')).toBe('0.00')
  })

  it('hides a won amount the reader may not see', () => {
    expect(figureCells(['won_amount'], { ...FIGURES, won_amount: null })).toEqual([
      { key: 'won_amount', value: null, isOpenable: false },
    ])
  })

  it('breaks follow-ups down by the kinds that happened', () => {
    expect(followUpBreakdown(FIGURES)).toEqual([
      { kind: 'phone', count: 2 },
      { kind: 'wechat', count: 1 },
    ])
    expect(drillFigure('won_amount')).toBe('won_deals')
    expect(drillFigure('tasks_done')).toBe('tasks_done')
  })

  it('opens the records behind a tile and a follow-up kind', async () => {
    const wrapper = mount(FigureGrid, {
      props: { keys: ['follow_ups', 'visits', 'won_amount'], figures: FIGURES },
      global: { plugins: [i18n] },
    })
    await flushPromises()
    await wrapper.get('[data-testid="figure-won_amount"]').trigger('click')
    await wrapper.get('[data-testid="figure-follow-ups-wechat"]').trigger('click')
    await wrapper.get('[data-testid="figure-visits"]').trigger('click')
    expect(wrapper.emitted('open')).toEqual([
      ['won_deals', null],
      ['follow_ups', 'wechat'],
    ])
    expect(wrapper.get('[data-testid="figure-visits"]').attributes('disabled')).toBeDefined()
  })
})
