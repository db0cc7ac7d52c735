import { ElMessage } from 'element-plus'
import { ref, type Ref } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { bulkUpdate, type BulkInput, type BulkOperation, type BulkResult, type Customer } from '../api'

export type BulkParams = Partial<Pick<BulkInput, 'owner_id' | 'tag_ids' | 'stage'>>

/** "3 done; 2 refused: 甲公司、乙公司" — the names of refused rows the viewer has on screen. */
export function refusedNames(result: BulkResult, rows: Pick<Customer, 'id' | 'name'>[], limit = 5): string[] {
  const names = new Map(rows.map((row) => [row.id, row.name ?? `#${row.id}`]))
  return result.refused_ids.slice(0, limit).map((id) => names.get(id) ?? `#${id}`)
}

/** Bulk actions on the selected customers; each reports what was done and which rows were refused. */
export function useBulkActions(selected: Ref<Customer[]>, afterwards: () => Promise<void>) {
  const isRunning = ref(false)

  async function run(operation: BulkOperation, params: BulkParams = {}): Promise<BulkResult | null> {
    const rows = selected.value
    if (!rows.length) return null
    isRunning.value = true
    try {
      const result = await bulkUpdate({ ids: rows.map((row) => row.id), operation, stage: '', ...params })
      report(result, rows)
      await afterwards()
      return result
    } catch (error) {
      notifyError(error)
      return null
    } finally {
      isRunning.value = false
    }
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

  return { isRunning, run }
}
