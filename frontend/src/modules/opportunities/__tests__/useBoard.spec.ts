import { flushPromises } from '@vue/test-utils'
import type * as ElementPlus from 'element-plus'
import { ElNotification } from 'element-plus'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import { setLocale } from '@/app/i18n'
import * as api from '../api'
import { useBoard } from '../composables/useBoard'
import { board, card, pipeline } from './fixtures'

vi.mock('../api', () => ({
  listPipelines: vi.fn(),
  getBoard: vi.fn(),
  getBoardColumn: vi.fn(),
  getOpportunity: vi.fn(),
  moveOpportunity: vi.fn(),
}))
vi.mock('element-plus', async (original) => ({
  ...(await original<typeof ElementPlus>()),
  ElNotification: { warning: vi.fn() },
  ElMessage: { error: vi.fn() },
}))

async function loaded() {
  vi.mocked(api.listPipelines).mockResolvedValue([pipeline])
  vi.mocked(api.getBoard).mockResolvedValue(board())
  const state = useBoard()
  await state.loadPipelines()
  await state.reload()
  return state
}

const column = (state: ReturnType<typeof useBoard>, stageId: number) => state.columns.value.find((item) => item.stageId === stageId)!
const ids = (state: ReturnType<typeof useBoard>, stageId: number) => column(state, stageId).items.map((item) => item.id)

describe('useBoard', () => {
  beforeEach(() => {
    setLocale('zh-CN')
    vi.clearAllMocks()
  })

  it('opens the default pipeline with its columns and totals', async () => {
    const state = await loaded()
    expect(state.pipelineId.value).toBe(1)
    expect(api.getBoard).toHaveBeenCalledWith({ pipeline_id: 1 })
    expect(ids(state, 11)).toEqual([1, 2])
    expect(column(state, 11)).toMatchObject({ count: 2, amount: '3000.00', weightedAmount: '300.00', nextCursor: 'c11', probability: 10 })
  })

  it('sends the filters with the board query', async () => {
    const state = await loaded()
    state.filters.ownerId = 7
    state.filters.amountMin = '500'
    state.filters.status = ['won']
    await state.reload()
    expect(api.getBoard).toHaveBeenLastCalledWith({ pipeline_id: 1, owner_id: 7, amount_min: '500' })
  })

  it('moves a card at once and keeps it where the server put it', async () => {
    const state = await loaded()
    let resolve: (value: api.Opportunity) => void = () => {}
    vi.mocked(api.moveOpportunity).mockReturnValue(new Promise((done) => (resolve = done)))
    const pending = state.move(1, 12)
    // Before the server answers the card already sits in the new column, totals moved with it.
    expect(ids(state, 11)).toEqual([2])
    expect(ids(state, 12)).toEqual([1])
    expect(column(state, 11)).toMatchObject({ count: 1, amount: '2000.00', weightedAmount: '200.00' })
    expect(column(state, 12)).toMatchObject({ count: 1, amount: '1000.00', weightedAmount: '250.00' })
    expect(api.moveOpportunity).toHaveBeenCalledWith(1, { stage_id: 12, version: 1 })
    resolve(card(1, 12, { version: 2, probability: 25 }) as api.Opportunity)
    expect(await pending).toBe(true)
    expect(ids(state, 12)).toEqual([1])
    expect(state.cardById(1)?.version).toBe(2)
    expect(column(state, 12)).toMatchObject({ count: 1, amount: '1000.00', weightedAmount: '250.00' })
  })

  it('snaps a refused card back to its place and shows the server reason', async () => {
    const state = await loaded()
    const refusal = new ApiError({ status: 422, code: 'opportunity.gate_failed', message: '进入「商务谈判」前需要：金额、决策人联系人' })
    vi.mocked(api.moveOpportunity).mockRejectedValue(refusal)
    expect(await state.move(2, 14)).toBe(false)
    expect(ids(state, 11)).toEqual([1, 2])
    expect(ids(state, 14)).toEqual([])
    expect(column(state, 11)).toMatchObject({ count: 2, amount: '3000.00', weightedAmount: '300.00' })
    expect(column(state, 14)).toMatchObject({ count: 0, amount: '0.00', weightedAmount: '0.00' })
    expect(ElNotification.warning).toHaveBeenCalledWith(
      expect.objectContaining({ title: '无法移动', message: '进入「商务谈判」前需要：金额、决策人联系人' }),
    )
    expect(api.getOpportunity).not.toHaveBeenCalled()
  })

  it('reloads the card after a stale version', async () => {
    const state = await loaded()
    vi.mocked(api.moveOpportunity).mockRejectedValue(new ApiError({ status: 409, code: 'conflict.stale_version', message: 'stale' }))
    vi.mocked(api.getOpportunity).mockResolvedValue({ ...card(1, 12, { version: 5, name: '改过的商机' }) } as api.OpportunityDetail)
    expect(await state.move(1, 14)).toBe(false)
    await flushPromises()
    // Someone else had moved it meanwhile: it shows where the server says, with the new version.
    expect(ids(state, 11)).toEqual([2])
    expect(ids(state, 12)).toEqual([1])
    expect(state.cardById(1)).toMatchObject({ version: 5, name: '改过的商机' })
    expect(column(state, 14).count).toBe(0)
  })

  it('does nothing when a card is dropped on its own column', async () => {
    const state = await loaded()
    expect(await state.move(1, 11)).toBe(false)
    expect(api.moveOpportunity).not.toHaveBeenCalled()
  })

  it('appends the next page of a column without duplicates', async () => {
    const state = await loaded()
    vi.mocked(api.getBoardColumn).mockResolvedValue({ items: [card(2, 11), card(3, 11)], next_cursor: null })
    await state.loadMore(11)
    expect(api.getBoardColumn).toHaveBeenCalledWith({ pipeline_id: 1, stage_id: 11, cursor: 'c11', limit: 20 })
    expect(ids(state, 11)).toEqual([1, 2, 3])
    expect(column(state, 11).nextCursor).toBeNull()
    await state.loadMore(11)
    expect(api.getBoardColumn).toHaveBeenCalledTimes(1)
  })
})
