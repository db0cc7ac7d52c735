import { api, expectOk, unwrap } from '@/api/http'
import { isApiError } from '@/api/errors'
import type { paths } from '@/api/generated/schema'
import { DuplicateError, type Candidate } from '@/modules/customers/api'

/*
 * Public pools (公海), lead conversion and scoring rules. Types come from the generated schema
 * through the calls themselves.
 */

export type PoolResource = 'customers' | 'leads'

type Body<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P] extends Record<M, { requestBody?: infer B }>
  ? NonNullable<B> extends { content: { 'application/json': infer J } }
    ? J
    : never
  : never

const poolPath = (id: number) => ({ params: { path: { pool_id: id } } })

// ---- pools: settings ----

export const listPools = () => unwrap(api.GET('/api/v1/pools'))

export type PoolInput = Body<'/api/v1/pools', 'post'>
export type PoolPatch = Body<'/api/v1/pools/{pool_id}', 'patch'>

export const createPool = (body: PoolInput) => unwrap(api.POST('/api/v1/pools', { body }))

export const updatePool = (id: number, body: PoolPatch) => unwrap(api.PATCH('/api/v1/pools/{pool_id}', { ...poolPath(id), body }))

export const deletePool = (id: number) => expectOk(api.DELETE('/api/v1/pools/{pool_id}', poolPath(id)))

// ---- pools: working from them ----

export const myPools = (resource: PoolResource) => unwrap(api.GET('/api/v1/pools/mine', { params: { query: { resource } } }))

export const poolRecords = (id: number, cursor: string | null, limit = 50) =>
  unwrap(api.GET('/api/v1/pools/{pool_id}/records', { params: { path: { pool_id: id }, query: { cursor, limit } } }))

export const assignFromPool = (id: number, ids: number[], userId: number) =>
  unwrap(api.POST('/api/v1/pools/{pool_id}/assign', { ...poolPath(id), body: { ids, user_id: userId } }))

export function claimRecord(resource: PoolResource, id: number) {
  return resource === 'customers'
    ? unwrap(api.POST('/api/v1/customers/{customer_id}/claim', { params: { path: { customer_id: id } } }))
    : unwrap(api.POST('/api/v1/leads/{lead_id}/claim', { params: { path: { lead_id: id } } }))
}

export function releaseRecord(resource: PoolResource, id: number, reason: string) {
  return resource === 'customers'
    ? unwrap(api.POST('/api/v1/customers/{customer_id}/release', { params: { path: { customer_id: id } }, body: { reason } }))
    : unwrap(api.POST('/api/v1/leads/{lead_id}/release', { params: { path: { lead_id: id } }, body: { reason } }))
}

export const poolHistory = (resource: PoolResource, id: number) =>
  unwrap(api.GET('/api/v1/pool-history/{resource}/{object_id}', { params: { path: { resource, object_id: id } } }))

// ---- conversion ----

export type ConversionInput = Body<'/api/v1/leads/{lead_id}/convert', 'post'>

export const conversionPreview = (leadId: number) =>
  unwrap(api.GET('/api/v1/leads/{lead_id}/conversion-preview', { params: { path: { lead_id: leadId } } }))

/** Convert; a likely duplicate customer (409) throws a DuplicateError carrying the server's candidates. */
export async function convertLead(leadId: number, body: ConversionInput) {
  const pending = api.POST('/api/v1/leads/{lead_id}/convert', { params: { path: { lead_id: leadId } }, body })
  try {
    return await unwrap(pending)
  } catch (error) {
    if (!isApiError(error) || error.status !== 409) throw error
    const { error: answer } = await pending
    const candidates = (answer as { candidates?: Candidate[] } | undefined)?.candidates
    throw Array.isArray(candidates) ? new DuplicateError(error, candidates) : error
  }
}

// ---- scoring rules ----

export type ScoringRuleInput = Body<'/api/v1/lead-settings/scoring-rules', 'post'>
export type ScoringRulePatch = Body<'/api/v1/lead-settings/scoring-rules/{rule_id}', 'patch'>
const rulePath = (id: number) => ({ params: { path: { rule_id: id } } })

export const listScoringRules = () => unwrap(api.GET('/api/v1/lead-settings/scoring-rules'))

export const createScoringRule = (body: ScoringRuleInput) => unwrap(api.POST('/api/v1/lead-settings/scoring-rules', { body }))

export const updateScoringRule = (id: number, body: ScoringRulePatch) =>
  unwrap(api.PATCH('/api/v1/lead-settings/scoring-rules/{rule_id}', { ...rulePath(id), body }))

export const deleteScoringRule = (id: number) => expectOk(api.DELETE('/api/v1/lead-settings/scoring-rules/{rule_id}', rulePath(id)))

// ---- the shapes the pages work with ----

export type Pool = Awaited<ReturnType<typeof listPools>>[number]
export type MemberPool = Awaited<ReturnType<typeof myPools>>[number]
export type PoolRecordPage = Awaited<ReturnType<typeof poolRecords>>
export type PoolRecordItem = PoolRecordPage['items'][number]
export type PoolEvent = Awaited<ReturnType<typeof poolHistory>>[number]
export type AssignResult = Awaited<ReturnType<typeof assignFromPool>>
export type ConversionPreview = Awaited<ReturnType<typeof conversionPreview>>
export type ConversionResult = Awaited<ReturnType<typeof convertLead>>
export type ScoringRule = Awaited<ReturnType<typeof listScoringRules>>[number]
