import { describe, expect, it } from 'vitest'
import { emptyLeadFilters, fromApiFilters, toApiFilters, toRouteQuery } from '../composables/leadFilters'

describe('lead filters ↔ query', () => {
  it('leaves empty filters out', () => {
    expect(toApiFilters(emptyLeadFilters())).toEqual({})
  })

  it('sends every set filter under its API name', () => {
    const filters = {
      ...emptyLeadFilters(),
      q: '  明达 ',
      status: ['new' as const, 'working' as const],
      source: ['web_form' as const],
      ownerId: 7,
      departmentId: 3,
      campaign: ' 春季展会 ',
      scoreMin: '10',
      scoreMax: '80',
      createdFrom: '2025-03-01',
      createdTo: '2025-03-31',
      duplicateStatus: ['flagged' as const],
    }
    expect(toApiFilters(filters)).toEqual({
      q: '明达',
      status: ['new', 'working'],
      source: ['web_form'],
      owner_id: 7,
      department_id: 3,
      campaign: '春季展会',
      score_min: 10,
      score_max: 80,
      created_from: '2025-03-01',
      created_to: '2025-03-31',
      duplicate_status: ['flagged'],
    })
  })

  it('waits for a whole score before sending it', () => {
    expect(toApiFilters({ ...emptyLeadFilters(), scoreMin: '-', scoreMax: '1.5' })).toEqual({})
    expect(toApiFilters({ ...emptyLeadFilters(), scoreMin: '-5' })).toEqual({ score_min: -5 })
  })

  it('reads a URL query back, dropping malformed values', () => {
    const filters = fromApiFilters({
      status: 'new',
      source: ['email', 'carrier_pigeon'],
      owner_id: '12',
      department_id: 'abc',
      score_min: '5',
      score_max: 'x',
      created_from: '2025-13',
      created_to: '2025-04-30',
      duplicate_status: ['linked', 'maybe'],
      campaign: '双十一',
    })
    expect(filters).toEqual({
      ...emptyLeadFilters(),
      status: ['new'],
      source: ['email'],
      ownerId: 12,
      scoreMin: '5',
      createdTo: '2025-04-30',
      duplicateStatus: ['linked'],
      campaign: '双十一',
    })
  })

  it('round-trips through the route query', () => {
    const filters = { ...emptyLeadFilters(), status: ['invalid' as const], ownerId: 4, scoreMax: '60' }
    const query = toRouteQuery(filters, '-score')
    expect(query).toEqual({ status: ['invalid'], owner_id: '4', score_max: '60', ordering: '-score' })
    expect(fromApiFilters(query)).toEqual(filters)
  })
})
