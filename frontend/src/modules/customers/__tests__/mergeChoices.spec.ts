import { describe, expect, it } from 'vitest'
import type { Customer } from '../api'
import { defaultPicks, mergeRequest, mergeRows } from '../composables/mergeChoices'

function customer(id: number, fields: Partial<Customer>): Customer {
  return {
    id,
    tags: [],
    owner_id: 1,
    owner_name: '王芳',
    department_id: null,
    department_name: null,
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-01T00:00:00Z',
    version: 1,
    ...fields,
  }
}

const survivor = customer(1, {
  name: '平安银行',
  phone: '',
  level: 'a',
  region_name: '广东省 深圳市',
  credit_code: '91440300192185379H',
  custom: { budget: '100.00' },
})
const merged = customer(2, {
  name: '平安银行股份有限公司',
  phone: '0755-22168000',
  level: 'a',
  region_name: '广东省 深圳市 福田区',
  credit_code: '',
  custom: { budget: '200.00', owner_note: 'x' },
})
const fields = [
  { key: 'budget', label: '预算' },
  { key: 'owner_note', label: '备注2' },
]

describe('merge field choices', () => {
  it('offers the fields that differ where the merged record has a value', () => {
    const rows = mergeRows(survivor, merged, fields)
    expect(rows.map((row) => row.key)).toEqual(['name', 'region_name', 'phone', 'custom.budget', 'custom.owner_note'])
  })

  it('skips fields hidden from the viewer on either side', () => {
    const { phone: _phone, ...hidden } = merged
    expect(mergeRows(survivor, hidden as Customer).map((row) => row.key)).not.toContain('phone')
  })

  it('keeps the survivor by default, unless it has nothing', () => {
    const picks = defaultPicks(mergeRows(survivor, merged, fields))
    expect(picks).toEqual({
      name: 'survivor',
      region_name: 'survivor',
      phone: 'merged',
      'custom.budget': 'survivor',
      'custom.owner_note': 'merged',
    })
  })

  it('sends field names, the region as its three codes, and custom keys', () => {
    const request = mergeRequest(1, 2, { name: 'merged', region_name: 'merged', phone: 'survivor', 'custom.budget': 'merged' })
    expect(request).toEqual({
      survivor_id: 1,
      merged_id: 2,
      take_from_merged: ['name', 'province_code', 'city_code', 'district_code'],
      custom_from_merged: ['budget'],
    })
  })
})
