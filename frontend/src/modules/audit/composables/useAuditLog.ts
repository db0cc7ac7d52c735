import { reactive } from 'vue'
import { useCursorList } from '@/shared/composables/useCursorList'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { listAuditEntries, type AuditEntry } from '../api'

export interface ChangeRow {
  field: string
  before: unknown
  after: unknown
}

/** `{field: [before, after]}` as table rows, in field order. */
export function changeRows(changes: AuditEntry['changes']): ChangeRow[] {
  return Object.keys(changes)
    .sort()
    .map((field) => {
      const pair = changes[field] ?? []
      return { field, before: pair[0] ?? null, after: pair[1] ?? null }
    })
}

/** The audit page: filters and the cursor-paged entries, newest first. */
export function useAuditLog() {
  const filters = reactive({
    userId: null as number | null,
    objectType: '',
    objectId: '',
    action: '',
    range: null as [Date, Date] | null,
  })

  const list = useCursorList<AuditEntry>((cursor) =>
    listAuditEntries({
      user_id: filters.userId ?? null,
      object_type: filters.objectType.trim(),
      object_id: filters.objectId.trim(),
      action: filters.action.trim(),
      since: filters.range?.[0]?.toISOString() ?? null,
      until: filters.range?.[1]?.toISOString() ?? null,
      cursor,
    }),
  )

  useDebouncedWatch(
    [() => filters.userId, () => filters.objectType, () => filters.objectId, () => filters.action, () => filters.range],
    list.reload,
  )

  function resetFilters(): void {
    Object.assign(filters, { userId: null, objectType: '', objectId: '', action: '', range: null })
  }

  return { filters, resetFilters, ...list }
}
