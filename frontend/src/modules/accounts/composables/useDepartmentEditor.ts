import { ElMessage } from 'element-plus'
import { ref } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { createDepartment, updateDepartment, type Department, type DepartmentPatch } from '../api'

export type DepartmentDialogMode = 'create' | 'rename' | 'move'

export interface DepartmentDialogState {
  mode: DepartmentDialogMode
  /** The department renamed or moved; the parent when creating a child (null for a top-level one). */
  target: Department | null
}

/**
 * The department writes behind the tree page. Each returns normally or throws the ApiError; a stale
 * version (409) also triggers `reload` so the tree shows what the server has now.
 */
export function useDepartmentEditor(reload: () => Promise<void>) {
  const dialog = ref<DepartmentDialogState | null>(null)

  async function run(write: () => Promise<unknown>): Promise<void> {
    try {
      await write()
    } catch (error) {
      if (isApiError(error) && error.status === 409) await reload()
      throw error
    }
    ElMessage.success(i18n.global.t('common.saved'))
    await reload()
  }

  const create = (name: string, parentId: number | null) => run(() => createDepartment({ name, parent_id: parentId }))

  const patch = (department: Department, changes: Omit<DepartmentPatch, 'version'>) =>
    run(() => updateDepartment(department.id, { ...changes, version: department.version }))

  const rename = (department: Department, name: string) => patch(department, { name })
  // Sending parent_id (even null) is what tells the server this is a move.
  const move = (department: Department, parentId: number | null) => patch(department, { parent_id: parentId })
  const setActive = (department: Department, isActive: boolean) => patch(department, { is_active: isActive })

  return { dialog, create, rename, move, setActive }
}
