import { api, expectOk, unwrap } from '@/api/http'
import type { components } from '@/api/generated/schema'

type Schemas = components['schemas']

/** A customer as the viewer may see it: hidden fields are absent, masked ones come masked. */
export type Customer = Schemas['CustomerOut']
export type CustomerInput = Schemas['CustomerIn']
export type CustomerPatch = Schemas['CustomerPatch']
export type Collaborator = Schemas['CollaboratorOut']
export type CollaboratorAccess = 'read' | 'edit'

export interface CustomerQuery {
  q?: string
  owner_id?: number | null
  department_id?: number | null
  ordering?: string | null
  cursor?: string | null
  limit?: number
}

export const listCustomers = (query: CustomerQuery) => unwrap(api.GET('/api/v1/customers', { params: { query } }))

export const getCustomer = (id: number) =>
  unwrap(api.GET('/api/v1/customers/{customer_id}', { params: { path: { customer_id: id } } }))

export const createCustomer = (body: CustomerInput) => unwrap(api.POST('/api/v1/customers', { body }))

/** Send only the keys that change, plus `version`. */
export const updateCustomer = (id: number, body: CustomerPatch) =>
  unwrap(api.PATCH('/api/v1/customers/{customer_id}', { params: { path: { customer_id: id } }, body }))

export const deleteCustomer = (id: number) =>
  expectOk(api.DELETE('/api/v1/customers/{customer_id}', { params: { path: { customer_id: id } } }))

export const transferCustomer = (id: number, ownerId: number, version: number) =>
  unwrap(
    api.POST('/api/v1/customers/{customer_id}/transfer', {
      params: { path: { customer_id: id } },
      body: { owner_id: ownerId, version },
    }),
  )

export const listCollaborators = (id: number) =>
  unwrap(api.GET('/api/v1/customers/{customer_id}/collaborators', { params: { path: { customer_id: id } } }))

export const setCollaborator = (id: number, userId: number, access: CollaboratorAccess) =>
  unwrap(
    api.PUT('/api/v1/customers/{customer_id}/collaborators/{user_id}', {
      params: { path: { customer_id: id, user_id: userId } },
      body: { access },
    }),
  )

export const removeCollaborator = (id: number, userId: number) =>
  expectOk(
    api.DELETE('/api/v1/customers/{customer_id}/collaborators/{user_id}', {
      params: { path: { customer_id: id, user_id: userId } },
    }),
  )
