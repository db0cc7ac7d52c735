import { flushPromises } from '@vue/test-utils'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick } from 'vue'
import * as forecastApi from '../forecastApi'
import type { Forecast, ForecastRow } from '../forecastApi'
import { newStage, moveItem, stageDraft, stagesBody } from '../composables/pipelineStages'
import { drillScope, useForecast } from '../composables/useForecast'
import { riskQuery } from '../composables/useRiskDeals'

vi.mock('../forecastApi', async (original) => ({ ...(await original<typeof forecastApi>()), getForecast: vi.fn() }))

const change = { moved_in: { count: 0, amount: '0' }, moved_out: { count: 0, amount: '0' }, up: { count: 0, amount: '0' }, down: { count: 0, amount: '0' } }
function row(keyId: number | null, name: string): ForecastRow {
  return { key_id: keyId, key_name: name, target: '100.00', closed: '50.00', commit: '0', best_case: '0', pipeline: '0', weighted: '0', attainment: 0.5, change }
}
function forecast(rows: ForecastRow[]): Forecast {
  return { period_type: 'quarter', period_start: '2026-10-01', period_end: '2026-12-31', group_by: 'owner', compared_with: null, rows, total: row(null, '') }
}

beforeEach(() => {
  vi.mocked(forecastApi.getForecast).mockReset()
})

describe('useForecast', () => {
  it('loads the current quarter by owner and reloads when the grouping changes, dropping stale answers', async () => {
    let resolveFirst: (value: Forecast) => void = () => {}
    vi.mocked(forecastApi.getForecast)
      .mockImplementationOnce(() => new Promise((resolve) => (resolveFirst = resolve)))
      .mockResolvedValueOnce(forecast([row(3, '华南')]))
    const scope = effectScope()
    const state = scope.run(() => useForecast({ periodStart: '2026-10-01' }))!
    void state.load()
    state.selection.groupBy = 'department'
    await nextTick()
    await flushPromises()
    resolveFirst(forecast([row(11, '王芳')]))
    await flushPromises()
    expect(vi.mocked(forecastApi.getForecast).mock.calls.map(([query]) => query)).toEqual([
      { period_type: 'quarter', period_start: '2026-10-01', group_by: 'owner', department_id: null },
      { period_type: 'quarter', period_start: '2026-10-01', group_by: 'department', department_id: null },
    ])
    expect(state.forecast.value?.rows[0]?.key_name).toBe('华南')
    expect(state.isLoading.value).toBe(false)
    state.openDrill('closed', state.forecast.value!.rows[0]!)
    expect(state.drill.value).toEqual({ figure: 'closed', row: state.forecast.value!.rows[0] })
    scope.stop()
  })

  it('scopes a drill-down to the row and the department root; the total row to the root only', () => {
    const selection = { periodType: 'quarter' as const, periodStart: '2026-10-01', groupBy: 'region' as const, departmentId: 2 }
    expect(drillScope(selection, row(5, '华东'))).toEqual({ department_id: 2, group_by: 'region', key_id: 5 })
    expect(drillScope(selection, null)).toEqual({ department_id: 2 })
    expect(drillScope({ ...selection, groupBy: 'owner', departmentId: null }, row(11, '王芳'))).toEqual({ group_by: 'owner', key_id: 11 })
  })
})

describe('at-risk query', () => {
  it('leaves empty filters out', () => {
    expect(riskQuery({ risk: [], ownerId: null, departmentId: null }, null)).toEqual({ risk: undefined, owner_id: null, department_id: null, cursor: null, limit: 50 })
    expect(riskQuery({ risk: ['close_date_passed'], ownerId: 4, departmentId: 2 }, 'abc')).toMatchObject({ risk: ['close_date_passed'], owner_id: 4, department_id: 2, cursor: 'abc' })
  })
})

describe('stage editor helpers', () => {
  it('reorders, adds stages with unused codes and sends them without local keys', () => {
    const stages = [
      stageDraft({ id: 1, code: 'stage_2', name: '初步接洽', name_en: 'Contact', kind: 'open', position: 0, probability: 10, sla_days: 0, gate: ['amount'], is_active: true }),
      stageDraft({ id: 2, code: 'won', name: '赢单', name_en: 'Won', kind: 'won', position: 1, probability: 100, sla_days: null, gate: [], is_active: true }),
    ]
    const added = newStage(stages)
    expect(added.code).toBe('stage_3')
    const reordered = moveItem([...stages, added], 2, -1)
    expect(reordered.map((stage) => stage.code)).toEqual(['stage_2', 'stage_3', 'won'])
    expect(moveItem(reordered, 0, -1).map((stage) => stage.code)).toEqual(['stage_2', 'stage_3', 'won'])
    const body = stagesBody(reordered)
    expect(body[0]).toEqual({ id: 1, code: 'stage_2', name: '初步接洽', name_en: 'Contact', kind: 'open', probability: 10, sla_days: null, gate: ['amount'], is_active: true })
    expect(body[1]).not.toHaveProperty('key')
    expect(body[1]?.id).toBeNull()
  })
})
