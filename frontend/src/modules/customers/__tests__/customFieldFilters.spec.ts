import { describe, expect, it } from 'vitest'
import {
  booleanFilter,
  choiceFilter,
  cleanCustomFilters,
  customFilterKind,
  dateRange,
  filterableFields,
  numberRange,
  withCustomFilter,
} from '../composables/customFieldFilters'
import {
  activeFilterCount,
  emptyFilters,
  fromApiFilters,
  fromRouteQuery,
  toApiFilters,
  toQueryString,
  toRouteQuery,
  type CustomerFilters,
} from '../composables/customerFilters'

const field = (key: string, field_type: string) => ({ key, field_type })

describe('custom field filter kinds', () => {
  it('maps field types to the filter they offer', () => {
    expect(customFilterKind(field('grade', 'choice'))).toBe('choice')
    expect(customFilterKind(field('channels', 'multi_choice'))).toBe('choice')
    expect(customFilterKind(field('vip', 'boolean'))).toBe('boolean')
    expect(customFilterKind(field('headcount', 'number'))).toBe('number')
    expect(customFilterKind(field('budget', 'money'))).toBe('number')
    expect(customFilterKind(field('renewal', 'date'))).toBe('date')
    expect(customFilterKind(field('erp_id', 'text'))).toBeNull()
    expect(customFilterKind(field('manager', 'user'))).toBeNull()
  })

  it('offers only the filterable fields, in order', () => {
    const fields = [field('erp_id', 'text'), field('budget', 'money'), field('manager', 'user'), field('grade', 'choice')]
    expect(filterableFields(fields).map((item) => item.key)).toEqual(['budget', 'grade'])
  })
})

describe('custom filter values', () => {
  it('reads each kind back, ignoring the wrong shape', () => {
    const custom = { grade: 'g1', vip: false, budget: [100, null], since: ['2025-01-01', '2025-06-30'], odd: [1, 2, 3] }
    expect(choiceFilter(custom, 'grade')).toBe('g1')
    expect(choiceFilter(custom, 'budget')).toBe('')
    expect(booleanFilter(custom, 'vip')).toBe(false)
    expect(booleanFilter(custom, 'grade')).toBeNull()
    expect(numberRange(custom, 'budget')).toEqual([100, null])
    expect(numberRange({ budget: ['1.5', 'x'] }, 'budget')).toEqual([1.5, null])
    expect(numberRange(custom, 'odd')).toEqual([null, null])
    expect(dateRange(custom, 'since')).toEqual(['2025-01-01', '2025-06-30'])
    expect(dateRange({ since: ['yesterday', null] }, 'since')).toEqual([null, null])
  })

  it('sets, replaces and clears one field without touching the others', () => {
    let custom: Record<string, unknown> = {}
    custom = withCustomFilter(custom, 'vip', true)
    custom = withCustomFilter(custom, 'budget', [null, 5000])
    custom = withCustomFilter(custom, 'grade', 'g2')
    expect(custom).toEqual({ budget: [null, 5000], grade: 'g2', vip: true })
    expect(Object.keys(custom)).toEqual(['budget', 'grade', 'vip'])
    expect(withCustomFilter(custom, 'vip', false).vip).toBe(false)
    expect(withCustomFilter(custom, 'grade', '')).toEqual({ budget: [null, 5000], vip: true })
    expect(withCustomFilter(custom, 'vip', null)).toEqual({ budget: [null, 5000], grade: 'g2' })
    expect(withCustomFilter(custom, 'budget', [null, null])).toEqual({ grade: 'g2', vip: true })
  })

  it('does not change the map it is given', () => {
    const custom = { grade: 'g1' }
    withCustomFilter(custom, 'grade', 'g2')
    expect(custom).toEqual({ grade: 'g1' })
  })

  it('keeps only well-formed entries from a link or a saved view', () => {
    expect(
      cleanCustomFilters({
        grade: 'g1',
        vip: true,
        budget: [100, null],
        since: [null, '2025-12-31'],
        empty: '',
        nothing: [null, null],
        triple: [1, 2, 3],
        nested: { a: 1 },
        infinite: Number.POSITIVE_INFINITY,
        'Bad-Key': 'x',
        'custom; drop': 'x',
      }),
    ).toEqual({ budget: [100, null], grade: 'g1', since: [null, '2025-12-31'], vip: true })
    expect(cleanCustomFilters(['grade'])).toEqual({})
    expect(cleanCustomFilters(null)).toEqual({})
  })
})

describe('custom filters with the other filters', () => {
  const filters: CustomerFilters = {
    ...emptyFilters(),
    level: ['a'],
    custom: { vip: true, grade: 'g1', budget: [1000, 5000], renewal: ['2025-01-01', null] },
  }

  it('go to the API as sorted JSON text', () => {
    expect(toApiFilters(filters).custom).toBe('{"budget":[1000,5000],"grade":"g1","renewal":["2025-01-01",null],"vip":true}')
    expect(toApiFilters({ ...emptyFilters(), custom: { grade: '' } })).toEqual({})
  })

  it('come back unchanged through the URL and a saved view', () => {
    const query = toRouteQuery(filters, 'name')
    expect(typeof query.custom).toBe('string')
    expect(fromRouteQuery(query)).toEqual({ filters, ordering: 'name' })
    expect(fromApiFilters(toApiFilters(filters))).toEqual(filters)
    expect(new URLSearchParams(toQueryString(filters)).get('custom')).toBe(toApiFilters(filters).custom)
  })

  it('read a saved view that kept them as an object', () => {
    expect(fromApiFilters({ custom: { grade: 'g1', junk: [null, null] } }).custom).toEqual({ grade: 'g1' })
  })

  it('count one per field in the badge', () => {
    expect(activeFilterCount(filters)).toBe(5)
  })
})
