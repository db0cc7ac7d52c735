import { describe, expect, it, vi } from 'vitest'
import type { CalendarItem } from '../calendarApi'
import { createRescheduler, groupByDay, rescheduleBody, toEvent, TYPE_COLOURS } from '../composables/calendarItems'

const item = (overrides: Partial<CalendarItem> = {}): CalendarItem => ({
  key: 'task:1',
  type: 'task',
  id: 1,
  title: '报价截止',
  detail: '',
  start: '2031-03-03T10:00:00+08:00',
  end: '2031-03-03T10:30:00+08:00',
  user_id: 3,
  user_name: 'rep',
  status: 'open',
  priority: 'normal',
  version: 2,
  editable: true,
  related_type: null,
  related_id: null,
  related_name: null,
  ...overrides,
})

describe('calendar items', () => {
  it('colours events by type and lets only movable, editable ones be dragged', () => {
    const event = toEvent(item())
    expect(event).toMatchObject({ id: 'task:1', backgroundColor: TYPE_COLOURS.task, startEditable: true, durationEditable: false })
    expect(toEvent(item({ type: 'follow_up', key: 'follow_up:1', editable: true })).startEditable).toBe(false)
    expect(toEvent(item({ editable: false })).startEditable).toBe(false)
    expect(toEvent(item({ type: 'visit', end: null })).end).toBeUndefined()
  })

  it('builds the move with the version read', () => {
    const start = new Date('2031-03-05T02:00:00Z')
    expect(rescheduleBody(item({ type: 'planned_follow_up', id: 9, version: 5 }), start)).toEqual({
      item_type: 'planned_follow_up',
      item_id: 9,
      version: 5,
      start: '2031-03-05T02:00:00.000Z',
    })
    expect(rescheduleBody(item({ type: 'follow_up' }), start)).toBeNull()
  })

  it('groups the phone list by local day in time order', () => {
    const late = item({ key: 'b', start: new Date(2031, 2, 4, 15).toISOString() })
    const early = item({ key: 'a', start: new Date(2031, 2, 4, 9).toISOString() })
    const before = item({ key: 'c', start: new Date(2031, 2, 3, 20).toISOString() })
    expect(groupByDay([late, early, before]).map((group) => [group.day, group.items.map((i) => i.key)])).toEqual([
      ['2031-03-03', ['c']],
      ['2031-03-04', ['a', 'b']],
    ])
  })

  it('undoes a refused drag and reports the server message', async () => {
    const refusal = new Error('该记录已被他人修改，请刷新后再试。')
    const send = vi.fn().mockRejectedValue(refusal)
    const report = vi.fn()
    const revert = vi.fn()
    const move = createRescheduler(send, report)
    expect(await move(item(), new Date('2031-03-05T02:00:00Z'), revert)).toBeNull()
    expect(send).toHaveBeenCalledWith({ item_type: 'task', item_id: 1, version: 2, start: '2031-03-05T02:00:00.000Z' })
    expect(revert).toHaveBeenCalledOnce()
    expect(report).toHaveBeenCalledWith(refusal)
  })

  it('keeps an accepted drag and returns the item as the server has it now', async () => {
    const moved = item({ version: 3, start: '2031-03-05T10:00:00+08:00' })
    const revert = vi.fn()
    const move = createRescheduler(vi.fn().mockResolvedValue(moved), vi.fn())
    expect(await move(item(), new Date('2031-03-05T02:00:00Z'), revert)).toBe(moved)
    expect(revert).not.toHaveBeenCalled()
    // Not movable at all: undone without asking the server.
    const send = vi.fn()
    const refuse = createRescheduler(send, vi.fn())
    await refuse(item({ editable: false }), new Date(), revert)
    expect(send).not.toHaveBeenCalled()
    expect(revert).toHaveBeenCalledOnce()
  })
})
