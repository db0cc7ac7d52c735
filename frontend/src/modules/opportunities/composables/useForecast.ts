import { reactive, ref, shallowRef, watch } from 'vue'
import { notifyError } from '@/shared/errors'
import {
  getForecast,
  type Forecast,
  type ForecastFigure,
  type ForecastGroupBy,
  type ForecastRow,
  type PeriodType,
} from '../forecastApi'
import { periodStartOf } from './forecastPeriod'

export interface ForecastSelection {
  periodType: PeriodType
  periodStart: string
  groupBy: ForecastGroupBy
  departmentId: number | null
}

/** The figure of one row (or the total row, `row` null) whose deals the drill dialog lists. */
export interface DrillTarget {
  figure: ForecastFigure
  row: ForecastRow | null
}

/** The drill-down's scope: the row (its grouping and key; nothing for the total) within the department root. */
export function drillScope(
  selection: ForecastSelection,
  row: ForecastRow | null,
): { group_by?: ForecastGroupBy; key_id?: number | null; department_id?: number } {
  const root = selection.departmentId === null ? {} : { department_id: selection.departmentId }
  return row ? { ...root, group_by: selection.groupBy, key_id: row.key_id } : root
}

/**
 * The forecast page's state: the chosen period, grouping and department root, the forecast the
 * server computed for them (reloaded on every change; stale answers dropped) and the open drill-down.
 */
export function useForecast(initial: Partial<ForecastSelection> = {}) {
  const selection = reactive<ForecastSelection>({
    periodType: 'quarter',
    periodStart: periodStartOf(initial.periodType ?? 'quarter'),
    groupBy: 'owner',
    departmentId: null,
    ...initial,
  })
  const forecast = shallowRef<Forecast | null>(null)
  const isLoading = ref(false)
  const drill = shallowRef<DrillTarget | null>(null)
  let generation = 0

  async function load(): Promise<void> {
    const mine = ++generation
    isLoading.value = true
    try {
      const answer = await getForecast({
        period_type: selection.periodType,
        period_start: selection.periodStart,
        group_by: selection.groupBy,
        department_id: selection.departmentId,
      })
      if (mine === generation) forecast.value = answer
    } catch (error) {
      if (mine === generation) notifyError(error)
    } finally {
      if (mine === generation) isLoading.value = false
    }
  }

  watch(() => ({ ...selection }), load)

  function openDrill(figure: ForecastFigure, row: ForecastRow | null): void {
    drill.value = { figure, row }
  }

  return { selection, forecast, isLoading, drill, load, openDrill }
}
