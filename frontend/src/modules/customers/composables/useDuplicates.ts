import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { listDuplicateGroups, mergeCustomers, undoMerge, type DuplicateGroup, type Merge, type MergeInput } from '../api'

/** The duplicate finder: groups of look-alike customers, merging a pair, and undoing the last merge. */
export function useDuplicates() {
  const groups = shallowRef<DuplicateGroup[]>([])
  const isLoading = ref(false)
  /** The merge just done, offered for undo until dismissed or the next merge. */
  const lastMerge = shallowRef<Merge | null>(null)

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      groups.value = await listDuplicateGroups()
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  async function merge(request: MergeInput): Promise<boolean> {
    try {
      lastMerge.value = await mergeCustomers(request)
      await load()
      return true
    } catch (error) {
      notifyError(error)
      return false
    }
  }

  async function undo(merge: Merge): Promise<void> {
    try {
      await undoMerge(merge.id)
      lastMerge.value = null
      ElMessage.success(i18n.global.t('customers.merges.undone', { name: merge.merged_name }))
      await load()
    } catch (error) {
      notifyError(error)
    }
  }

  return { groups, isLoading, lastMerge, load, merge, undo }
}
