import { describe, expect, it } from 'vitest'
import type { Target } from '../forecastApi'
import { bulkBody, buildTargetRows, cellErrors, hasChanges, rowsToSend } from '../composables/targetGrid'

function target(extra: Partial<Target>): Target {
  return {
    id: 1,
    user_id: null,
    user_name: null,
    department_id: 7,
    department_name: '华南销售一组',
    is_department_target: false,
    period_type: 'quarter',
    period_start: '2026-10-01',
    amount: '0.00',
    version: 1,
    won_amount: '0.00',
    attainment: null,
    ...extra,
  }
}

const team = { id: 7, name: '华南销售一组' }
const members = [
  { id: 11, name: '王芳' },
  { id: 12, name: '李雷' },
]

describe('targets grid', () => {
  it('puts the team first and fills each line from its target', () => {
    const rows = buildTargetRows(team, members, [
      target({ id: 1, is_department_target: true, amount: '500000.00', won_amount: '100000.00', attainment: 0.2 }),
      target({ id: 2, user_id: 11, amount: '200000.00', won_amount: '100000.00', attainment: 0.5 }),
    ])
    expect(rows.map((row) => [row.key, row.name, row.amount, row.won, row.attainment])).toEqual([
      ['department-7', '华南销售一组', '500000.00', '100000.00', 0.2],
      ['user-11', '王芳', '200000.00', '100000.00', 0.5],
      ['user-12', '李雷', '', null, null],
    ])
    expect(hasChanges(rows)).toBe(false)
  })

  it('sends every line with an amount, in order, and tells changes apart', () => {
    const rows = buildTargetRows(team, members, [target({ user_id: 11, amount: '200000.00' })])
    rows[0]!.amount = ' 600000 '
    rows[2]!.amount = '100000'
    expect(hasChanges(rows)).toBe(true)
    const sent = rowsToSend(rows)
    expect(bulkBody('quarter', '2026-10-01', sent)).toEqual({
      period_type: 'quarter',
      period_start: '2026-10-01',
      items: [
        { department_id: 7, amount: '600000' },
        { user_id: 11, amount: '200000.00' },
        { user_id: 12, amount: '100000' },
      ],
    })
  })

  it("places the server's item errors on the cells that were sent at those positions", () => {
    const rows = buildTargetRows(team, members, [])
    rows[0]!.amount = '1'
    rows[2]!.amount = '-5'
    const sent = rowsToSend(rows)
    expect(cellErrors({ 'items.1.amount': '金额不能为负数。', period_start: '期间无效。', 'items.9.amount': 'x' }, sent)).toEqual({
      cells: { 'user-12': '金额不能为负数。' },
      general: ['期间无效。', 'x'],
    })
  })
})
