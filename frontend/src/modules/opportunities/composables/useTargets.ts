import { ElMessage } from 'element-plus'
import { reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { isApiError } from '@/api/errors'
import { listUsers } from '@/modules/accounts/api'
import { notifyError, translateError } from '@/shared/errors'
import { listTargets, saveTargets, type PeriodType } from '../forecastApi'
import { periodStartOf } from './forecastPeriod'
import { bulkBody, buildTargetRows, cellErrors, rowsToSend, type Member, type TargetRow } from './targetGrid'

/** A team is small; one page of its active members fills the grid. */
const MEMBER_LIMIT = 200

/**
 * The targets grid of one team over one period: load the members and their targets, edit the
 * amounts, save them in one PUT, and show the server's per-item validation messages on the cells.
 */
export function useTargets(initialDepartment: Member | null) {
  const { t } = useI18n()
  const selection = reactive({
    periodType: 'quarter' as PeriodType,
    periodStart: periodStartOf('quarter'),
    department: initialDepartment,
  })
  const rows = ref<TargetRow[]>([])
  const errors = ref<Record<string, string>>({})
  const isLoading = ref(false)
  const isSaving = ref(false)
  let generation = 0

  async function load(): Promise<void> {
    const department = selection.department
    const mine = ++generation
    errors.value = {}
    if (!department) {
      rows.value = []
      return
    }
    isLoading.value = true
    try {
      const [members, targets] = await Promise.all([
        listUsers({ department_id: department.id, is_active: true, limit: MEMBER_LIMIT }),
        listTargets({ period_type: selection.periodType, period_start: selection.periodStart, department_id: department.id }),
      ])
      if (mine !== generation) return
      const people = members.items
        .filter((user) => user.department_id === department.id)
        .map((user) => ({ id: user.id, name: user.display_name || user.username }))
      rows.value = buildTargetRows(department, people, targets)
    } catch (error) {
      if (mine === generation) notifyError(error)
    } finally {
      if (mine === generation) isLoading.value = false
    }
  }

  watch(() => [selection.periodType, selection.periodStart, selection.department?.id], load)

  async function save(): Promise<boolean> {
    const sent = rowsToSend(rows.value)
    isSaving.value = true
    errors.value = {}
    try {
      await saveTargets(bulkBody(selection.periodType, selection.periodStart, sent))
      ElMessage.success(t('opportunities.opportunityForecast.targets.saved'))
      await load()
      return true
    } catch (error) {
      const placed = isApiError(error) ? cellErrors(error.fields, sent) : { cells: {}, general: [] }
      errors.value = placed.cells
      if (!Object.keys(placed.cells).length || placed.general.length) {
        ElMessage.error({ message: placed.general.join(' ') || translateError(error), grouping: true })
      }
      return false
    } finally {
      isSaving.value = false
    }
  }

  return { selection, rows, errors, isLoading, isSaving, load, save }
}
