import { computed, reactive, ref, shallowRef, watch } from 'vue'
import { useRoute, useRouter } from 'vue-router'
import { useCursorList } from '@/shared/composables/useCursorList'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { createCustomer, listCustomers, type Customer, type CustomerInput } from '../api'
import { DEFAULT_COLUMNS } from './customerColumns'
import {
  emptyFilters,
  fromRouteQuery,
  toApiFilters,
  toQueryString,
  toRouteQuery,
  type CustomerFilters,
} from './customerFilters'

const COLUMNS_KEY = 'chengdan.customers.columns'

function storedColumns(): string[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? 'null')
    return Array.isArray(parsed) && parsed.every((item) => typeof item === 'string') ? parsed : DEFAULT_COLUMNS
  } catch {
    return DEFAULT_COLUMNS
  }
}

/**
 * The customer list: filters and order mirrored in the URL (so reloads and shared links keep them),
 * the chosen columns, "load more" paging and the selection the bulk actions work on.
 */
export function useCustomerList() {
  const route = useRoute()
  const router = useRouter()
  const initial = fromRouteQuery(route.query)
  const filters = reactive<CustomerFilters>(initial.filters)
  const ordering = ref<string | null>(initial.ordering)
  const columns = ref<string[]>(storedColumns())
  const selected = shallowRef<Customer[]>([])

  const list = useCursorList<Customer>((cursor) =>
    listCustomers({ ...toApiFilters(filters), ordering: ordering.value, cursor }),
  )

  /** The current filters and order as a query string (also what the CSV link carries). */
  const queryString = computed(() => toQueryString(filters, ordering.value))
  const apiFilters = computed(() => toApiFilters(filters))

  useDebouncedWatch([queryString], () => {
    void router.replace({ query: toRouteQuery(filters, ordering.value) })
    selected.value = []
    void list.reload()
  })

  // Back/forward through the history restores the filters of that entry.
  watch(
    () => route.query,
    (query) => {
      if (route.name !== 'customers') return
      const next = fromRouteQuery(query)
      if (toQueryString(next.filters, next.ordering) !== queryString.value) apply(next.filters, next.ordering)
    },
  )

  watch(columns, (value) => {
    try {
      localStorage.setItem(COLUMNS_KEY, JSON.stringify(value))
    } catch {
      // No storage (private mode): the choice lasts for this page only.
    }
  })

  function apply(next: CustomerFilters, nextOrdering: string | null, nextColumns?: string[]): void {
    Object.assign(filters, next)
    ordering.value = nextOrdering
    if (nextColumns?.length) columns.value = nextColumns
  }

  function reset(): void {
    apply(emptyFilters(), null)
  }

  async function create(body: CustomerInput): Promise<Customer> {
    const customer = await createCustomer(body)
    await list.reload()
    return customer
  }

  return { filters, ordering, columns, selected, queryString, apiFilters, apply, reset, create, ...list }
}
