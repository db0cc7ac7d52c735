import { describe, expect, it } from 'vitest'
import type { User } from '../api'
import { userFormValues, userPatch } from '../composables/useUserForm'

const user: User = {
  id: 9,
  username: 'li',
  display_name: '李雷',
  email: 'li@example.com',
  mobile: '138****0000',
  department_id: 2,
  department_name: '华东大区',
  extra_department_ids: [3, 4],
  manager_id: 1,
  manager_name: '王芳',
  roles: [{ id: 5, code: 'sales_rep', name: '销售代表' }],
  is_active: true,
  version: 7,
}

describe('userPatch', () => {
  it('sends only the version when nothing changed', () => {
    expect(userPatch(user, userFormValues(user))).toEqual({ version: 7 })
  })

  it('sends the changed fields, ignoring list order', () => {
    const values = { ...userFormValues(user), display_name: '李雷雷', extra_department_ids: [4, 3], role_ids: [5, 6] }
    expect(userPatch(user, values)).toEqual({ version: 7, display_name: '李雷雷', role_ids: [5, 6] })
  })

  it('sends an explicit null when the manager is cleared', () => {
    expect(userPatch(user, { ...userFormValues(user), manager_id: null })).toEqual({ version: 7, manager_id: null })
  })

  it('keeps hidden fields out of the form and the patch', () => {
    const { email: _email, ...hidden } = user
    const values = userFormValues(hidden as User)
    expect(values.email).toBeNull()
    expect(userPatch(hidden as User, values)).toEqual({ version: 7 })
  })
})
