import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useCursorList } from '@/shared/composables/useCursorList'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { listOpportunities, type Opportunity } from '../api'
import { emptyFilters, fromApiFilters, toApiFilters, toRouteQuery, type OpportunityFilters } from './opportunityFilters'

export const ORDERINGS = [
  'desc_amount_cny',
  'amount_cny',
  'expected_close_date',
  'desc_expected_close_date',
  'desc_updated_at',
] as const

/** "desc_amount_cny" (an i18n-safe key) ↔ "-amount_cny" (the API's ordering). */
export const orderingParam = (key: string) => (key.startsWith('desc_') ? `-${key.slice(5)}` : key)
export const orderingKey = (param: string) => (param.startsWith('-') ? `desc_${param.slice(1)}` : param)

/** The deal list: filters and order mirrored in the URL, "load more" paging, the bulk selection. */
export function useOpportunityList() {
  const route = useRoute()
  const router = useRouter()
  const filters = reactive<OpportunityFilters>(fromApiFilters(route.query))
  const initialOrdering = typeof route.query.ordering === 'string' ? route.query.ordering : null
  const ordering = ref<string | null>(initialOrdering)
  const selected = shallowRef<Opportunity[]>([])

  const list = useCursorList<Opportunity>((cursor) =>
    listOpportunities({ ...toApiFilters(filters), ordering: ordering.value, cursor }),
  )
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
      if (route.name !== 'opportunities') return
      const next = fromApiFilters(query)
      const nextOrdering = typeof query.ordering === 'string' ? query.ordering : null
      if (JSON.stringify(toRouteQuery(next, nextOrdering)) !== queryKey.value) apply(next, nextOrdering)
    },
  )

  function apply(next: OpportunityFilters, nextOrdering: string | null): void {
    Object.assign(filters, next)
    ordering.value = nextOrdering
  }

  const reset = () => apply(emptyFilters(), null)

  return { filters, ordering, selected, apply, reset, ...list }
}
