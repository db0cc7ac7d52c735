/**
 * The board's columns as local state, and the pure moves on them: a card moves at once when it is
 * dropped (totals follow), and the move is undone exactly when the server refuses it.
 */
import type { BoardColumn, OpportunityCard } from '../api'
import { fromCents, toCents, weightedCents } from './money'

export interface ColumnState {
  stageId: number
  probability: number
  count: number
  /** Decimal strings, in CNY; null when a field rule hides amounts from the viewer. */
  amount: string | null
  weightedAmount: string | null
  items: OpportunityCard[]
  nextCursor: string | null
  isLoading: boolean
}

/** What is needed to put a card back where it was. */
export interface MoveUndo {
  card: OpportunityCard
  fromStageId: number
  toStageId: number
  index: number
  from: Pick<ColumnState, 'count' | 'amount' | 'weightedAmount'>
  to: Pick<ColumnState, 'count' | 'amount' | 'weightedAmount'>
}

export function toColumnState(column: BoardColumn, probability: number): ColumnState {
  return {
    stageId: column.stage_id,
    probability,
    count: column.count,
    amount: column.amount ?? null,
    weightedAmount: column.weighted_amount ?? null,
    items: [...column.items],
    nextCursor: column.next_cursor ?? null,
    isLoading: false,
  }
}

const totals = (column: ColumnState) => ({ count: column.count, amount: column.amount, weightedAmount: column.weightedAmount })

export function findCard(columns: ColumnState[], cardId: number): { column: ColumnState; index: number } | null {
  for (const column of columns) {
    const index = column.items.findIndex((item) => item.id === cardId)
    if (index !== -1) return { column, index }
  }
  return null
}

/** Add (sign 1) or remove (sign -1) a card's share of a column's totals. */
function adjust(column: ColumnState, card: OpportunityCard, sign: 1n | -1n): void {
  column.count = Math.max(0, column.count + Number(sign))
  if (column.amount !== null) column.amount = fromCents(toCents(column.amount) + sign * toCents(card.amount_cny))
  if (column.weightedAmount !== null) {
    column.weightedAmount = fromCents(toCents(column.weightedAmount) + sign * weightedCents(card.amount_cny, card.probability))
  }
}

const take = (column: ColumnState, card: OpportunityCard) => adjust(column, card, -1n)
const give = (column: ColumnState, card: OpportunityCard) => adjust(column, card, 1n)

/** Move a card to the top of another column now; null when there is nothing to move. */
export function moveLocally(columns: ColumnState[], cardId: number, toStageId: number): MoveUndo | null {
  const found = findCard(columns, cardId)
  const target = columns.find((column) => column.stageId === toStageId)
  if (!found || !target || found.column === target) return null
  const { column: source, index } = found
  const card = source.items[index] as OpportunityCard
  const undo: MoveUndo = { card, fromStageId: source.stageId, toStageId, index, from: totals(source), to: totals(target) }
  source.items.splice(index, 1)
  take(source, card)
  // The stage's default probability comes with the move (the server sets it the same way).
  const moved = { ...card, stage_id: toStageId, probability: target.probability }
  target.items.unshift(moved)
  give(target, moved)
  return undo
}

/** Put the card back in its old place with the old totals. */
export function undoMove(columns: ColumnState[], undo: MoveUndo): void {
  const source = columns.find((column) => column.stageId === undo.fromStageId)
  const target = columns.find((column) => column.stageId === undo.toStageId)
  if (!source || !target) return
  target.items = target.items.filter((item) => item.id !== undo.card.id)
  Object.assign(target, undo.to)
  source.items.splice(Math.min(undo.index, source.items.length), 0, undo.card)
  Object.assign(source, undo.from)
}

/** Show the server's version of a card, in the column of its stage (totals adjusted if it moved). */
export function placeCard(columns: ColumnState[], card: OpportunityCard): void {
  const found = findCard(columns, card.id)
  const target = columns.find((column) => column.stageId === card.stage_id)
  if (found && found.column === target) {
    const old = found.column.items[found.index] as OpportunityCard
    take(found.column, old)
    found.column.items.splice(found.index, 1, card)
    give(found.column, card)
    return
  }
  if (found) {
    const [old] = found.column.items.splice(found.index, 1)
    if (old) take(found.column, old)
  }
  if (target) {
    target.items.unshift(card)
    give(target, card)
  }
}

/** Append a next page, skipping cards already shown (a card moved in meanwhile). */
export function appendPage(column: ColumnState, items: OpportunityCard[], nextCursor: string | null): void {
  const shown = new Set(column.items.map((item) => item.id))
  column.items.push(...items.filter((item) => !shown.has(item.id)))
  column.nextCursor = nextCursor
}
