import { describe, expect, it } from 'vitest'
import { conversionBody, conversionProblems, conversionValues } from '../composables/conversionPayload'

const MAPPED = {
  customer: { name: '杭州云帆科技有限公司', region_code: '330100', industry: 'it', source: 'web' },
  contact: { name: '陈晨', mobile: '138****8000', email: 'chen@yunfan.example.cn', title: '采购经理' },
}

describe('conversion payload', () => {
  it('converts to a new customer and contact with nothing overridden', () => {
    const values = conversionValues(MAPPED)
    expect(values.customer.name).toBe('杭州云帆科技有限公司')
    expect(values.contact.mobile).toBe('138****8000')
    expect(conversionBody(values, MAPPED, 3)).toEqual({
      version: 3,
      customer: { mode: 'new', values: {}, allow_duplicate: false },
      contact: { mode: 'new', values: {}, allow_duplicate: false },
      opportunity: null,
    })
  })

  it('sends only edited values, never the masked mobile shown', () => {
    const values = conversionValues(MAPPED)
    values.customer.name = ' 云帆科技 '
    values.customer.phone = '0571-88886666'
    values.contact.title = ''
    const body = conversionBody(values, MAPPED, 1)
    expect(body.customer.values).toEqual({ name: '云帆科技', phone: '0571-88886666' })
    expect(body.contact.values).toEqual({ title: null })
  })

  it('links an existing customer and contact, and adds a deal', () => {
    const values = conversionValues(MAPPED)
    Object.assign(values, { customerMode: 'existing', customerId: 42, contactMode: 'existing', contactId: 7, withOpportunity: true })
    values.opportunity = { name: ' 云平台采购 ', amount: '120,000', closeDate: '2026-09-30', pipelineId: 1, stageId: 12 }
    expect(conversionBody(values, MAPPED, 5)).toEqual({
      version: 5,
      customer: { mode: 'existing', customer_id: 42, values: {}, allow_duplicate: false },
      contact: { mode: 'existing', contact_id: 7, values: {}, allow_duplicate: false },
      opportunity: { name: '云平台采购', amount: '120000', expected_close_date: '2026-09-30', pipeline_id: 1, stage_id: 12 },
    })
  })

  it('keeps an empty deal (named by the server) and no contact', () => {
    const values = { ...conversionValues(MAPPED), contactMode: 'none' as const, withOpportunity: true }
    const body = conversionBody(values, MAPPED, 2)
    expect(body.contact).toEqual({ mode: 'none', values: {}, allow_duplicate: false })
    expect(body.opportunity).toEqual({})
  })

  it('never pairs a new customer with an existing contact, and confirms duplicates for both', () => {
    const values = { ...conversionValues(MAPPED), contactMode: 'existing' as const, contactId: 7, allowDuplicate: true }
    const body = conversionBody(values, MAPPED, 2)
    expect(body.contact).toEqual({ mode: 'new', values: {}, allow_duplicate: true })
    expect(body.customer.allow_duplicate).toBe(true)
  })

  it('names what is missing', () => {
    const values = { ...conversionValues(MAPPED), customerMode: 'existing' as const }
    expect(conversionProblems(values)).toEqual({ customer: 'leads.pools.conversion.chooseCandidate' })
    values.contact.name = ' '
    expect(conversionProblems(values)).toHaveProperty('contact_name', 'common.required')
  })
})
