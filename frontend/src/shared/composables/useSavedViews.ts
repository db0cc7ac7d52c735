import { ElMessage } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import type { components } from '@/api/generated/schema'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'

export type SavedView = components['schemas']['SavedViewOut']
export type SavedViewInput = components['schemas']['SavedViewIn']

/** What a view keeps: the filters (API-shaped), the columns and the order. */
export type ViewState = Pick<SavedViewInput, 'filters' | 'columns' | 'ordering'>

/** One resource's saved-view endpoints (every list with views exposes the same four). */
export interface SavedViewsApi {
  list: () => Promise<SavedView[]>
  create: (body: SavedViewInput) => Promise<SavedView>
  update: (id: number, body: SavedViewInput) => Promise<SavedView>
  remove: (id: number) => Promise<unknown>
}

/** A resource's saved list views: the viewer's own (editable) and the shared ones, and the one applied. */
export function useSavedViews(api: SavedViewsApi) {
  const views = shallowRef<SavedView[]>([])
  const currentId = ref<number | null>(null)

  const current = computed(() => views.value.find((view) => view.id === currentId.value) ?? null)
  const mine = computed(() => views.value.filter((view) => view.is_mine))
  const shared = computed(() => views.value.filter((view) => !view.is_mine))

  async function load(): Promise<void> {
    try {
      views.value = await api.list()
    } catch (error) {
      notifyError(error)
    }
  }

  function select(view: SavedView | null): void {
    currentId.value = view?.id ?? null
  }

  /** Errors propagate: the save dialog shows them next to the name. */
  async function saveAs(name: string, isShared: boolean, state: ViewState): Promise<SavedView> {
    const view = await api.create({ name, is_shared: isShared, ...state })
    views.value = [...views.value, view].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    currentId.value = view.id
    ElMessage.success(i18n.global.t('savedViews.saved'))
    return view
  }

  async function overwrite(view: SavedView, state: ViewState): Promise<void> {
    try {
      const saved = await api.update(view.id, { name: view.name, is_shared: view.is_shared, ...state })
      views.value = views.value.map((item) => (item.id === saved.id ? saved : item))
      ElMessage.success(i18n.global.t('savedViews.saved'))
    } catch (error) {
      notifyError(error)
    }
  }

  async function remove(view: SavedView): Promise<void> {
    try {
      await api.remove(view.id)
      views.value = views.value.filter((item) => item.id !== view.id)
      if (currentId.value === view.id) currentId.value = null
    } catch (error) {
      notifyError(error)
    }
  }

  return { views, currentId, current, mine, shared, load, select, saveAs, overwrite, remove }
}

export type SavedViews = ReturnType<typeof useSavedViews>
