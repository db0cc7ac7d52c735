import type { Task, TaskInput, TaskPatch, TaskPriority, TaskRecordType, TaskRecurrence } from '../tasksApi'

/** What the task dialog edits; `dueAt` and `recurrenceUntil` are ISO strings from the pickers. */
export interface TaskForm {
  title: string
  description: string
  dueAt: string | null
  remindBeforeMinutes: number | null
  assigneeId: number | null
  priority: TaskPriority
  recurrence: TaskRecurrence
  recurrenceUntil: string | null
  related: { type: TaskRecordType; id: number } | null
}

export const PRIORITIES: TaskPriority[] = ['low', 'normal', 'high', 'urgent']
export const RECURRENCES: TaskRecurrence[] = ['none', 'daily', 'weekdays', 'weekly', 'monthly']
/** Reminder choices in minutes before the due time (null: none). */
export const REMIND_CHOICES: (number | null)[] = [null, 0, 15, 30, 60, 120, 1440]

/** Element Plus tag type per priority. */
export const PRIORITY_TAG: Record<TaskPriority, 'info' | 'primary' | 'warning' | 'danger'> = {
  low: 'info',
  normal: 'primary',
  high: 'warning',
  urgent: 'danger',
}

const RELATED_COLUMN: Record<TaskRecordType, 'customer_id' | 'lead_id' | 'opportunity_id'> = {
  customers: 'customer_id',
  leads: 'lead_id',
  opportunities: 'opportunity_id',
}

/** The reminder choice as a translation key and its count. */
export function remindLabel(minutes: number | null): { key: string; n?: number } {
  if (minutes === null) return { key: 'activities.tasks.remind.none' }
  if (minutes === 0) return { key: 'activities.tasks.remind.atTime' }
  if (minutes % 1440 === 0) return { key: 'activities.tasks.remind.days', n: minutes / 1440 }
  if (minutes % 60 === 0) return { key: 'activities.tasks.remind.hours', n: minutes / 60 }
  return { key: 'activities.tasks.remind.minutes', n: minutes }
}

/** A sensible due time for a quick add: today 18:00, or tomorrow 09:00 once the working day is over. */
export function defaultDue(now: Date = new Date()): Date {
  const due = new Date(now)
  if (now.getHours() < 17) {
    due.setHours(18, 0, 0, 0)
  } else {
    due.setDate(due.getDate() + 1)
    due.setHours(9, 0, 0, 0)
  }
  return due
}

export function emptyTaskForm(related: TaskForm['related'] = null, now: Date = new Date()): TaskForm {
  return {
    title: '',
    description: '',
    dueAt: defaultDue(now).toISOString(),
    remindBeforeMinutes: 0,
    assigneeId: null,
    priority: 'normal',
    recurrence: 'none',
    recurrenceUntil: null,
    related,
  }
}

/** The record a task is about, as the form holds it (the most specific link). */
export function relatedOf(task: Pick<Task, 'related_type' | 'related_id'>): TaskForm['related'] {
  const type = task.related_type
  if ((type === 'customers' || type === 'leads' || type === 'opportunities') && task.related_id != null) {
    return { type, id: task.related_id }
  }
  return null
}

export function formFromTask(task: Task): TaskForm {
  return {
    title: task.title,
    description: task.description ?? '',
    dueAt: task.due_at,
    remindBeforeMinutes: task.remind_before_minutes,
    assigneeId: task.assignee_id,
    priority: task.priority as TaskPriority,
    recurrence: task.recurrence as TaskRecurrence,
    recurrenceUntil: task.recurrence_until,
    related: relatedOf(task),
  }
}

function relatedIds(related: TaskForm['related']): Pick<TaskInput, 'customer_id' | 'lead_id' | 'opportunity_id'> {
  return related ? { [RELATED_COLUMN[related.type]]: related.id } : {}
}

/** The create body: empty optional values left out, a reminder of "none" sent as null. */
export function toTaskInput(form: TaskForm): TaskInput {
  const body: TaskInput = {
    title: form.title.trim(),
    due_at: form.dueAt ?? new Date().toISOString(),
    remind_before_minutes: form.remindBeforeMinutes,
    priority: form.priority,
    recurrence: form.recurrence,
    ...relatedIds(form.related),
  }
  if (form.description.trim()) body.description = form.description.trim()
  if (form.assigneeId !== null) body.assignee_id = form.assigneeId
  if (form.recurrence !== 'none' && form.recurrenceUntil) body.recurrence_until = form.recurrenceUntil
  return body
}

/** The edit body: only what changed since `task`, plus its version. */
export function toTaskPatch(form: TaskForm, task: Task): TaskPatch {
  const patch: TaskPatch = { version: task.version }
  const before = formFromTask(task)
  if (form.title.trim() !== before.title) patch.title = form.title.trim()
  if (form.description.trim() !== before.description) patch.description = form.description.trim()
  if (form.dueAt && new Date(form.dueAt).getTime() !== new Date(task.due_at).getTime()) patch.due_at = form.dueAt
  if (form.remindBeforeMinutes !== before.remindBeforeMinutes) patch.remind_before_minutes = form.remindBeforeMinutes
  if (form.assigneeId !== null && form.assigneeId !== before.assigneeId) patch.assignee_id = form.assigneeId
  if (form.priority !== before.priority) patch.priority = form.priority
  if (form.recurrence !== before.recurrence) patch.recurrence = form.recurrence
  const until = form.recurrence === 'none' ? null : form.recurrenceUntil
  if (until !== before.recurrenceUntil) patch.recurrence_until = until
  return patch
}

/** Where the task's record opens, or null when it has none or the reader cannot see it. */
export function relatedRoute(task: Pick<Task, 'related_type' | 'related_id' | 'related_name'>) {
  const related = relatedOf(task)
  if (!related || !task.related_name) return null
  const name = { customers: 'customer-detail', leads: 'lead-detail', opportunities: 'opportunity-detail' }[related.type]
  return { name, params: { id: related.id } }
}
