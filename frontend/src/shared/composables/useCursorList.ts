import { ref, shallowRef } from 'vue'
import { notifyError } from '../errors'

export interface CursorPage<T> {
  items: T[]
  next_cursor?: string | null
  count: number
  count_capped: boolean
}

/**
 * A cursor-paged list with "load more": `reload()` starts over (new filters), `loadMore()` appends
 * the next page. Stale answers from an older reload are dropped.
 */
export function useCursorList<T>(fetchPage: (cursor: string | null) => Promise<CursorPage<T>>) {
  const items = shallowRef<T[]>([])
  const count = ref(0)
  const isCountCapped = ref(false)
  const nextCursor = ref<string | null>(null)
  const isLoading = ref(false)
  let generation = 0

  async function load(cursor: string | null): Promise<void> {
    const mine = cursor === null ? ++generation : generation
    isLoading.value = true
    try {
      const page = await fetchPage(cursor)
      if (mine !== generation) return
      items.value = cursor === null ? page.items : [...items.value, ...page.items]
      count.value = page.count
      isCountCapped.value = page.count_capped
      nextCursor.value = page.next_cursor ?? null
    } catch (error) {
      if (mine === generation) notifyError(error)
    } finally {
      if (mine === generation) isLoading.value = false
    }
  }

  const reload = () => load(null)
  const loadMore = () => (nextCursor.value ? load(nextCursor.value) : Promise.resolve())

  /** Put a changed row in place without reloading the page. */
  function replace(predicate: (item: T) => boolean, next: T): void {
    items.value = items.value.map((item) => (predicate(item) ? next : item))
  }

  return { items, count, isCountCapped, nextCursor, isLoading, reload, loadMore, replace }
}
