import { describe, expect, it } from 'vitest'
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

const full: CustomerFilters = {
  ...emptyFilters(),
  q: ' payh ',
  ownerId: 3,
  tagIds: [1, 2],
  level: ['a', 'key'],
  stage: ['won'],
  regionCode: '440300',
  createdFrom: '2025-01-01',
  createdTo: '2025-03-31',
  custom: { budget: [100, null] },
}

describe('customer filters', () => {
  it('leaves empty filters out of the API query', () => {
    expect(toApiFilters(emptyFilters())).toEqual({})
  })

  it('names the API parameters and trims the keyword', () => {
    expect(toApiFilters(full)).toEqual({
      q: 'payh',
      owner_id: 3,
      tag_ids: [1, 2],
      level: ['a', 'key'],
      stage: ['won'],
      region_code: '440300',
      created_from: '2025-01-01',
      created_to: '2025-03-31',
      custom: '{"budget":[100,null]}',
    })
  })

  it('comes back unchanged through a saved view', () => {
    expect(fromApiFilters(toApiFilters(full))).toEqual({ ...full, q: 'payh' })
  })

  it('comes back unchanged through the URL, with the order', () => {
    const query = toRouteQuery(full, '-updated_at')
    expect(query.tag_ids).toEqual(['1', '2'])
    expect(query.owner_id).toBe('3')
    expect(fromRouteQuery(query)).toEqual({ filters: { ...full, q: 'payh' }, ordering: '-updated_at' })
  })

  it('reads a single value where a list is expected', () => {
    expect(fromRouteQuery({ level: 'a', tag_ids: '5' }).filters).toMatchObject({ level: ['a'], tagIds: [5] })
  })

  it('drops malformed values instead of failing', () => {
    const { filters, ordering } = fromRouteQuery({
      owner_id: 'abc',
      tag_ids: ['1', 'x'],
      region_code: '4403',
      created_from: 'yesterday',
      custom: '{not json',
      ordering: 'name; drop',
    })
    expect(filters).toEqual({ ...emptyFilters(), tagIds: [1] })
    expect(ordering).toBeNull()
  })

  it('repeats list keys in the query string (the CSV link)', () => {
    const text = toQueryString({ ...emptyFilters(), q: '平安', level: ['a', 'b'] }, 'name')
    expect(text).toBe('q=%E5%B9%B3%E5%AE%89&level=a&level=b&ordering=name')
    expect(new URLSearchParams(text).getAll('level')).toEqual(['a', 'b'])
  })

  it('counts the filters beyond the keyword', () => {
    expect(activeFilterCount(emptyFilters())).toBe(0)
    expect(activeFilterCount({ ...emptyFilters(), q: 'x', level: ['a'], createdFrom: '2025-01-01' })).toBe(2)
  })
})
