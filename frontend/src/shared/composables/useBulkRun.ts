import { ElMessage } from 'element-plus'
import { ref, type Ref } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '../errors'

/** A bulk endpoint's answer that says, row by row, why a row was refused. */
export interface BulkOutcome {
  done: unknown[]
  refused: { id: number; message: string }[]
}

/** "张三：无权操作该线索" — each refused row the viewer has on screen, with the reason. */
export function refusedLines(result: BulkOutcome, rows: { id: number; name: string }[], limit = 5): string[] {
  const names = new Map(rows.map((row) => [row.id, row.name]))
  const colon = i18n.global.t('common.colon')
  return result.refused.slice(0, limit).map((item) => `${names.get(item.id) ?? `#${item.id}`}${colon}${item.message}`)
}

/** Tells what was done and, when rows were refused, which and why (texts from `<scope>.bulk.done|partly`). */
export function reportBulkOutcome(scope: string, result: BulkOutcome, rows: { id: number; name: string }[]): void {
  const { t } = i18n.global
  if (!result.refused.length) {
    ElMessage.success(t(`${scope}.bulk.done`, { done: result.done.length }))
    return
  }
  ElMessage.warning({
    message: [t(`${scope}.bulk.partly`, { done: result.done.length, refused: result.refused.length }), ...refusedLines(result, rows)].join('；'),
    customClass: 'bulk-refused',
    duration: 10000,
    showClose: true,
  })
}

/**
 * Runs one bulk action on the selected rows: sends their ids, reports the result, then refreshes
 * the list. Answers the result, or null when nothing was selected or the request failed.
 */
export function useBulkRun<Row extends { id: number }, Action, Params extends object, Result>(
  selected: Ref<Row[]>,
  afterwards: () => Promise<void>,
  send: (ids: number[], action: Action, params: Params | undefined) => Promise<Result>,
  report: (result: Result, rows: Row[]) => void,
) {
  const isRunning = ref(false)

  async function run(action: Action, params?: Params): Promise<Result | null> {
    const rows = selected.value
    if (!rows.length) return null
    isRunning.value = true
    try {
      const result = await send(
        rows.map((row) => row.id),
        action,
        params,
      )
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

  return { isRunning, run }
}
