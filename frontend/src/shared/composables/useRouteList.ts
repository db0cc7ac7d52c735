import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useCursorList, type CursorPage } from './useCursorList'
import { useDebouncedWatch } from './useDebouncedWatch'

/** "desc_score" (an i18n-safe key) ↔ "-score" (the API's ordering). */
export const orderingParam = (key: string) => (key.startsWith('desc_') ? `-${key.slice(5)}` : key)
export const orderingKey = (param: string) => (param.startsWith('-') ? `desc_${param.slice(1)}` : param)

export interface RouteListOptions<Filters extends object, Row> {
  /** The route the list lives on; query changes on other routes are not this list's. */
  routeName: string
  empty: () => Filters
  fromQuery: (query: Record<string, unknown>) => Filters
  toRouteQuery: (filters: Filters, ordering: string | null) => Record<string, string | string[]>
  fetchPage: (filters: Filters, ordering: string | null, cursor: string | null) => Promise<CursorPage<Row>>
}

/** A list whose filters and order are mirrored in the URL, with "load more" paging and the bulk selection. */
export function useRouteList<Filters extends object, Row>(options: RouteListOptions<Filters, Row>) {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive(options.fromQuery(route.query)) as Filters
  const ordering = ref<string | null>(typeof route.query.ordering === 'string' ? route.query.ordering : null)
  const selected = shallowRef<Row[]>([])

  const list = useCursorList<Row>((cursor) => options.fetchPage(filters, ordering.value, cursor))
  const queryKey = computed(() => JSON.stringify(options.toRouteQuery(filters, ordering.value)))

  useDebouncedWatch([queryKey], () => {
    void router.replace({ query: options.toRouteQuery(filters, ordering.value) })
    selected.value = []
    void list.reload()
  })

  // Back/forward restores the filters of that history entry.
  watch(
    () => route.query,
    (query) => {
      if (route.name !== options.routeName) return
      const next = options.fromQuery(query)
      const nextOrdering = typeof query.ordering === 'string' ? query.ordering : null
      if (JSON.stringify(options.toRouteQuery(next, nextOrdering)) !== queryKey.value) apply(next, nextOrdering)
    },
  )

  function apply(next: Filters, nextOrdering: string | null): void {
    Object.assign(filters, next)
    ordering.value = nextOrdering
  }

  const reset = () => apply(options.empty(), null)

  return { filters, ordering, selected, apply, reset, ...list }
}
