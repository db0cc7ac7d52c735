import { ElNotification } from 'element-plus'
import { computed, reactive, ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError, translateError } from '@/shared/errors'
import {
  getBoard,
  getBoardColumn,
  getOpportunity,
  listPipelines,
  moveOpportunity,
  type MoveInput,
  type OpportunityCard,
  type Pipeline,
  type Stage,
} from '../api'
import { appendPage, findCard, moveLocally, placeCard, toColumnState, undoMove, type ColumnState } from './boardColumns'
import { emptyFilters, toBoardFilters, type OpportunityFilters } from './opportunityFilters'

export type MoveExtras = Omit<MoveInput, 'stage_id' | 'version'>

/** Cards per "load more" of one column (the first page comes with the board). */
export const COLUMN_PAGE = 20

/** Tell the user why the server refused a move, in its own words (a gate lists what is missing). */
export function reportRefusal(error: unknown): void {
  if (!isApiError(error) || error.status === 0 || error.status >= 500) {
    notifyError(error)
    return
  }
  ElNotification.warning({
    title: i18n.global.t('opportunities.board.moveRefused'),
    message: translateError(error),
    customClass: 'board-move-refused',
    duration: 8000,
  })
}

/**
 * The kanban of one pipeline: its columns with their first pages and totals, more cards per column
 * on demand, and moves that show at once and snap back when the server refuses them.
 */
export function useBoard() {
  const pipelines = shallowRef<Pipeline[]>([])
  const pipelineId = ref<number | null>(null)
  const filters = reactive<OpportunityFilters>(emptyFilters())
  const columns = ref<ColumnState[]>([])
  const isLoading = ref(false)
  let generation = 0

  const pipeline = computed(() => pipelines.value.find((item) => item.id === pipelineId.value) ?? null)
  const stages = computed<Stage[]>(() => (pipeline.value?.stages ?? []).filter((stage) => stage.is_active))
  const stageOf = (stageId: number) => stages.value.find((stage) => stage.id === stageId) ?? null

  async function loadPipelines(): Promise<void> {
    try {
      pipelines.value = (await listPipelines()).filter((item) => item.is_active)
      const preferred = pipelines.value.find((item) => item.is_default) ?? pipelines.value[0]
      if (pipelineId.value === null || !pipeline.value) pipelineId.value = preferred?.id ?? null
    } catch (error) {
      notifyError(error)
    }
  }

  const query = () => ({ pipeline_id: pipelineId.value ?? undefined, ...toBoardFilters(filters) })

  async function reload(): Promise<void> {
    if (pipelineId.value === null) return
    const mine = ++generation
    isLoading.value = true
    try {
      const board = await getBoard(query())
      if (mine !== generation) return
      const probability = new Map(board.pipeline.stages.map((stage) => [stage.id, stage.probability]))
      columns.value = board.columns.map((column) => toColumnState(column, probability.get(column.stage_id) ?? 0))
    } catch (error) {
      if (mine === generation) notifyError(error)
    } finally {
      if (mine === generation) isLoading.value = false
    }
  }

  async function loadMore(stageId: number): Promise<void> {
    const column = columns.value.find((item) => item.stageId === stageId)
    if (!column || !column.nextCursor || column.isLoading) return
    const mine = generation
    column.isLoading = true
    try {
      const page = await getBoardColumn({ ...query(), stage_id: stageId, cursor: column.nextCursor, limit: COLUMN_PAGE })
      if (mine === generation) appendPage(column, page.items, page.next_cursor ?? null)
    } catch (error) {
      notifyError(error)
    } finally {
      column.isLoading = false
    }
  }

  /** The server's current card (after a stale version), put in its column. */
  async function refreshCard(cardId: number): Promise<void> {
    try {
      placeCard(columns.value, await getOpportunity(cardId))
    } catch (error) {
      notifyError(error)
    }
  }

  /** Move a card; true when the server accepted. A refusal puts the card back and says why. */
  async function move(cardId: number, toStageId: number, extras: MoveExtras = {}): Promise<boolean> {
    const found = findCard(columns.value, cardId)
    if (!found) return false
    const version = (found.column.items[found.index] as OpportunityCard).version
    const undo = moveLocally(columns.value, cardId, toStageId)
    if (!undo) return false
    try {
      const saved = await moveOpportunity(cardId, { stage_id: toStageId, version, ...extras })
      placeCard(columns.value, saved)
      return true
    } catch (error) {
      undoMove(columns.value, undo)
      reportRefusal(error)
      if (isApiError(error) && error.status === 409 && error.code === 'conflict.stale_version') await refreshCard(cardId)
      return false
    }
  }

  /** Show an edited card (quick edit, a new deal) without reloading the board. */
  const showCard = (card: OpportunityCard) => placeCard(columns.value, card)

  const cardById = (cardId: number) => {
    const found = findCard(columns.value, cardId)
    return found ? (found.column.items[found.index] as OpportunityCard) : null
  }

  return {
    pipelines,
    pipelineId,
    pipeline,
    stages,
    stageOf,
    filters,
    columns,
    isLoading,
    loadPipelines,
    reload,
    loadMore,
    move,
    refreshCard,
    showCard,
    cardById,
  }
}
