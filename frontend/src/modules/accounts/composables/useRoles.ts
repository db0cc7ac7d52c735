import { ElMessage } from 'element-plus'
import { computed, reactive, ref } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { createRole, fetchPermissionCatalog, listRoles, updateRole, type PermissionCatalog, type Role } from '../api'
import { useRoleMatrix } from './useRoleMatrix'

/** The roles page: the role list, the one being edited (or a new one) and its matrix. */
export function useRoles() {
  const roles = ref<Role[]>([])
  const catalog = ref<PermissionCatalog | null>(null)
  const isLoading = ref(false)
  const isSaving = ref(false)
  /** null: nothing chosen; 'new': a role being created; a number: the id of the role edited. */
  const selection = ref<number | 'new' | null>(null)
  const form = reactive({ code: '', name: '', description: '' })
  const matrix = useRoleMatrix(catalog)

  const selected = computed(() =>
    typeof selection.value === 'number' ? (roles.value.find((role) => role.id === selection.value) ?? null) : null,
  )

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      const [list, permissions] = await Promise.all([listRoles(), catalog.value ?? fetchPermissionCatalog()])
      roles.value = list
      catalog.value = permissions
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  function select(id: number | 'new'): void {
    selection.value = id
    const role = selected.value
    form.code = role?.code ?? ''
    form.name = role?.name ?? ''
    form.description = role?.description ?? ''
    matrix.reset(role)
  }

  /** Save the form. Throws the ApiError for field errors; a 409 reloads the role and says so. */
  async function save(): Promise<void> {
    const body = {
      name: form.name.trim(),
      description: form.description.trim(),
      grants: matrix.toGrants(),
      field_rules: matrix.toFieldRules(),
    }
    isSaving.value = true
    try {
      const role = selected.value
      const saved = role
        ? await updateRole(role.id, { ...body, version: role.version })
        : await createRole({ ...body, code: form.code.trim() })
      await load()
      select(saved.id)
      ElMessage.success(i18n.global.t('common.saved'))
    } catch (error) {
      if (isApiError(error) && error.status === 409 && typeof selection.value === 'number') {
        await load()
        select(selection.value)
        ElMessage.warning(i18n.global.t('accounts.roles.conflictReloaded'))
        return
      }
      throw error
    } finally {
      isSaving.value = false
    }
  }

  return { roles, catalog, isLoading, isSaving, selection, selected, form, matrix, load, select, save }
}
