import { api, expectOk, unwrap } from '@/api/http'
import type { components } from '@/api/generated/schema'

type Schemas = components['schemas']

export type Me = Schemas['MeOut']
export type ApiToken = Schemas['TokenOut']
export type CreatedApiToken = Schemas['TokenCreatedOut']
export type Department = Schemas['DepartmentOut']
export type DepartmentInput = Schemas['DepartmentIn']
export type DepartmentPatch = Schemas['DepartmentPatch']
export type User = Schemas['UserOut']
export type UserInput = Schemas['UserIn']
export type UserPatch = Schemas['UserPatch']
export type UserPage = Schemas['UserPage']
export type Role = Schemas['RoleOut']
export type RoleInput = Schemas['RoleIn']
export type RolePatch = Schemas['RolePatch']
export type Grant = Schemas['GrantSchema']
export type FieldRule = Schemas['FieldRuleSchema']
export type PermissionCatalog = Schemas['CatalogOut']
export type CatalogResource = Schemas['ResourceCatalogOut']

export interface UserQuery {
  q?: string
  department_id?: number | null
  is_active?: boolean | null
  cursor?: string | null
  limit?: number
}

// Session ---------------------------------------------------------------------------------------

export const fetchMe = () => unwrap(api.GET('/api/v1/auth/me'))

export const signIn = (username: string, password: string) =>
  unwrap(api.POST('/api/v1/auth/login', { body: { username, password } }))

export const signOut = () => expectOk(api.POST('/api/v1/auth/logout'))

export const changePassword = (oldPassword: string, newPassword: string) =>
  expectOk(api.POST('/api/v1/auth/password', { body: { old_password: oldPassword, new_password: newPassword } }))

export const listApiTokens = () => unwrap(api.GET('/api/v1/auth/tokens'))

export const createApiToken = (name: string, expiresInDays: number | null) =>
  unwrap(api.POST('/api/v1/auth/tokens', { body: { name, expires_in_days: expiresInDays } }))

export const revokeApiToken = (id: number) =>
  expectOk(api.DELETE('/api/v1/auth/tokens/{token_id}', { params: { path: { token_id: id } } }))

// Organisation ----------------------------------------------------------------------------------

export const listDepartments = () => unwrap(api.GET('/api/v1/departments'))

export const createDepartment = (body: DepartmentInput) => unwrap(api.POST('/api/v1/departments', { body }))

/** Send only the keys that change (a present `parent_id` means "move"), plus `version`. */
export const updateDepartment = (id: number, body: DepartmentPatch) =>
  unwrap(api.PATCH('/api/v1/departments/{department_id}', { params: { path: { department_id: id } }, body }))

export const listUsers = (query: UserQuery) => unwrap(api.GET('/api/v1/users', { params: { query } }))

export const getUser = (id: number) => unwrap(api.GET('/api/v1/users/{user_id}', { params: { path: { user_id: id } } }))

export const createUser = (body: UserInput) => unwrap(api.POST('/api/v1/users', { body }))

/** Send only the keys that change, plus `version`. */
export const updateUser = (id: number, body: UserPatch) =>
  unwrap(api.PATCH('/api/v1/users/{user_id}', { params: { path: { user_id: id } }, body }))

export const resetUserPassword = (id: number, newPassword: string) =>
  expectOk(
    api.POST('/api/v1/users/{user_id}/reset-password', {
      params: { path: { user_id: id } },
      body: { new_password: newPassword },
    }),
  )

export const listRoles = () => unwrap(api.GET('/api/v1/roles'))

export const createRole = (body: RoleInput) => unwrap(api.POST('/api/v1/roles', { body }))

export const updateRole = (id: number, body: RolePatch) =>
  unwrap(api.PATCH('/api/v1/roles/{role_id}', { params: { path: { role_id: id } }, body }))

export const fetchPermissionCatalog = () => unwrap(api.GET('/api/v1/permissions/catalog'))
