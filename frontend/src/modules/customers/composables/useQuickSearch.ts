import { ref, shallowRef } from 'vue'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { quickSearch, type Contact, type Customer } from '../api'

export type SearchHit = { kind: 'customer'; item: Customer; customerId: number } | { kind: 'contact'; item: Contact; customerId: number }

/** Customers first, then contacts; every hit opens a customer's 360 page. */
export function searchHits(result: { customers: Customer[]; contacts: Contact[] }): SearchHit[] {
  return [
    ...result.customers.map((item) => ({ kind: 'customer' as const, item, customerId: item.id })),
    ...result.contacts.map((item) => ({ kind: 'contact' as const, item, customerId: item.customer_id })),
  ]
}

/** The next highlighted index when moving by `delta` through `count` hits (wraps around; -1 = none). */
export function moveHighlight(current: number, delta: number, count: number): number {
  if (count === 0) return -1
  if (current < 0) return delta > 0 ? 0 : count - 1
  return (current + delta + count) % count
}

/** The header's quick search: debounced, stale answers dropped, keyboard highlight. */
export function useQuickSearch(delay = 250) {
  const query = ref('')
  const hits = shallowRef<SearchHit[]>([])
  const highlighted = ref(-1)
  const isLoading = ref(false)
  const hasSearched = ref(false)
  /** The query the current hits answer. */
  const searchedFor = ref('')
  let generation = 0

  async function run(): Promise<void> {
    const mine = ++generation
    const q = query.value.trim()
    if (!q) {
      hits.value = []
      hasSearched.value = false
      isLoading.value = false
      return
    }
    isLoading.value = true
    try {
      const result = await quickSearch(q, 8)
      if (mine !== generation) return
      hits.value = searchHits(result)
      highlighted.value = hits.value.length ? 0 : -1
      hasSearched.value = true
      searchedFor.value = q
    } catch {
      if (mine === generation) hits.value = []
    } finally {
      if (mine === generation) isLoading.value = false
    }
  }

  useDebouncedWatch([query], () => void run(), delay)

  /** The hits for what is typed now, searching at once if the pause has not passed yet (Enter). */
  async function current(): Promise<SearchHit[]> {
    if (query.value.trim() && searchedFor.value !== query.value.trim()) await run()
    return hits.value
  }

  function move(delta: number): void {
    highlighted.value = moveHighlight(highlighted.value, delta, hits.value.length)
  }

  function reset(): void {
    generation += 1
    query.value = ''
    hits.value = []
    highlighted.value = -1
    hasSearched.value = false
    searchedFor.value = ''
    isLoading.value = false
  }

  return { query, hits, highlighted, isLoading, hasSearched, current, move, reset }
}
