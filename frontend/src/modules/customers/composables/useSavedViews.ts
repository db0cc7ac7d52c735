import { ElMessage } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { createView, deleteView, listViews, updateView, type SavedView, type SavedViewInput } from '../api'

/** What a view keeps: the filters (API-shaped), the columns and the order. */
export type ViewState = Pick<SavedViewInput, 'filters' | 'columns' | 'ordering'>

/** The saved list views: the viewer's own (editable) and the shared ones. */
export function useSavedViews() {
  const views = shallowRef<SavedView[]>([])
  const currentId = ref<number | null>(null)

  const current = computed(() => views.value.find((view) => view.id === currentId.value) ?? null)
  const mine = computed(() => views.value.filter((view) => view.is_mine))
  const shared = computed(() => views.value.filter((view) => !view.is_mine))

  async function load(): Promise<void> {
    try {
      views.value = await listViews()
    } catch (error) {
      notifyError(error)
    }
  }

  async function saveAs(name: string, isShared: boolean, state: ViewState): Promise<SavedView> {
    const view = await createView({ name, is_shared: isShared, ...state })
    views.value = [...views.value, view].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    currentId.value = view.id
    ElMessage.success(i18n.global.t('customers.views.saved'))
    return view
  }

  async function overwrite(view: SavedView, state: ViewState): Promise<void> {
    try {
      const saved = await updateView(view.id, { name: view.name, is_shared: view.is_shared, ...state })
      views.value = views.value.map((item) => (item.id === saved.id ? saved : item))
      ElMessage.success(i18n.global.t('customers.views.saved'))
    } catch (error) {
      notifyError(error)
    }
  }

  async function remove(view: SavedView): Promise<void> {
    try {
      await deleteView(view.id)
      views.value = views.value.filter((item) => item.id !== view.id)
      if (currentId.value === view.id) currentId.value = null
    } catch (error) {
      notifyError(error)
    }
  }

  return { views, currentId, current, mine, shared, load, saveAs, overwrite, remove }
}
