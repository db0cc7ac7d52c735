import type { Ref } from 'vue'
import { reportBulkOutcome, useBulkRun } from '@/shared/composables/useBulkRun'
import { bulkOpportunities, type BulkAction, type Opportunity } from '../api'

export interface BulkParams {
  owner_id?: number | null
  stage_id?: number | null
}

/** Bulk transfer / move / delete on the selected deals; reports what was done and what was refused, and why. */
export function useOpportunityBulk(selected: Ref<Opportunity[]>, afterwards: () => Promise<void>) {
  return useBulkRun(
    selected,
    afterwards,
    (ids, action: BulkAction, params: BulkParams | undefined) => bulkOpportunities({ ids, action, ...params }),
    (result, rows) => reportBulkOutcome('opportunities', result, rows),
  )
}
