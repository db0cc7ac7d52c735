import { describe, expect, it } from 'vitest'
import type { Contact } from '../api'
import { contactFormValues, contactInput, contactPatch } from '../composables/contactFields'

const contact: Contact = {
  id: 11,
  customer_id: 5,
  name: '张伟',
  title: '采购经理',
  mobile: '138****8000',
  email: 'zw@example.com',
  decision_role: 'influencer',
  is_primary: false,
  notes: '',
  custom: {},
  created_at: '2025-01-01T00:00:00Z',
  updated_at: '2025-01-01T00:00:00Z',
  version: 2,
}

describe('contact form', () => {
  it('keeps hidden fields out and never sends back a masked mobile', () => {
    const values = contactFormValues(contact)
    expect(values.text.landline).toBeUndefined()
    expect(values.birthday).toBeUndefined()
    values.text.title = '采购总监'
    values.isPrimary = true
    expect(contactPatch(contact, values)).toEqual({ version: 2, title: '采购总监', is_primary: true })
  })

  it('moves the contact to another customer', () => {
    expect(contactPatch(contact, contactFormValues(contact), [], 8)).toEqual({ version: 2, customer_id: 8 })
    expect(contactPatch(contact, contactFormValues(contact), [], 5)).toEqual({ version: 2 })
  })

  it('creates with the filled fields only', () => {
    const values = contactFormValues(null)
    values.text.name = ' 李娜 '
    values.text.mobile = '+86 139 0000 0000'
    values.birthday = '1990-05-01'
    expect(contactInput(values, [])).toEqual({ name: '李娜', allow_duplicate: false, mobile: '+86 139 0000 0000', birthday: '1990-05-01' })
  })
})
