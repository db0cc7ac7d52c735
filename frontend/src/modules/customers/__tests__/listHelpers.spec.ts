import { describe, expect, it } from 'vitest'
import type { Customer } from '../api'
import { columnValue, orderingFor, toCsv, visibleColumns, BASE_COLUMNS } from '../composables/customerColumns'
import { regionPath } from '../composables/regions'
import { diffRows } from '@/shared/timeline'
import { refusedNames } from '../composables/useBulkActions'
import { optionCode, reorder } from '../composables/useCustomerSettings'
import { moveHighlight, searchHits } from '../composables/useQuickSearch'

describe('columns and CSV', () => {
  it('keeps chosen columns in table order and drops unknown ones', () => {
    expect(visibleColumns(BASE_COLUMNS, ['updated_at', 'level', 'custom.gone']).map((column) => column.key)).toEqual(['level', 'updated_at'])
  })

  it('reads custom columns from the custom dict', () => {
    expect(columnValue({ custom: { budget: 5 } }, 'custom.budget')).toBe(5)
    expect(columnValue({ name: 'x' }, 'name')).toBe('x')
  })

  it('turns table sorting into the server ordering', () => {
    expect(orderingFor('created_at', 'descending')).toBe('-created_at')
    expect(orderingFor('name', 'ascending')).toBe('name')
    expect(orderingFor('name', null)).toBeNull()
  })

  it('writes CSV with a BOM, quoting and neutralised formulas', () => {
    expect(toCsv(['名称', '备注'], [['=1+1', 'a,"b"']])).toBe('\uFEFF名称,备注\r\n\'=1+1,"a,""b"""')
  })
})

describe('regions', () => {
  it('builds the cascader path of a code', () => {
    expect(regionPath('440000')).toEqual(['440000'])
    expect(regionPath('440300')).toEqual(['440000', '440300'])
    expect(regionPath('440305')).toEqual(['440000', '440300', '440305'])
  })

  it('skips the prefecture level where there is none (municipalities)', () => {
    expect(regionPath('110101', () => false)).toEqual(['110000', '110101'])
    expect(regionPath('bad')).toEqual([])
  })
})

describe('timeline diffs', () => {
  it('lists changed fields and opens up custom values', () => {
    expect(
      diffRows({
        stage: ['intent', 'won'],
        custom: [{ budget: '1.00', same: 1 }, { budget: '2.00', same: 1, added: true }],
      }),
    ).toEqual([
      { field: 'custom.added', before: null, after: true },
      { field: 'custom.budget', before: '1.00', after: '2.00' },
      { field: 'stage', before: 'intent', after: 'won' },
    ])
  })
})

describe('bulk results', () => {
  it('names the refused rows the viewer has on screen', () => {
    const rows = [
      { id: 1, name: '甲' },
      { id: 2, name: null },
    ] as Pick<Customer, 'id' | 'name'>[]
    expect(refusedNames({ done: 0, refused_ids: [1, 2, 3] }, rows)).toEqual(['甲', '#2', '#3'])
  })
})

describe('settings helpers', () => {
  it('derives option codes from typed text', () => {
    expect(optionCode(' Trade Show 2025 ')).toBe('trade_show_2025')
    expect(optionCode('展会')).toBe('')
  })

  it('moves an option and renumbers positions', () => {
    const items = [
      { code: 'a', position: 0 },
      { code: 'b', position: 5 },
      { code: 'c', position: 9 },
    ]
    expect(reorder(items, 2, -1)).toEqual([
      { code: 'a', position: 0 },
      { code: 'c', position: 1 },
      { code: 'b', position: 2 },
    ])
    expect(reorder(items, 0, -1)).toBe(items)
  })
})

describe('quick search', () => {
  it('opens contacts on their customer', () => {
    const hits = searchHits({
      customers: [{ id: 1 } as Customer],
      contacts: [{ id: 7, customer_id: 3 } as never],
    })
    expect(hits.map((hit) => [hit.kind, hit.customerId])).toEqual([
      ['customer', 1],
      ['contact', 3],
    ])
  })

  it('moves the highlight with wrap-around', () => {
    expect(moveHighlight(-1, 1, 3)).toBe(0)
    expect(moveHighlight(-1, -1, 3)).toBe(2)
    expect(moveHighlight(2, 1, 3)).toBe(0)
    expect(moveHighlight(0, 1, 0)).toBe(-1)
  })
})
