import { describe, expect, it } from 'vitest'
import type { Customer } from '../api'
import { customerFormValues, customerPatch } from '../composables/customerFields'

const base: Customer = {
  id: 5,
  name: '华星科技',
  phone: '138****5678',
  credit_code: '91310000MA1K',
  notes: '',
  owner_id: 2,
  owner_name: '王芳',
  department_id: 1,
  department_name: '华东大区',
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-02T00:00:00Z',
  version: 3,
}

describe('customer form', () => {
  it('leaves hidden fields out of the form', () => {
    const { phone: _phone, ...hidden } = base
    expect(customerFormValues(hidden as Customer)).toEqual({ name: '华星科技', credit_code: '91310000MA1K', notes: '' })
  })

  it('sends only what changed, never an untouched masked value', () => {
    const values = { ...customerFormValues(base), name: ' 华星科技集团 ' }
    expect(customerPatch(base, values)).toEqual({ version: 3, name: '华星科技集团' })
  })

  it('sends the version alone when nothing changed', () => {
    expect(customerPatch(base, customerFormValues(base))).toEqual({ version: 3 })
  })
})
