import { ElMessage } from 'element-plus'
import type { Ref } from 'vue'
import { i18n } from '@/app/i18n'
import { useBulkRun } from '@/shared/composables/useBulkRun'
import { bulkUpdate, type BulkInput, type BulkOperation, type BulkResult, type Customer } from '../api'

export type BulkParams = Partial<Pick<BulkInput, 'owner_id' | 'tag_ids' | 'stage'>>

/** "3 done; 2 refused: 甲公司、乙公司" — the names of refused rows the viewer has on screen. */
export function refusedNames(result: BulkResult, rows: Pick<Customer, 'id' | 'name'>[], limit = 5): string[] {
  const names = new Map(rows.map((row) => [row.id, row.name ?? `#${row.id}`]))
  return result.refused_ids.slice(0, limit).map((id) => names.get(id) ?? `#${id}`)
}

/** Bulk actions on the selected customers; each reports what was done and which rows were refused. */
export function useBulkActions(selected: Ref<Customer[]>, afterwards: () => Promise<void>) {
  return useBulkRun(
    selected,
    afterwards,
    (ids, operation: BulkOperation, params: BulkParams | undefined) => bulkUpdate({ ids, operation, stage: '', ...params }),
    report,
  )
}

function report(result: BulkResult, rows: Customer[]): void {
  const { t } = i18n.global
  if (!result.refused_ids.length) {
    ElMessage.success(t('customers.bulk.done', { done: result.done }))
    return
  }
  const names = refusedNames(result, rows).join('、')
  const more = result.refused_ids.length > 5 ? t('customers.bulk.andMore') : ''
  ElMessage.warning({
    message: t('customers.bulk.partly', { done: result.done, refused: result.refused_ids.length, names: names + more }),
    duration: 8000,
    showClose: true,
  })
}
