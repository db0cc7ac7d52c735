import { ref } from 'vue'
import { useCursorList } from '@/shared/composables/useCursorList'
import { notifyError } from '@/shared/errors'
import { completeTask, listTasks, reopenTask, type Task, type TaskQuery } from '../tasksApi'

export type TaskTab = 'mine' | 'team' | 'overdue'

export interface TaskListFilters {
  q: string
  priority: NonNullable<TaskQuery['priority']>
  showDone: boolean
}

export const emptyTaskListFilters = (): TaskListFilters => ({ q: '', priority: [], showDone: false })

/** The list query of a tab: mine and team hide finished tasks unless asked; overdue is open and late by nature. */
export function queryForTab(tab: TaskTab, filters: TaskListFilters): TaskQuery {
  const query: TaskQuery = { scope: tab === 'team' ? 'team' : 'mine', limit: 50 }
  if (tab === 'overdue') {
    query.scope = 'all'
    query.overdue = true
  } else if (!filters.showDone) {
    query.status = ['open']
  }
  if (filters.q.trim()) query.q = filters.q.trim()
  if (filters.priority.length) query.priority = filters.priority
  return query
}

/** A tab of the tasks page: paged rows and the one-tap complete / reopen that updates a row in place. */
export function useTaskList(tab: () => TaskTab, filters: () => TaskListFilters) {
  const list = useCursorList<Task>((cursor) => listTasks({ ...queryForTab(tab(), filters()), cursor }))
  const busyId = ref<number | null>(null)

  async function toggleDone(task: Task): Promise<Task | null> {
    busyId.value = task.id
    try {
      const next = task.status === 'done' ? await reopenTask(task.id, task.version) : await completeTask(task.id, task.version)
      list.replace((row) => row.id === task.id, next)
      return next
    } catch (error) {
      notifyError(error)
      return null
    } finally {
      busyId.value = null
    }
  }

  return { ...list, busyId, toggleDone }
}
