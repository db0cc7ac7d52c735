import { describe, expect, it } from 'vitest'
import { fairnessSeries, fairnessView, monthRange, type FairnessReport } from '../composables/fairness'

const REPORT: FairnessReport = {
  columns: [
    { key: 'rule:7', label: '华东制造业' },
    { key: 'rule:9', label: '其余' },
    { key: 'manual', label: '手工分配' },
  ],
  rows: [
    { user_id: 1, user_name: '张三', counts: { 'rule:7': 4, manual: 1 }, total: 5 },
    { user_id: 2, user_name: '李四', counts: { 'rule:7': 6 }, total: 6 },
    { user_id: 3, user_name: '王五', counts: { manual: 5 }, total: 5 },
  ],
  totals: { 'rule:7': 10, 'rule:9': 0, manual: 6 },
  total: 16,
}

describe('fairness report', () => {
  it('orders reps by leads received and drops empty columns', () => {
    const view = fairnessView(REPORT)
    expect(view.rows.map((row) => row.user_name)).toEqual(['李四', '王五', '张三'])
    expect(view.columns.map((column) => column.key)).toEqual(['rule:7', 'manual'])
    expect(view.total).toBe(16)
  })

  it('gives one stacked series per column, zeros where a rep got none', () => {
    expect(fairnessSeries(fairnessView(REPORT))).toEqual([
      { name: '华东制造业', data: [6, 0, 4] },
      { name: '手工分配', data: [0, 5, 1] },
    ])
  })

  it('gives the month around a day', () => {
    expect(monthRange(new Date(2024, 1, 10))).toEqual(['2024-02-01', '2024-02-29'])
    expect(monthRange(new Date(2025, 11, 31))).toEqual(['2025-12-01', '2025-12-31'])
  })
})
