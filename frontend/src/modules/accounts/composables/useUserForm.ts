import type { User, UserInput, UserPatch } from '../api'

/** What the user dialog edits; `email`/`mobile` are null when field rules hide them. */
export interface UserFormValues {
  username: string
  display_name: string
  email: string | null
  mobile: string | null
  password: string
  department_id: number | null
  extra_department_ids: number[]
  manager_id: number | null
  role_ids: number[]
}

export function userFormValues(user: User | null): UserFormValues {
  if (!user) {
    return {
      username: '',
      display_name: '',
      email: '',
      mobile: '',
      password: '',
      department_id: null,
      extra_department_ids: [],
      manager_id: null,
      role_ids: [],
    }
  }
  return {
    username: user.username,
    display_name: user.display_name,
    // A key missing from the answer is hidden from this viewer: keep it out of the form.
    email: 'email' in user ? (user.email ?? '') : null,
    mobile: 'mobile' in user ? (user.mobile ?? '') : null,
    password: '',
    department_id: user.department_id,
    extra_department_ids: [...user.extra_department_ids],
    manager_id: user.manager_id,
    role_ids: user.roles.map((role) => role.id),
  }
}

export function userInput(values: UserFormValues): UserInput {
  return {
    username: values.username.trim(),
    password: values.password,
    display_name: values.display_name.trim(),
    email: values.email?.trim() ?? '',
    mobile: values.mobile?.trim() ?? '',
    department_id: values.department_id,
    extra_department_ids: values.extra_department_ids,
    manager_id: values.manager_id,
    role_ids: values.role_ids,
  }
}

const sameIds = (a: number[], b: number[]) => a.length === b.length && [...a].sort().join() === [...b].sort().join()

/** Only the fields that changed, plus `version`: the server treats every sent key as an edit. */
export function userPatch(user: User, values: UserFormValues): UserPatch {
  const before = userFormValues(user)
  const patch: UserPatch = { version: user.version }
  if (values.display_name.trim() !== before.display_name) patch.display_name = values.display_name.trim()
  if (values.email !== null && values.email.trim() !== before.email) patch.email = values.email.trim()
  if (values.mobile !== null && values.mobile.trim() !== before.mobile) patch.mobile = values.mobile.trim()
  if ((values.department_id ?? null) !== before.department_id) patch.department_id = values.department_id ?? null
  if (!sameIds(values.extra_department_ids, before.extra_department_ids)) {
    patch.extra_department_ids = values.extra_department_ids
  }
  if ((values.manager_id ?? null) !== before.manager_id) patch.manager_id = values.manager_id ?? null
  if (!sameIds(values.role_ids, before.role_ids)) patch.role_ids = values.role_ids
  return patch
}
