import type { components, paths } from '@/api/generated/schema'
import { api, unwrap } from '@/api/http'

type Schemas = components['schemas']

/** The length of a forecast or target period. */
export type PeriodType = NonNullable<Schemas['ForecastQuery']['period_type']>
export type ForecastGroupBy = NonNullable<Schemas['ForecastQuery']['group_by']>
/** The figures of a forecast row that stand for a set of deals (each one drills down). */
export type ForecastFigure = Schemas['DrillQuery']['figure']
export type RiskKind = NonNullable<Schemas['AtRiskQuery']['risk']>[number]

export const RISK_KINDS: RiskKind[] = [
  'close_date_passed',
  'stage_overdue',
  'no_activity',
  'amount_lowered',
  'close_date_pushed',
  'key_contact_gone',
]

type QueryOf<Path extends keyof paths> = paths[Path] extends { get: { parameters: { query?: infer Query } } } ? NonNullable<Query> : never

export type ForecastQuery = QueryOf<'/api/v1/forecast'>
export type TargetQuery = QueryOf<'/api/v1/targets'>
export type DrillQuery = QueryOf<'/api/v1/forecast/drill'>
export type AtRiskQuery = QueryOf<'/api/v1/opportunities/at-risk'>

// ---- forecast ----

/** Target, closed, commit, best case, pipeline and weighted per owner / team / region, with last week's changes. */
export const getForecast = (query: ForecastQuery) => unwrap(api.GET('/api/v1/forecast', { params: { query } }))

/** The deals behind one figure of one row (no owner or department: the total row). */
export const forecastDrill = (query: DrillQuery) => unwrap(api.GET('/api/v1/forecast/drill', { params: { query } }))

// ---- targets ----

export const listTargets = (query: TargetQuery) => unwrap(api.GET('/api/v1/targets', { params: { query } }))

/** Set one period's targets for several people and teams at once. */
export const saveTargets = (body: TargetsBulkInput) => unwrap(api.PUT('/api/v1/targets/bulk', { body }))

// ---- at risk ----

export const listAtRisk = (query: AtRiskQuery) => unwrap(api.GET('/api/v1/opportunities/at-risk', { params: { query } }))

export type Forecast = Awaited<ReturnType<typeof getForecast>>
export type ForecastRow = Forecast['rows'][number]
export type DealPage = Awaited<ReturnType<typeof forecastDrill>>
/** A deal as the viewer may see it (hidden fields absent, masked ones masked). */
export type Deal = DealPage['items'][number]
export type Target = Awaited<ReturnType<typeof listTargets>>[number]
export type TargetsBulkInput = Schemas['SalesTargetBulkIn']
