import { useRouteList } from '@/shared/composables/useRouteList'
import { listOpportunities, type Opportunity } from '../api'
import { emptyFilters, fromApiFilters, toApiFilters, toRouteQuery, type OpportunityFilters } from './opportunityFilters'

export { orderingKey, orderingParam } from '@/shared/composables/useRouteList'

export const ORDERINGS = [
  'desc_amount_cny',
  'amount_cny',
  'expected_close_date',
  'desc_expected_close_date',
  'desc_updated_at',
] as const

/** The deal list: filters and order mirrored in the URL, "load more" paging, the bulk selection. */
export function useOpportunityList() {
  return useRouteList<OpportunityFilters, Opportunity>({
    routeName: 'opportunities',
    empty: emptyFilters,
    fromQuery: fromApiFilters,
    toRouteQuery,
    fetchPage: (filters, ordering, cursor) => listOpportunities({ ...toApiFilters(filters), ordering, cursor }),
  })
}
