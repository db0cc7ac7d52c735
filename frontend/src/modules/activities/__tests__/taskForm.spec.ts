import { describe, expect, it } from 'vitest'
import { defaultDue, emptyTaskForm, formFromTask, relatedRoute, remindLabel, toTaskInput, toTaskPatch } from '../composables/taskForm'
import type { Task } from '../tasksApi'

const task: Task = {
  id: 7,
  title: '回访张总',
  description: '带报价单',
  due_at: '2031-03-03T10:00:00+08:00',
  remind_before_minutes: 30,
  assignee_id: 3,
  assignee_name: 'rep',
  department_id: 2,
  department_name: '上海组',
  created_by_id: 3,
  created_by_name: 'rep',
  priority: 'high',
  status: 'open',
  completed_at: null,
  recurrence: 'weekly',
  recurrence_until: '2031-06-30',
  series_id: null,
  lead_id: null,
  customer_id: 11,
  contact_id: null,
  opportunity_id: null,
  related_type: 'customers',
  related_id: 11,
  related_name: '明达科技',
  is_overdue: false,
  can_edit: true,
  version: 4,
  created_at: '2031-03-01T10:00:00+08:00',
  updated_at: '2031-03-01T10:00:00+08:00',
}

describe('task form', () => {
  it('quick-add due time is the end of today, or tomorrow morning after work', () => {
    expect(defaultDue(new Date(2031, 2, 3, 9, 15)).toString()).toBe(new Date(2031, 2, 3, 18, 0).toString())
    expect(defaultDue(new Date(2031, 2, 3, 19, 0)).toString()).toBe(new Date(2031, 2, 4, 9, 0).toString())
  })

  it('builds the create body with the record link and without empty optionals', () => {
    const form = { ...emptyTaskForm({ type: 'leads', id: 5 }, new Date(2031, 2, 3, 9)), title: '  打电话 ' }
    expect(toTaskInput(form)).toEqual({
      title: '打电话',
      due_at: form.dueAt,
      remind_before_minutes: 0,
      priority: 'normal',
      recurrence: 'none',
      lead_id: 5,
    })
    const noReminder = toTaskInput({ ...form, remindBeforeMinutes: null, recurrenceUntil: '2031-05-01' })
    expect(noReminder.remind_before_minutes).toBeNull()
    expect('recurrence_until' in noReminder).toBe(false)
  })

  it('an edit sends only what changed, with the version', () => {
    const form = formFromTask(task)
    expect(toTaskPatch(form, task)).toEqual({ version: 4 })
    const changed = { ...form, priority: 'urgent' as const, remindBeforeMinutes: null, recurrence: 'none' as const }
    expect(toTaskPatch(changed, task)).toEqual({ version: 4, priority: 'urgent', remind_before_minutes: null, recurrence: 'none', recurrence_until: null })
    // The same instant written in another offset is no change.
    expect(toTaskPatch({ ...form, dueAt: '2031-03-03T02:00:00Z' }, task)).toEqual({ version: 4 })
  })

  it('links the related record only when the reader can see it', () => {
    expect(relatedRoute(task)).toEqual({ name: 'customer-detail', params: { id: 11 } })
    expect(relatedRoute({ ...task, related_name: null })).toBeNull()
    expect(relatedRoute({ ...task, related_type: 'opportunities', related_id: 9 })).toEqual({ name: 'opportunity-detail', params: { id: 9 } })
  })

  it('labels reminder offsets in the largest whole unit', () => {
    expect(remindLabel(null).key).toBe('activities.tasks.remind.none')
    expect(remindLabel(0).key).toBe('activities.tasks.remind.atTime')
    expect(remindLabel(120)).toEqual({ key: 'activities.tasks.remind.hours', n: 2 })
    expect(remindLabel(1440)).toEqual({ key: 'activities.tasks.remind.days', n: 1 })
    expect(remindLabel(45)).toEqual({ key: 'activities.tasks.remind.minutes', n: 45 })
  })
})
