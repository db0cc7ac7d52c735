import { ElMessage } from 'element-plus'
import { ref, type Ref } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { bulkLeads, type BulkResult, type Lead, type LeadBulkInput } from '../api'

export type LeadBulkAction = LeadBulkInput['action']
export type BulkParams = Omit<LeadBulkInput, 'ids' | 'action'>

/** "张三：无权操作该线索" — each refused row the viewer has on screen, with the reason. */
export function refusedLines(result: BulkResult, rows: Pick<Lead, 'id' | 'name'>[], limit = 5): string[] {
  const names = new Map(rows.map((row) => [row.id, row.name]))
  const colon = i18n.global.t('common.colon')
  return result.refused.slice(0, limit).map((item) => `${names.get(item.id) ?? `#${item.id}`}${colon}${item.message}`)
}

/** Bulk transfer / mark invalid / delete on the selected leads; reports what was done and what was refused, and why. */
export function useLeadBulk(selected: Ref<Lead[]>, afterwards: () => Promise<void>) {
  const isRunning = ref(false)

  async function run(action: LeadBulkAction, params: BulkParams = {}): Promise<BulkResult | null> {
    const rows = selected.value
    if (!rows.length) return null
    isRunning.value = true
    try {
      const result = await bulkLeads({ ids: rows.map((row) => row.id), action, ...params })
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

  function report(result: BulkResult, rows: Lead[]): void {
    const { t } = i18n.global
    if (!result.refused.length) {
      ElMessage.success(t('leads.bulk.done', { done: result.done.length }))
      return
    }
    ElMessage.warning({
      message: [t('leads.bulk.partly', { done: result.done.length, refused: result.refused.length }), ...refusedLines(result, rows)].join('；'),
      customClass: 'bulk-refused',
      duration: 10000,
      showClose: true,
    })
  }

  return { isRunning, run }
}
