import { describe, expect, it } from 'vitest'
import { periodRange } from '../composables/closePeriods'
import { emptyFilters, fromApiFilters, toApiFilters, toBoardFilters, toRouteQuery, type OpportunityFilters } from '../composables/opportunityFilters'

const full: OpportunityFilters = {
  ...emptyFilters(),
  q: ' 扩容 ',
  ownerId: 3,
  departmentId: 9,
  tagIds: [1, 2],
  closeFrom: '2026-07-01',
  closeTo: '2026-09-30',
  amountMin: '1000',
  amountMax: '50000.5',
  stageId: 12,
  status: ['open'],
  forecastCategory: ['commit'],
  risk: ['no_activity'],
}

describe('opportunity filters', () => {
  it('leaves empty filters out of the query', () => {
    expect(toApiFilters(emptyFilters())).toEqual({})
  })

  it('names the API parameters', () => {
    expect(toApiFilters(full)).toEqual({
      q: '扩容',
      owner_id: 3,
      department_id: 9,
      tag_ids: [1, 2],
      close_from: '2026-07-01',
      close_to: '2026-09-30',
      amount_min: '1000',
      amount_max: '50000.5',
      stage_id: 12,
      status: ['open'],
      forecast_category: ['commit'],
      risk: ['no_activity'],
    })
  })

  it('drops stage and status on the board', () => {
    const params = toBoardFilters(full)
    expect(params).not.toHaveProperty('stage_id')
    expect(params).not.toHaveProperty('status')
    expect(params.owner_id).toBe(3)
  })

  it('waits for a half-typed amount', () => {
    expect(toApiFilters({ ...emptyFilters(), amountMin: '12.', amountMax: 'abc' })).toEqual({})
  })

  it('comes back unchanged through the URL', () => {
    const query = toRouteQuery(full, '-amount_cny')
    expect(query).toMatchObject({ owner_id: '3', tag_ids: ['1', '2'], ordering: '-amount_cny' })
    expect(fromApiFilters(query)).toEqual({ ...full, q: '扩容' })
  })

  it('drops malformed values instead of failing', () => {
    expect(
      fromApiFilters({ owner_id: 'x', tag_ids: ['1', 'y'], close_from: '2026-13', status: ['open', 'weird'], risk: 'nope', amount_min: '-5' }),
    ).toEqual({ ...emptyFilters(), tagIds: [1], status: ['open'] })
  })

  it('offers this month, this quarter and next quarter', () => {
    const today = new Date(2026, 10, 15)
    expect(periodRange(today, 1)).toEqual(['2026-11-01', '2026-11-30'])
    expect(periodRange(today, 3)).toEqual(['2026-10-01', '2026-12-31'])
    expect(periodRange(today, 3, 1)).toEqual(['2027-01-01', '2027-03-31'])
  })
})
