import { api, expectOk, unwrap } from '@/api/http'
import type { paths } from '@/api/generated/schema'
import type { SavedViewInput } from '@/shared/composables/useSavedViews'

/*
 * Types come from the generated schema through the calls themselves (several schema names, such as
 * PipelineOut or TagOut, exist in more than one app, so the generator may suffix them).
 */

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never

export type OpportunityQuery = Query<'/api/v1/opportunities'>
export type BoardQuery = Query<'/api/v1/opportunities/board'>
export type CollaboratorAccess = 'read' | 'edit'
export type BulkAction = 'transfer' | 'move' | 'delete' | 'add_tag' | 'remove_tag'
export type ForecastCategory = 'omitted' | 'pipeline' | 'best_case' | 'commit'

const opportunityPath = (id: number) => ({ params: { path: { opportunity_id: id } } })

// ---- settings the board and forms read ----

export const listPipelines = () => unwrap(api.GET('/api/v1/opportunity-settings/pipelines'))

export const listLostReasons = () => unwrap(api.GET('/api/v1/opportunity-settings/lost-reasons'))

// ---- board ----

export const getBoard = (query: BoardQuery) => unwrap(api.GET('/api/v1/opportunities/board', { params: { query } }))

export const getBoardColumn = (query: BoardQuery & { stage_id: number; cursor: string; limit?: number }) =>
  unwrap(api.GET('/api/v1/opportunities/board/column', { params: { query } }))

// ---- deals ----

export const listOpportunities = (query: OpportunityQuery) =>
  unwrap(api.GET('/api/v1/opportunities', { params: { query } }))

export const getOpportunity = (id: number) =>
  unwrap(api.GET('/api/v1/opportunities/{opportunity_id}', opportunityPath(id)))

export type OpportunityInput = NonNullable<paths['/api/v1/opportunities']['post']['requestBody']>['content']['application/json']
export type OpportunityPatch = NonNullable<
  paths['/api/v1/opportunities/{opportunity_id}']['patch']['requestBody']
>['content']['application/json']
export type MoveInput = NonNullable<
  paths['/api/v1/opportunities/{opportunity_id}/move']['post']['requestBody']
>['content']['application/json']
export type WonInput = NonNullable<
  paths['/api/v1/opportunities/{opportunity_id}/won']['post']['requestBody']
>['content']['application/json']
export type LostInput = NonNullable<
  paths['/api/v1/opportunities/{opportunity_id}/lost']['post']['requestBody']
>['content']['application/json']

export const createOpportunity = (body: OpportunityInput) => unwrap(api.POST('/api/v1/opportunities', { body }))

/** Send only the keys that change, plus `version`. */
export const updateOpportunity = (id: number, body: OpportunityPatch) =>
  unwrap(api.PATCH('/api/v1/opportunities/{opportunity_id}', { ...opportunityPath(id), body }))

export const deleteOpportunity = (id: number) =>
  expectOk(api.DELETE('/api/v1/opportunities/{opportunity_id}', opportunityPath(id)))

/** Move to another stage; the server checks the stage's gate and the version. */
export const moveOpportunity = (id: number, body: MoveInput) =>
  unwrap(api.POST('/api/v1/opportunities/{opportunity_id}/move', { ...opportunityPath(id), body }))

export const markWon = (id: number, body: WonInput) =>
  unwrap(api.POST('/api/v1/opportunities/{opportunity_id}/won', { ...opportunityPath(id), body }))

export const markLost = (id: number, body: LostInput) =>
  unwrap(api.POST('/api/v1/opportunities/{opportunity_id}/lost', { ...opportunityPath(id), body }))

export const reopenOpportunity = (id: number, stageId: number, version: number) =>
  unwrap(
    api.POST('/api/v1/opportunities/{opportunity_id}/reopen', { ...opportunityPath(id), body: { stage_id: stageId, version } }),
  )

export const transferOpportunity = (id: number, ownerId: number, version: number) =>
  unwrap(
    api.POST('/api/v1/opportunities/{opportunity_id}/transfer', { ...opportunityPath(id), body: { owner_id: ownerId, version } }),
  )

export const bulkOpportunities = (body: {
  ids: number[]
  action: BulkAction
  owner_id?: number | null
  stage_id?: number | null
  tag_id?: number | null
}) => unwrap(api.POST('/api/v1/opportunities/bulk', { body }))

export const stageHistory = (id: number) =>
  unwrap(api.GET('/api/v1/opportunities/{opportunity_id}/stage-history', opportunityPath(id)))

export const opportunityTimeline = (id: number, cursor: string | null) =>
  unwrap(
    api.GET('/api/v1/opportunities/{opportunity_id}/timeline', {
      params: { path: { opportunity_id: id }, query: { cursor, limit: 20 } },
    }),
  )

export const customerOpportunities = (customerId: number) =>
  unwrap(api.GET('/api/v1/customers/{customer_id}/opportunities', { params: { path: { customer_id: customerId } } }))

// ---- collaborators ----

export const listCollaborators = (id: number) =>
  unwrap(api.GET('/api/v1/opportunities/{opportunity_id}/collaborators', opportunityPath(id)))

export const setCollaborator = (id: number, userId: number, access: CollaboratorAccess) =>
  unwrap(
    api.PUT('/api/v1/opportunities/{opportunity_id}/collaborators/{user_id}', {
      params: { path: { opportunity_id: id, user_id: userId } },
      body: { access },
    }),
  )

export const removeCollaborator = (id: number, userId: number) =>
  expectOk(
    api.DELETE('/api/v1/opportunities/{opportunity_id}/collaborators/{user_id}', {
      params: { path: { opportunity_id: id, user_id: userId } },
    }),
  )

// ---- saved list views ----

const viewPath = (id: number) => ({ params: { path: { view_id: id } } })

export const listViews = () => unwrap(api.GET('/api/v1/opportunities/views'))

export const createView = (body: SavedViewInput) => unwrap(api.POST('/api/v1/opportunities/views', { body }))

export const updateView = (id: number, body: SavedViewInput) =>
  unwrap(api.PUT('/api/v1/opportunities/views/{view_id}', { ...viewPath(id), body }))

export const deleteView = (id: number) => expectOk(api.DELETE('/api/v1/opportunities/views/{view_id}', viewPath(id)))

// ---- the shapes the pages work with ----

export type Pipeline = Awaited<ReturnType<typeof listPipelines>>[number]
export type Stage = Pipeline['stages'][number]
export type LostReason = Awaited<ReturnType<typeof listLostReasons>>[number]
export type Board = Awaited<ReturnType<typeof getBoard>>
export type BoardColumn = Board['columns'][number]
export type OpportunityCard = BoardColumn['items'][number]
export type Opportunity = Awaited<ReturnType<typeof listOpportunities>>['items'][number]
export type OpportunityDetail = Awaited<ReturnType<typeof getOpportunity>>
export type ProductLine = OpportunityDetail['lines'][number]
export type ContactRole = OpportunityDetail['contacts'][number]
export type StageChange = Awaited<ReturnType<typeof stageHistory>>[number]
export type BulkResult = Awaited<ReturnType<typeof bulkOpportunities>>
export type TimelineEntry = Awaited<ReturnType<typeof opportunityTimeline>>['items'][number]
