import { ElMessage } from 'element-plus'
import { ref, type Ref } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { bulkOpportunities, type BulkAction, type BulkResult, type Opportunity } from '../api'

export interface BulkParams {
  owner_id?: number | null
  stage_id?: number | null
}

/** "甲项目：进入「商务谈判」前需要：金额" — each refused row the viewer has on screen, with the reason. */
export function refusedLines(result: BulkResult, rows: Pick<Opportunity, 'id' | 'name'>[], limit = 5): string[] {
  const names = new Map(rows.map((row) => [row.id, row.name]))
  const colon = i18n.global.t('common.colon')
  return result.refused.slice(0, limit).map((item) => `${names.get(item.id) ?? `#${item.id}`}${colon}${item.message}`)
}

/** Bulk transfer / move / delete on the selected deals; reports what was done and what was refused, and why. */
export function useOpportunityBulk(selected: Ref<Opportunity[]>, afterwards: () => Promise<void>) {
  const isRunning = ref(false)

  async function run(action: BulkAction, params: BulkParams = {}): Promise<BulkResult | null> {
    const rows = selected.value
    if (!rows.length) return null
    isRunning.value = true
    try {
      const result = await bulkOpportunities({ ids: rows.map((row) => row.id), action, ...params })
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

  function report(result: BulkResult, rows: Opportunity[]): void {
    const { t } = i18n.global
    if (!result.refused.length) {
      ElMessage.success(t('opportunities.bulk.done', { done: result.done.length }))
      return
    }
    const lines = refusedLines(result, rows)
    ElMessage.warning({
      message: [t('opportunities.bulk.partly', { done: result.done.length, refused: result.refused.length }), ...lines].join('；'),
      customClass: 'bulk-refused',
      duration: 10000,
      showClose: true,
    })
  }

  return { isRunning, run }
}
