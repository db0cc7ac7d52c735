import { reactive, watch } from 'vue'
import { useCursorList } from '@/shared/composables/useCursorList'
import { listAtRisk, type Deal, type RiskKind } from '../forecastApi'

export interface RiskFilters {
  risk: RiskKind[]
  ownerId: number | null
  departmentId: number | null
}

const RISK_PAGE_SIZE = 50

/** The at-risk list's query: empty filters are left out so the server applies its defaults. */
export function riskQuery(filters: RiskFilters, cursor: string | null) {
  return {
    risk: filters.risk.length ? [...filters.risk] : undefined,
    owner_id: filters.ownerId,
    department_id: filters.departmentId,
    cursor,
    limit: RISK_PAGE_SIZE,
  }
}

/** Open deals the viewer may see that carry at least one risk flag, filtered by kind, owner and team. */
export function useRiskDeals() {
  const filters = reactive<RiskFilters>({ risk: [], ownerId: null, departmentId: null })
  const list = useCursorList<Deal>((cursor) => listAtRisk(riskQuery(filters, cursor)))
  watch(() => [filters.risk.join(','), filters.ownerId, filters.departmentId], () => void list.reload())

  function reset(): void {
    Object.assign(filters, { risk: [], ownerId: null, departmentId: null })
  }

  return { filters, reset, ...list }
}
