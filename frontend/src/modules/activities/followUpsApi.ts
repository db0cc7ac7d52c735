import { api, expectOk, unwrap } from '@/api/http'
import type { components, paths } from '@/api/generated/schema'

/*
 * Follow-ups: the log, a record's activity feed (follow-ups and visits), logging, editing, deleting,
 * their files (the attachments API on resource "follow_ups") and colleagues to mention.
 */

type Schemas = components['schemas']
type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never

export type FollowUp = Schemas['FollowUpOut']
export type ActivityItem = Schemas['ActivityItemOut']
export type ActivityVisit = Schemas['ActivityVisitOut']
export type FollowUpInput = Body<paths['/api/v1/follow-ups']['post']>
export type FollowUpPatch = Body<paths['/api/v1/follow-ups/{follow_up_id}']['patch']>
export type FollowUpQuery = Query<'/api/v1/follow-ups'>
export type FollowUpKind = FollowUpInput['kind'] & string
export type RecordType = FollowUpInput['record_type']

export const FOLLOW_UP_KINDS: FollowUpKind[] = ['phone', 'visit', 'wechat', 'email', 'meeting', 'other']
const API = '/api/v1'
const followUpPath = (id: number) => ({ params: { path: { follow_up_id: id } } })

export const listFollowUps = (query: FollowUpQuery) => unwrap(api.GET('/api/v1/follow-ups', { params: { query } }))

/** A record's follow-ups and visits, newest first (404 when the record is out of scope). */
export const activityFeed = (recordType: RecordType, recordId: number, cursor: string | null, limit = 20) =>
  unwrap(
    api.GET('/api/v1/follow-ups/feed', {
      params: { query: { record_type: recordType, record_id: recordId, cursor, limit } },
    }),
  )

export const logFollowUp = (body: FollowUpInput) => unwrap(api.POST('/api/v1/follow-ups', { body }))

/** Send only the keys that change, plus `version`; `next_follow_up_at: null` cancels the reminder. */
export const updateFollowUp = (id: number, body: FollowUpPatch) =>
  unwrap(api.PATCH('/api/v1/follow-ups/{follow_up_id}', { ...followUpPath(id), body }))

export const deleteFollowUp = (id: number) => expectOk(api.DELETE('/api/v1/follow-ups/{follow_up_id}', followUpPath(id)))

/** The filtered log as CSV: a plain link carries the session cookie (export right needed). */
export function followUpExportUrl(query: FollowUpQuery): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value === null || value === undefined || value === '') continue
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, String(item))
  }
  const text = params.toString()
  return `${API}/follow-ups/export.csv${text ? `?${text}` : ''}`
}

// ---- files of follow-ups and visits (the attachments API, checked against the activity itself) ----

export type ActivityResource = 'follow_ups' | 'visits'
export type ActivityFile = Schemas['AttachmentOut']

export const listActivityFiles = (resource: ActivityResource, id: number) =>
  unwrap(api.GET('/api/v1/attachments', { params: { query: { resource, object_id: id } } }))

/** Multipart upload (photos and files, at most 20 MB each); a refused file answers 422 with `fields.file`. */
export const uploadActivityFile = (resource: ActivityResource, id: number, file: File) =>
  unwrap(
    api.POST('/api/v1/attachments', {
      body: { resource, object_id: id, file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData()
        form.append('resource', resource)
        form.append('object_id', String(id))
        form.append('file', file, file.name)
        return form
      },
    }),
  )

export const activityFileUrl = (id: number) => `${API}/attachments/${id}/download`

// ---- colleagues to mention or add as participants ----

export interface Colleague {
  id: number
  name: string
}

export async function searchColleagues(q: string, limit = 10): Promise<Colleague[]> {
  const page = await unwrap(api.GET('/api/v1/users', { params: { query: { q, is_active: true, limit } } }))
  return page.items.map((user) => ({ id: user.id, name: user.display_name || user.username }))
}
