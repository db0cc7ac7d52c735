import { api, unwrap } from '@/api/http'
import type { components } from '@/api/generated/schema'

type Schemas = components['schemas']

export type Pipeline = Schemas['PipelineOut']
export type Stage = Schemas['StageOut']
export type StageInput = Schemas['StageIn']
export type PipelineInput = Schemas['PipelineIn']
export type PipelinePatch = Schemas['PipelinePatch']
export type LostReason = Schemas['LostReasonOut']
export type LostReasonInput = Schemas['LostReasonIn']
export type ExchangeRate = Schemas['ExchangeRateOut']
export type ExchangeRateInput = Schemas['ExchangeRateIn']
export type GateRequirement = Schemas['GateRequirementOut']

const pipelinePath = (id: number) => ({ params: { path: { pipeline_id: id } } })

export const listPipelines = () => unwrap(api.GET('/api/v1/opportunity-settings/pipelines'))

export const createPipeline = (body: PipelineInput) => unwrap(api.POST('/api/v1/opportunity-settings/pipelines', { body }))

/** Send `version`; `stages`, when given, replaces the list (existing stages keep their ids). */
export const updatePipeline = (id: number, body: PipelinePatch) =>
  unwrap(api.PATCH('/api/v1/opportunity-settings/pipelines/{pipeline_id}', { ...pipelinePath(id), body }))

export const listLostReasons = () => unwrap(api.GET('/api/v1/opportunity-settings/lost-reasons'))

export const saveLostReasons = (items: LostReasonInput[]) =>
  unwrap(api.PUT('/api/v1/opportunity-settings/lost-reasons', { body: { items } }))

export const listRates = () => unwrap(api.GET('/api/v1/opportunity-settings/rates'))

export const createRate = (body: ExchangeRateInput) => unwrap(api.POST('/api/v1/opportunity-settings/rates', { body }))

export const listGateRequirements = () => unwrap(api.GET('/api/v1/opportunity-settings/gate-requirements'))
