import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useCursorList } from '@/shared/composables/useCursorList'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { listLeads, type Lead } from '../api'
import { emptyLeadFilters, fromApiFilters, toApiFilters, toRouteQuery, type LeadFilters } from './leadFilters'

export const ORDERINGS = ['desc_score', 'created_at', 'desc_updated_at'] as const

/** "desc_score" (an i18n-safe key) ↔ "-score" (the API's ordering). */
export const orderingParam = (key: string) => (key.startsWith('desc_') ? `-${key.slice(5)}` : key)
export const orderingKey = (param: string) => (param.startsWith('-') ? `desc_${param.slice(1)}` : param)

/** The lead list: filters and order mirrored in the URL, "load more" paging, the bulk selection. */
export function useLeadList() {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive<LeadFilters>(fromApiFilters(route.query))
  const ordering = ref<string | null>(typeof route.query.ordering === 'string' ? route.query.ordering : null)
  const selected = shallowRef<Lead[]>([])

  const list = useCursorList<Lead>((cursor) => listLeads({ ...toApiFilters(filters), ordering: ordering.value, cursor }))
  const queryKey = computed(() => JSON.stringify(toRouteQuery(filters, ordering.value)))

  useDebouncedWatch([queryKey], () => {
    void router.replace({ query: toRouteQuery(filters, ordering.value) })
    selected.value = []
    void list.reload()
  })

  // Back/forward restores the filters of that history entry.
  watch(
    () => route.query,
    (query) => {
      if (route.name !== 'leads') return
      const next = fromApiFilters(query)
      const nextOrdering = typeof query.ordering === 'string' ? query.ordering : null
      if (JSON.stringify(toRouteQuery(next, nextOrdering)) !== queryKey.value) apply(next, nextOrdering)
    },
  )

  function apply(next: LeadFilters, nextOrdering: string | null): void {
    Object.assign(filters, next)
    ordering.value = nextOrdering
  }

  const reset = () => apply(emptyLeadFilters(), null)

  return { filters, ordering, selected, apply, reset, ...list }
}
