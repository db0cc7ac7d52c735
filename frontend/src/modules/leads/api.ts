import { api, expectOk, unwrap } from '@/api/http'
import type { paths } from '@/api/generated/schema'
import type { SavedViewInput } from '@/shared/composables/useSavedViews'

/*
 * Leads: the list, one lead and its writes, duplicates, timeline, collaborators and saved views.
 * Types come from the generated schema through the calls themselves.
 */

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never
type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never

export type LeadQuery = Query<'/api/v1/leads'>
export type LeadInput = Body<paths['/api/v1/leads']['post']>
export type LeadPatch = Body<paths['/api/v1/leads/{lead_id}']['patch']>
export type LeadBulkInput = Body<paths['/api/v1/leads/bulk']['post']>
export type CollaboratorAccess = 'read' | 'edit'

const leadPath = (id: number) => ({ params: { path: { lead_id: id } } })

export const listLeads = (query: LeadQuery) => unwrap(api.GET('/api/v1/leads', { params: { query } }))

export const getLead = (id: number) => unwrap(api.GET('/api/v1/leads/{lead_id}', leadPath(id)))

export const createLead = (body: LeadInput) => unwrap(api.POST('/api/v1/leads', { body }))

/** Send only the keys that change, plus `version`. */
export const updateLead = (id: number, body: LeadPatch) => unwrap(api.PATCH('/api/v1/leads/{lead_id}', { ...leadPath(id), body }))

export const deleteLead = (id: number) => expectOk(api.DELETE('/api/v1/leads/{lead_id}', leadPath(id)))

export const transferLead = (id: number, ownerId: number, version: number) =>
  unwrap(api.POST('/api/v1/leads/{lead_id}/transfer', { ...leadPath(id), body: { owner_id: ownerId, version } }))

export const markInvalid = (id: number, reason: string, version: number) =>
  unwrap(api.POST('/api/v1/leads/{lead_id}/invalid', { ...leadPath(id), body: { reason, version } }))

export const bulkLeads = (body: LeadBulkInput) => unwrap(api.POST('/api/v1/leads/bulk', { body }))

export const leadDuplicates = (id: number) => unwrap(api.GET('/api/v1/leads/{lead_id}/duplicates', leadPath(id)))

export const leadTimeline = (id: number, cursor: string | null) =>
  unwrap(api.GET('/api/v1/leads/{lead_id}/timeline', { params: { path: { lead_id: id }, query: { cursor, limit: 20 } } }))

// ---- collaborators ----

export const listCollaborators = (id: number) => unwrap(api.GET('/api/v1/leads/{lead_id}/collaborators', leadPath(id)))

export const setCollaborator = (id: number, userId: number, access: CollaboratorAccess) =>
  unwrap(
    api.PUT('/api/v1/leads/{lead_id}/collaborators/{user_id}', {
      params: { path: { lead_id: id, user_id: userId } },
      body: { access },
    }),
  )

export const removeCollaborator = (id: number, userId: number) =>
  expectOk(api.DELETE('/api/v1/leads/{lead_id}/collaborators/{user_id}', { params: { path: { lead_id: id, user_id: userId } } }))

// ---- saved list views ----

const viewPath = (id: number) => ({ params: { path: { view_id: id } } })

export const listViews = () => unwrap(api.GET('/api/v1/leads/views'))

export const createView = (body: SavedViewInput) => unwrap(api.POST('/api/v1/leads/views', { body }))

export const updateView = (id: number, body: SavedViewInput) => unwrap(api.PUT('/api/v1/leads/views/{view_id}', { ...viewPath(id), body }))

export const deleteView = (id: number) => expectOk(api.DELETE('/api/v1/leads/views/{view_id}', viewPath(id)))

// ---- the shapes the pages work with ----

export type Lead = Awaited<ReturnType<typeof listLeads>>['items'][number]
export type LeadDetail = Awaited<ReturnType<typeof getLead>>
export type LeadDuplicates = Awaited<ReturnType<typeof leadDuplicates>>
export type BulkResult = Awaited<ReturnType<typeof bulkLeads>>
export type TimelineEntry = Awaited<ReturnType<typeof leadTimeline>>['items'][number]
export type Collaborator = Awaited<ReturnType<typeof listCollaborators>>[number]
