import { api, expectOk, unwrap } from '@/api/http'
import type { paths } from '@/api/generated/schema'

/* Tasks: lists (mine / team / overdue), one task and its writes, a record's tasks. */

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never
type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never

export type TaskQuery = Query<'/api/v1/tasks'>
export type TaskInput = Body<paths['/api/v1/tasks']['post']>
export type TaskPatch = Body<paths['/api/v1/tasks/{task_id}']['patch']>
export type TaskRecordType = 'customers' | 'leads' | 'opportunities'

const taskPath = (id: number) => ({ params: { path: { task_id: id } } })

export const listTasks = (query: TaskQuery) => unwrap(api.GET('/api/v1/tasks', { params: { query } }))

export const getTask = (id: number) => unwrap(api.GET('/api/v1/tasks/{task_id}', taskPath(id)))

export const createTask = (body: TaskInput) => unwrap(api.POST('/api/v1/tasks', { body }))

/** Send only the keys that change, plus `version`. */
export const updateTask = (id: number, body: TaskPatch) => unwrap(api.PATCH('/api/v1/tasks/{task_id}', { ...taskPath(id), body }))

export const deleteTask = (id: number) => expectOk(api.DELETE('/api/v1/tasks/{task_id}', taskPath(id)))

export const completeTask = (id: number, version: number) =>
  unwrap(api.POST('/api/v1/tasks/{task_id}/complete', { ...taskPath(id), body: { version } }))

export const reopenTask = (id: number, version: number) =>
  unwrap(api.POST('/api/v1/tasks/{task_id}/reopen', { ...taskPath(id), body: { version } }))

export const cancelTask = (id: number, version: number) =>
  unwrap(api.POST('/api/v1/tasks/{task_id}/cancel', { ...taskPath(id), body: { version } }))

/** The tasks about one record (its page's tab). */
export function recordTasks(type: TaskRecordType, id: number, cursor: string | null) {
  const query = { cursor, limit: 50 }
  if (type === 'customers') return unwrap(api.GET('/api/v1/customers/{customer_id}/tasks', { params: { path: { customer_id: id }, query } }))
  if (type === 'leads') return unwrap(api.GET('/api/v1/leads/{lead_id}/tasks', { params: { path: { lead_id: id }, query } }))
  return unwrap(api.GET('/api/v1/opportunities/{opportunity_id}/tasks', { params: { path: { opportunity_id: id }, query } }))
}

export type Task = Awaited<ReturnType<typeof getTask>>
export type TaskPage = Awaited<ReturnType<typeof listTasks>>
export type TaskPriority = NonNullable<TaskInput['priority']>
export type TaskRecurrence = NonNullable<TaskInput['recurrence']>
