import type { Ref } from 'vue'
import { reportBulkOutcome, useBulkRun } from '@/shared/composables/useBulkRun'
import { bulkLeads, type Lead, type LeadBulkInput } from '../api'

export type LeadBulkAction = LeadBulkInput['action']
export type BulkParams = Omit<LeadBulkInput, 'ids' | 'action'>

/** Bulk transfer / mark invalid / delete on the selected leads; reports what was done and what was refused, and why. */
export function useLeadBulk(selected: Ref<Lead[]>, afterwards: () => Promise<void>) {
  return useBulkRun(
    selected,
    afterwards,
    (ids, action: LeadBulkAction, params: BulkParams | undefined) => bulkLeads({ ids, action, ...params }),
    (result, rows) => reportBulkOutcome('leads', result, rows),
  )
}
