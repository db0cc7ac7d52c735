import { describe, expect, it } from 'vitest'
import { customChanges, customFormValues, formatCustomValue, toInputValue } from '../composables/customFields'

const field = (key: string, field_type: string, choices: { value: string; label: string }[] = []) => ({ key, field_type, choices })
const budget = field('budget', 'money')
const grade = field('grade', 'choice', [
  { value: 'g1', label: '一级' },
  { value: 'g2', label: '二级' },
])
const channels = field('channels', 'multi_choice', [{ value: 'web', label: '官网' }])
const vip = field('vip', 'boolean')

describe('custom field values', () => {
  it('prepares inputs from stored values', () => {
    expect(toInputValue(budget, '1200.50')).toBe(1200.5)
    expect(toInputValue(channels, 'web')).toEqual(['web'])
    expect(customFormValues([budget, grade, channels, vip], {})).toEqual({ budget: null, grade: '', channels: [], vip: null })
  })

  it('sends only changed keys, money with two decimals, blanks as null', () => {
    const before = { budget: '1200.00', grade: 'g1' }
    const values = { ...customFormValues([budget, grade], before), budget: 1300, grade: '' }
    expect(customChanges([budget, grade], before, values)).toEqual({ budget: '1300.00', grade: null })
  })

  it('sends nothing for an untouched record', () => {
    const before = { budget: '1200.00', channels: ['web'] }
    expect(customChanges([budget, channels], before, customFormValues([budget, channels], before))).toEqual({})
  })

  it('formats values for display', () => {
    const yesNo: [string, string] = ['是', '否']
    expect(formatCustomValue(grade, 'g2', yesNo)).toBe('二级')
    expect(formatCustomValue(channels, ['web', 'other'], yesNo)).toBe('官网、other')
    expect(formatCustomValue(vip, false, yesNo)).toBe('否')
    expect(formatCustomValue(budget, '1234.5', yesNo)).toBe('1,234.50')
    expect(formatCustomValue(budget, null, yesNo)).toBe('')
  })
})
