import { api, unwrap } from '@/api/http'
import type { components, paths } from '@/api/generated/schema'

/* Field visits: the log and week plan, planning, moving, cancelling, check-in (planned or not) and check-out. */

type Schemas = components['schemas']
type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never

export type Visit = Schemas['VisitOut']
export type VisitQuery = Query<'/api/v1/visits'>
export type VisitInput = Body<paths['/api/v1/visits']['post']>
export type VisitPatch = Body<paths['/api/v1/visits/{visit_id}']['patch']>
export type CheckInInput = Body<paths['/api/v1/visits/{visit_id}/check-in']['post']>
export type UnplannedCheckInInput = Body<paths['/api/v1/visits/check-in']['post']>
export type CheckOutInput = Body<paths['/api/v1/visits/{visit_id}/check-out']['post']>
export type VisitStatus = 'planned' | 'checked_in' | 'completed' | 'cancelled'

const visitPath = (id: number) => ({ params: { path: { visit_id: id } } })

export const listVisits = (query: VisitQuery) => unwrap(api.GET('/api/v1/visits', { params: { query } }))

export const getVisit = (id: number) => unwrap(api.GET('/api/v1/visits/{visit_id}', visitPath(id)))

export const planVisit = (body: VisitInput) => unwrap(api.POST('/api/v1/visits', { body }))

export const updateVisit = (id: number, body: VisitPatch) =>
  unwrap(api.PATCH('/api/v1/visits/{visit_id}', { ...visitPath(id), body }))

export const cancelVisit = (id: number, version: number, reason = '') =>
  unwrap(api.POST('/api/v1/visits/{visit_id}/cancel', { ...visitPath(id), body: { version, reason } }))

export const checkIn = (id: number, body: CheckInInput) =>
  unwrap(api.POST('/api/v1/visits/{visit_id}/check-in', { ...visitPath(id), body }))

export const checkInUnplanned = (body: UnplannedCheckInInput) => unwrap(api.POST('/api/v1/visits/check-in', { body }))

export const checkOut = (id: number, body: CheckOutInput) =>
  unwrap(api.POST('/api/v1/visits/{visit_id}/check-out', { ...visitPath(id), body }))

/** The customer an unplanned visit starts from (its name and whether it has a location yet). */
export const getVisitCustomer = (id: number) =>
  unwrap(api.GET('/api/v1/customers/{customer_id}', { params: { path: { customer_id: id } } }))
