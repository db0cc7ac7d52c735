import { ElMessage } from 'element-plus'
import { reactive } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { useCursorList } from '@/shared/composables/useCursorList'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { createUser, listUsers, updateUser, type User } from '../api'
import { userInput, userPatch, type UserFormValues } from './useUserForm'

export type ActiveFilter = 'all' | 'active' | 'inactive'

/** The users page: filters, the cursor-paged list and the writes that refresh it. */
export function useUserList() {
  const filters = reactive({ q: '', departmentId: null as number | null, active: 'all' as ActiveFilter })

  const list = useCursorList<User>((cursor) =>
    listUsers({
      q: filters.q.trim(),
      department_id: filters.departmentId ?? null,
      is_active: filters.active === 'all' ? null : filters.active === 'active',
      cursor,
    }),
  )

  useDebouncedWatch([() => filters.q, () => filters.departmentId, () => filters.active], list.reload)

  /** Create or edit; throws the ApiError for the dialog. A stale edit reloads the list. */
  async function save(user: User | null, values: UserFormValues): Promise<void> {
    try {
      if (user) {
        const saved = await updateUser(user.id, userPatch(user, values))
        list.replace((item) => item.id === saved.id, saved)
      } else {
        await createUser(userInput(values))
        await list.reload()
      }
    } catch (error) {
      if (isApiError(error) && error.status === 409) await list.reload()
      throw error
    }
    ElMessage.success(i18n.global.t('common.saved'))
  }

  async function setActive(user: User, isActive: boolean): Promise<void> {
    try {
      const saved = await updateUser(user.id, { version: user.version, is_active: isActive })
      list.replace((item) => item.id === saved.id, saved)
    } catch (error) {
      if (isApiError(error) && error.status === 409) await list.reload()
      throw error
    }
  }

  return { filters, ...list, save, setActive }
}
