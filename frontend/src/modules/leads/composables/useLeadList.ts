import { useRouteList } from '@/shared/composables/useRouteList'
import { listLeads, type Lead } from '../api'
import { emptyLeadFilters, fromApiFilters, toApiFilters, toRouteQuery, type LeadFilters } from './leadFilters'

export { orderingKey, orderingParam } from '@/shared/composables/useRouteList'

export const ORDERINGS = ['desc_score', 'created_at', 'desc_updated_at'] as const

/** The lead list: filters and order mirrored in the URL, "load more" paging, the bulk selection. */
export function useLeadList() {
  return useRouteList<LeadFilters, Lead>({
    routeName: 'leads',
    empty: emptyLeadFilters,
    fromQuery: fromApiFilters,
    toRouteQuery,
    fetchPage: (filters, ordering, cursor) => listLeads({ ...toApiFilters(filters), ordering, cursor }),
  })
}
