import { describe, expect, it } from 'vitest'
import type { Customer, CustomField } from '../api'
import { customerFormValues, customerInput, customerPatch } from '../composables/customerFields'

const base: Customer = {
  id: 5,
  name: '华星科技',
  short_name: '华星',
  phone: '138****5678',
  credit_code: '91310000MA1K',
  industry: 'it',
  level: 'a',
  stage: 'intent',
  source: '',
  province_code: '440000',
  city_code: '440300',
  district_code: '440305',
  region_name: '广东省 深圳市 南山区',
  address: '',
  website: '',
  notes: '',
  custom: { budget: '1200.00' },
  tags: [{ id: 1, name: '重点', color: '#F56C6C' }],
  owner_id: 2,
  owner_name: '王芳',
  department_id: 1,
  department_name: '华东大区',
  last_follow_up_at: null,
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-02T00:00:00Z',
  version: 3,
}

const budget: CustomField = {
  id: 1,
  entity: 'customer',
  key: 'budget',
  label: '预算',
  label_en: 'Budget',
  field_type: 'money',
  choices: [],
  is_required: false,
  is_unique: false,
  is_active: true,
  position: 0,
}

describe('customer form', () => {
  it('leaves hidden fields out of the form', () => {
    const { phone: _phone, ...hidden } = base
    const values = customerFormValues(hidden as Customer)
    expect(values.text.phone).toBeUndefined()
    expect(values.text.name).toBe('华星科技')
    expect(values.regionCode).toBe('440305')
    expect(values.tagIds).toEqual([1])
  })

  it('sends only what changed, never an untouched masked value', () => {
    const values = customerFormValues(base, [budget])
    values.text.name = ' 华星科技集团 '
    expect(customerPatch(base, values, [budget])).toEqual({ version: 3, name: '华星科技集团' })
  })

  it('sends the version alone when nothing changed', () => {
    expect(customerPatch(base, customerFormValues(base, [budget]), [budget])).toEqual({ version: 3 })
  })

  it('sends changed options, region, tags and custom keys', () => {
    const values = customerFormValues(base, [budget])
    values.options.stage = 'won'
    values.regionCode = '110101'
    values.tagIds = [1, 4]
    values.custom.budget = 1500
    expect(customerPatch(base, values, [budget])).toEqual({
      version: 3,
      stage: 'won',
      region_code: '110101',
      tag_ids: [1, 4],
      custom: { budget: '1500.00' },
    })
  })

  it('clears an option with an empty string', () => {
    const values = customerFormValues(base)
    values.options.level = ''
    expect(customerPatch(base, values)).toEqual({ version: 3, level: '' })
  })

  it('builds a create body with only the filled fields', () => {
    const values = customerFormValues(null, [budget])
    values.text.name = ' 平安银行 '
    values.text.credit_code = '91440300192185379H'
    values.options.level = 'key'
    values.regionCode = '440300'
    expect(customerInput(values, [budget], 7, true)).toEqual({
      name: '平安银行',
      credit_code: '91440300192185379H',
      level: 'key',
      region_code: '440300',
      owner_id: 7,
      allow_duplicate: true,
    })
  })
})
