import { computed, reactive } from 'vue'
import { useCursorList } from '@/shared/composables/useCursorList'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { createCustomer, listCustomers, type Customer, type CustomerInput } from '../api'

/** Sortable columns (the server's allow-list) and how el-table names the direction. */
export const SORTABLE = ['name', 'created_at', 'updated_at'] as const
export type SortOrder = 'ascending' | 'descending' | null

export function orderingFor(prop: string | null, order: SortOrder): string | null {
  if (!prop || !order || !(SORTABLE as readonly string[]).includes(prop)) return null
  return order === 'descending' ? `-${prop}` : prop
}

/** The customer list: search, owner/department filters, sorting and "load more". */
export function useCustomerList() {
  const filters = reactive({
    q: '',
    ownerId: null as number | null,
    departmentId: null as number | null,
    ordering: null as string | null,
  })

  const list = useCursorList<Customer>((cursor) =>
    listCustomers({
      q: filters.q.trim(),
      owner_id: filters.ownerId ?? null,
      department_id: filters.departmentId ?? null,
      ordering: filters.ordering,
      cursor,
    }),
  )

  useDebouncedWatch([() => filters.q, () => filters.ownerId, () => filters.departmentId, () => filters.ordering], list.reload)

  /** A column shows when some row carries its key (field rules may hide it for this viewer). */
  const hasColumn = computed(() => {
    const rows = list.items.value
    return (key: string) => rows.length === 0 || rows.some((row) => key in row)
  })

  function sortBy(prop: string | null, order: SortOrder): void {
    filters.ordering = orderingFor(prop, order)
  }

  async function create(body: CustomerInput): Promise<Customer> {
    const customer = await createCustomer(body)
    await list.reload()
    return customer
  }

  return { filters, hasColumn, sortBy, create, ...list }
}
