import { api, unwrap } from '@/api/http'
import type { components } from '@/api/generated/schema'

export type AuditEntry = components['schemas']['AuditEntryOut']

export interface AuditQuery {
  user_id?: number | null
  object_type?: string
  object_id?: string
  action?: string
  since?: string | null
  until?: string | null
  cursor?: string | null
  limit?: number
}

export const listAuditEntries = (query: AuditQuery) => unwrap(api.GET('/api/v1/audit', { params: { query } }))
