import { describe, expect, it } from 'vitest'
import type { ImportPreviewRow } from '../api'
import {
  applyTemplate,
  cleanMapping,
  isFinished,
  isMappingReady,
  mappingProblems,
  mappingRows,
  previewSummary,
  progressPercent,
  setTarget,
} from '../composables/importMapping'

describe('import mapping', () => {
  it('lists every file column with its target', () => {
    expect(mappingRows(['公司', '手机', '备注'], { 公司: 'name' })).toEqual([
      { index: 0, header: '公司', key: 'name' },
      { index: 1, header: '手机', key: '' },
      { index: 2, header: '备注', key: '' },
    ])
  })

  it('maps a field from one column only', () => {
    const mapping = setTarget({ 公司: 'name', 客户: '' }, '客户', 'name')
    expect(mapping).toEqual({ 客户: 'name' })
  })

  it('unmaps a column with an empty target', () => {
    expect(setTarget({ 公司: 'name', 手机: 'contact_mobile' }, '手机', '')).toEqual({ 公司: 'name' })
  })

  it('applies a template to the columns the file has, known targets only', () => {
    const template = { 客户名称: 'name', 手机号: 'contact_mobile', 旧字段: 'gone', 不存在: 'notes' }
    expect(applyTemplate(['客户名称', '手机号', '旧字段'], template, ['name', 'contact_mobile', 'notes'])).toEqual({
      客户名称: 'name',
      手机号: 'contact_mobile',
    })
  })

  it('reports a missing name and fields mapped twice', () => {
    expect(mappingProblems({ a: 'phone', b: 'phone' })).toEqual({ missingName: true, duplicated: ['phone'] })
    expect(isMappingReady({ a: 'name', b: '' })).toBe(true)
    expect(cleanMapping({ a: 'name', b: '' })).toEqual({ a: 'name' })
  })

  it('summarises the preview rows', () => {
    const rows: ImportPreviewRow[] = [
      { row: 2, cells: [], errors: [], action: 'create' },
      { row: 3, cells: [], errors: [], action: 'update' },
      { row: 4, cells: [], errors: ['客户名称：此项为必填项。'], action: 'create' },
    ]
    expect(previewSummary(rows)).toEqual({ create: 1, update: 1, invalid: 1 })
  })

  it('turns job counters into a percentage', () => {
    expect(progressPercent({ total_rows: 0, processed_rows: 0 })).toBe(0)
    expect(progressPercent({ total_rows: 3, processed_rows: 1 })).toBe(33)
    expect(progressPercent({ total_rows: 3, processed_rows: 5 })).toBe(100)
    expect(isFinished('running')).toBe(false)
    expect(isFinished('cancelled')).toBe(true)
  })
})
