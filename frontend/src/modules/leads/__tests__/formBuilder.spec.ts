import { describe, expect, it } from 'vitest'
import { addField, embedSnippet, fromStoredFields, hostedUrl, moveField, slugify, toStoredFields, unusedFields } from '../composables/formBuilder'

const LABELS: Record<string, string> = { name: '姓名', mobile: '手机', company_name: '公司名称', industry: '行业' }
const label = (field: string) => LABELS[field] ?? field

describe('form builder', () => {
  it('reads stored fields, dropping unknown and repeated attributes', () => {
    const rows = fromStoredFields([
      { field: 'name', label: '您的姓名', required: true },
      { field: 'password', label: 'x' },
      { field: 'mobile', required: 'yes' },
      { field: 'name', label: 'again' },
      'junk',
    ])
    expect(rows).toEqual([
      { field: 'name', label: '您的姓名', required: true },
      { field: 'mobile', label: '', required: false },
    ])
    expect(fromStoredFields(null)).toEqual([])
  })

  it('fills empty labels with the default and always asks for the name', () => {
    const stored = toStoredFields([{ field: 'mobile', label: ' ', required: true }, { field: 'industry', label: '所属行业', required: false }], label)
    expect(stored).toEqual([
      { field: 'name', label: '姓名', required: true },
      { field: 'mobile', label: '手机', required: true },
      { field: 'industry', label: '所属行业', required: false },
    ])
  })

  it('adds, lists and moves fields', () => {
    const rows = addField(addField([], 'company_name'), 'company_name')
    expect(rows).toEqual([{ field: 'company_name', label: '', required: false }])
    expect(unusedFields(rows)).not.toContain('company_name')
    expect(unusedFields(rows)).toHaveLength(11)
    const two = addField(rows, 'mobile')
    expect(moveField(two, 1, -1).map((row) => row.field)).toEqual(['mobile', 'company_name'])
    expect(moveField(two, 1, 1).map((row) => row.field)).toEqual(['company_name', 'mobile'])
  })

  it('builds the hosted URL and the embed snippet', () => {
    expect(hostedUrl('https://crm.example.cn/', 'expo-2025')).toBe('https://crm.example.cn/f/expo-2025')
    expect(embedSnippet('https://crm.example.cn', 'expo-2025')).toBe(
      '<script src="https://crm.example.cn/f/expo-2025/embed.js" async></script>',
    )
  })

  it('turns typed text into a slug', () => {
    expect(slugify('  Spring Expo 2025!! ')).toBe('spring-expo-2025')
    expect(slugify('春季展会')).toBe('')
    expect(slugify('a'.repeat(39) + ' b')).toBe('a'.repeat(39))
  })
})
