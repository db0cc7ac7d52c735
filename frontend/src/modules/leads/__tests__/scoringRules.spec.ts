import { describe, expect, it } from 'vitest'
import { operatorsFor, ruleBody, ruleChanged, ruleRow, ruleValue } from '../composables/scoringRules'

describe('scoring rules editor', () => {
  it('turns the typed value into the shape the operator needs', () => {
    expect(ruleValue('present', 'ignored')).toBeNull()
    expect(ruleValue('in', ' 华东, 华南，华北、 ')).toEqual(['华东', '华南', '华北'])
    expect(ruleValue('at_least', '100000')).toBe(100000)
    expect(ruleValue('at_least', 'abc')).toBe('abc')
    expect(ruleValue('equals', ' web_form ')).toBe('web_form')
  })

  it('round-trips a server rule', () => {
    const rule = { id: 4, name: '重点行业', field: 'industry', operator: 'in', value: ['制造', '金融'], points: 20, position: 2, is_active: true }
    const row = ruleRow(rule)
    expect(row.valueText).toBe('制造, 金融')
    expect(ruleBody(row, 2)).toEqual({ name: '重点行业', field: 'industry', operator: 'in', value: ['制造', '金融'], points: 20, position: 2, is_active: true })
    expect(ruleChanged(rule, row, 2)).toBe(false)
    expect(ruleChanged(rule, { ...row, points: 25 }, 2)).toBe(true)
    expect(ruleChanged(rule, row, 0)).toBe(true)
  })

  it('offers only counting operators for follow-ups', () => {
    expect(operatorsFor('follow_ups')).toEqual(['present', 'equals', 'at_least'])
    expect(operatorsFor('budget')).toContain('contains')
  })
})
