import { describe, expect, it } from 'vitest'
import {
  conditionProblems,
  emptyConditionForm,
  fromConditions,
  isActionComplete,
  moveRule,
  regionParts,
  toActionPayload,
  toConditions,
} from '../composables/ruleConditions'

describe('rule condition editor ↔ payload', () => {
  it('an empty editor matches every lead', () => {
    expect(toConditions(emptyConditionForm())).toEqual({})
  })

  it('writes only what narrows the rule', () => {
    const form = {
      ...emptyConditionForm(),
      provinces: ['310000', '320000', '310000'],
      industries: ['manufacturing'],
      sources: ['web_form'],
      budgetMin: '10000',
      budgetMax: '500000.50',
      productKeywords: [' 数控 ', '', '机床'],
      weekdays: [5, 1, 3],
      timeFrom: '09:00',
      timeTo: '18:00',
    }
    expect(toConditions(form)).toEqual({
      provinces: ['310000', '320000'],
      industries: ['manufacturing'],
      sources: ['web_form'],
      budget_min: '10000',
      budget_max: '500000.50',
      product_keywords: ['数控', '机床'],
      weekdays: [1, 3, 5],
      time_from: '09:00',
      time_to: '18:00',
    })
  })

  it('drops every weekday (no narrowing), a half time window and a malformed budget', () => {
    const form = { ...emptyConditionForm(), weekdays: [1, 2, 3, 4, 5, 6, 7], timeFrom: '09:00', budgetMin: '12.' }
    expect(toConditions(form)).toEqual({})
    expect(conditionProblems(form)).toEqual(['time_window'])
    expect(conditionProblems({ ...emptyConditionForm(), budgetMin: '900', budgetMax: '100' })).toEqual(['budget_range'])
  })

  it('reads stored conditions back, tolerating server time formats and junk', () => {
    const form = fromConditions({
      provinces: ['310000'],
      industries: 'manufacturing',
      budget_min: 5000,
      weekdays: [1, 9, 'x'],
      time_from: '08:30:00',
      time_to: '17:45',
      colour: 'blue',
    })
    expect(form).toEqual({
      ...emptyConditionForm(),
      provinces: ['310000'],
      budgetMin: '5000',
      weekdays: [1],
      timeFrom: '08:30',
      timeTo: '17:45',
    })
    expect(toConditions(form)).toEqual({ provinces: ['310000'], budget_min: '5000', weekdays: [1], time_from: '08:30', time_to: '17:45' })
  })

  it('sends only the target the action uses', () => {
    const form = { action: 'least_loaded' as const, targetUserId: 3, targetDepartmentId: 8, targetPoolId: 2 }
    expect(toActionPayload(form)).toEqual({ action: 'least_loaded', target_user_id: null, target_department_id: 8, target_pool_id: null })
    expect(toActionPayload({ ...form, action: 'user' })).toEqual({ action: 'user', target_user_id: 3, target_department_id: null, target_pool_id: null })
    expect(isActionComplete({ ...form, action: 'pool', targetPoolId: null })).toBe(false)
    expect(isActionComplete({ ...form, action: 'round_robin' })).toBe(true)
  })

  it('reorders rules one step at a time', () => {
    expect(moveRule([4, 7, 9], 7, -1)).toEqual([7, 4, 9])
    expect(moveRule([4, 7, 9], 7, 1)).toEqual([4, 9, 7])
    expect(moveRule([4, 7, 9], 4, -1)).toEqual([4, 7, 9])
    expect(moveRule([4, 7, 9], 5, 1)).toEqual([4, 7, 9])
  })

  it('splits a picked region into the province and city rules read', () => {
    expect(regionParts('310000')).toEqual({ province_code: '310000', city_code: '' })
    expect(regionParts('320500')).toEqual({ province_code: '320000', city_code: '320500' })
    expect(regionParts('320506')).toEqual({ province_code: '320000', city_code: '320500' })
    expect(regionParts('')).toEqual({ province_code: '', city_code: '' })
  })

  it('drops unknown sources', () => {
    expect(toConditions({ ...emptyConditionForm(), sources: ['email', 'pigeon'] })).toEqual({ sources: ['email'] })
  })
})
