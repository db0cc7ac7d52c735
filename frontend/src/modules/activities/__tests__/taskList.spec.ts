import { describe, expect, it } from 'vitest'
import { emptyTaskListFilters, queryForTab } from '../composables/useTaskList'

describe('task tabs → list query', () => {
  it('mine and team show open tasks unless done ones are asked for', () => {
    expect(queryForTab('mine', emptyTaskListFilters())).toEqual({ scope: 'mine', limit: 50, status: ['open'] })
    expect(queryForTab('team', { ...emptyTaskListFilters(), showDone: true })).toEqual({ scope: 'team', limit: 50 })
  })

  it('overdue covers every visible late task', () => {
    expect(queryForTab('overdue', { q: ' 报价 ', priority: ['urgent'], showDone: true })).toEqual({
      scope: 'all',
      overdue: true,
      limit: 50,
      q: '报价',
      priority: ['urgent'],
    })
  })
})
