import { ApiError, isApiError } from '@/api/errors'
import { api, expectOk, unwrap } from '@/api/http'
import type { components } from '@/api/generated/schema'
import type { SavedViewInput } from '@/shared/composables/useSavedViews'
import type { CustomerFilterParams } from './composables/customerFilters'

type Schemas = components['schemas']

/** A customer as the viewer may see it: hidden fields are absent, masked ones come masked. */
export type Customer = Schemas['CustomerOut']
export type CustomerInput = Schemas['CustomerIn']
export type CustomerPatch = Schemas['CustomerPatch']
export type Tag = Schemas['TagOut']
export type Collaborator = Schemas['CollaboratorOut']
export type CollaboratorAccess = 'read' | 'edit'
export type Contact = Schemas['ContactOut']
export type ContactInput = Schemas['ContactIn']
export type ContactPatch = Schemas['ContactPatch']
export type Candidate = Schemas['CandidateOut']
export type DuplicateCheck = Schemas['DuplicateCheckIn']
export type DuplicateGroup = Schemas['DuplicateGroupOut']
export type MergeInput = Schemas['MergeIn']
export type Merge = Schemas['MergeOut']
export type Option = Schemas['OptionOut']
export type OptionInput = Schemas['OptionIn']
export type CustomField = Schemas['CustomFieldOut']
export type CustomFieldInput = Schemas['CustomFieldIn']
export type CustomFieldPatch = Schemas['CustomFieldPatch']
export type TimelineEntry = Schemas['TimelineEntryOut']
export type BulkInput = Schemas['BulkIn']
export type BulkResult = Schemas['BulkOut']
export type ImportJob = Schemas['ImportJobOut']
export type ImportPreview = Schemas['PreviewOut']
export type ImportPreviewRow = Schemas['PreviewRowOut']
export type ImportTarget = Schemas['TargetOut']
export type ImportTemplate = Schemas['TemplateOut']
export type ImportRun = Schemas['RunIn']
export type ExportJob = Schemas['ExportJobOut']
export type Attachment = Schemas['AttachmentOut']

export type OptionKind = 'level' | 'stage' | 'industry' | 'source' | 'decision_role'
export type BulkOperation = 'transfer' | 'add_tags' | 'remove_tags' | 'set_stage' | 'delete'
export type ImportMode = 'create' | 'update' | 'upsert'
export type JobStatus = 'pending' | 'running' | 'done' | 'failed' | 'cancelled'

export type CustomerQuery = CustomerFilterParams & {
  ordering?: string | null
  cursor?: string | null
  limit?: number
}

const API = '/api/v1'
const customerPath = (id: number) => ({ params: { path: { customer_id: id } } })

/** A 409 on create that names the customers the new one may duplicate. */
export class DuplicateError extends ApiError {
  readonly candidates: Candidate[]

  constructor(error: ApiError, candidates: Candidate[]) {
    super({ status: error.status, code: error.code, message: error.message, fields: error.fields })
    this.candidates = candidates
  }
}

export function isDuplicateError(value: unknown): value is DuplicateError {
  return value instanceof DuplicateError
}

// ---- customers ----

export const listCustomers = (query: CustomerQuery) => unwrap(api.GET('/api/v1/customers', { params: { query } }))

export const getCustomer = (id: number) => unwrap(api.GET('/api/v1/customers/{customer_id}', customerPath(id)))

/** Create; a likely duplicate throws a DuplicateError carrying the server's candidates. */
export async function createCustomer(body: CustomerInput): Promise<Customer> {
  const pending = api.POST('/api/v1/customers', { body })
  try {
    return await unwrap(pending)
  } catch (error) {
    if (!isApiError(error) || error.status !== 409) throw error
    const { error: body } = await pending
    const candidates = (body as { candidates?: Candidate[] } | undefined)?.candidates
    throw Array.isArray(candidates) ? new DuplicateError(error, candidates) : error
  }
}

/** Send only the keys that change, plus `version`. */
export const updateCustomer = (id: number, body: CustomerPatch) =>
  unwrap(api.PATCH('/api/v1/customers/{customer_id}', { ...customerPath(id), body }))

export const deleteCustomer = (id: number) => expectOk(api.DELETE('/api/v1/customers/{customer_id}', customerPath(id)))

export const transferCustomer = (id: number, ownerId: number, version: number) =>
  unwrap(api.POST('/api/v1/customers/{customer_id}/transfer', { ...customerPath(id), body: { owner_id: ownerId, version } }))

export const bulkUpdate = (body: BulkInput) => unwrap(api.POST('/api/v1/customers/bulk', { body }))

export const quickSearch = (q: string, limit = 8) =>
  unwrap(api.GET('/api/v1/customers/search', { params: { query: { q, limit } } }))

export const customerContacts = (id: number) =>
  unwrap(api.GET('/api/v1/customers/{customer_id}/contacts', customerPath(id)))

export const customerTimeline = (id: number, cursor: string | null) =>
  unwrap(
    api.GET('/api/v1/customers/{customer_id}/timeline', {
      params: { path: { customer_id: id }, query: { cursor, limit: 20 } },
    }),
  )

// ---- collaborators ----

export const listCollaborators = (id: number) =>
  unwrap(api.GET('/api/v1/customers/{customer_id}/collaborators', customerPath(id)))

export const setCollaborator = (id: number, userId: number, access: CollaboratorAccess) =>
  unwrap(
    api.PUT('/api/v1/customers/{customer_id}/collaborators/{user_id}', {
      params: { path: { customer_id: id, user_id: userId } },
      body: { access },
    }),
  )

export const removeCollaborator = (id: number, userId: number) =>
  expectOk(
    api.DELETE('/api/v1/customers/{customer_id}/collaborators/{user_id}', {
      params: { path: { customer_id: id, user_id: userId } },
    }),
  )

// ---- duplicates and merges ----

export const checkDuplicates = (body: DuplicateCheck) => unwrap(api.POST('/api/v1/customers/duplicates/check', { body }))

export const listDuplicateGroups = () => unwrap(api.GET('/api/v1/customers/duplicates'))

export const mergeCustomers = (body: MergeInput) => unwrap(api.POST('/api/v1/customers/merge', { body }))

export const customerMerges = (id: number) => unwrap(api.GET('/api/v1/customers/{customer_id}/merges', customerPath(id)))

export const undoMerge = (mergeId: number) =>
  unwrap(api.POST('/api/v1/customers/merges/{merge_id}/undo', { params: { path: { merge_id: mergeId } } }))

// ---- saved views ----

export const listViews = () => unwrap(api.GET('/api/v1/customers/views'))

export const createView = (body: SavedViewInput) => unwrap(api.POST('/api/v1/customers/views', { body }))

export const updateView = (id: number, body: SavedViewInput) =>
  unwrap(api.PUT('/api/v1/customers/views/{view_id}', { params: { path: { view_id: id } }, body }))

export const deleteView = (id: number) =>
  expectOk(api.DELETE('/api/v1/customers/views/{view_id}', { params: { path: { view_id: id } } }))

// ---- contacts ----

export const createContact = (customerId: number, body: ContactInput) =>
  unwrap(api.POST('/api/v1/contacts/customers/{customer_id}', { ...customerPath(customerId), body }))

/** Send only the keys that change, plus `version`; `customer_id` moves the contact. */
export const updateContact = (id: number, body: ContactPatch) =>
  unwrap(api.PATCH('/api/v1/contacts/{contact_id}', { params: { path: { contact_id: id } }, body }))

export const deleteContact = (id: number) =>
  expectOk(api.DELETE('/api/v1/contacts/{contact_id}', { params: { path: { contact_id: id } } }))

// ---- attachments ----

/** The attachments API serves several record types; this module only attaches to customers. */
const ATTACHMENT_RESOURCE = 'customers'

/** A customer's files, newest first (404 when the customer is out of scope). */
export const listAttachments = (customerId: number) =>
  unwrap(api.GET('/api/v1/attachments', { params: { query: { resource: ATTACHMENT_RESOURCE, object_id: customerId } } }))

/** Multipart upload (needs the edit right); a refused file answers 422 with `fields.file`. */
export const uploadAttachment = (customerId: number, file: File) =>
  unwrap(
    api.POST('/api/v1/attachments', {
      body: { resource: ATTACHMENT_RESOURCE, object_id: customerId, file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData()
        form.append('resource', ATTACHMENT_RESOURCE)
        form.append('object_id', String(customerId))
        form.append('file', file, file.name)
        return form
      },
    }),
  )

export const deleteAttachment = (id: number) =>
  expectOk(api.DELETE('/api/v1/attachments/{attachment_id}', { params: { path: { attachment_id: id } } }))

/** The file itself, always served as a download: a plain link carries the session cookie. */
export const attachmentDownloadUrl = (id: number) => `${API}/attachments/${id}/download`

// ---- settings: tags, option lists, custom fields ----

export const listTags = () => unwrap(api.GET('/api/v1/customer-settings/tags'))

export const DEFAULT_TAG_COLOR = '#409EFF'

export const createTag = (name: string, color = DEFAULT_TAG_COLOR) =>
  unwrap(api.POST('/api/v1/customer-settings/tags', { body: { name, color } }))

export const updateTag = (id: number, body: { name?: string; color?: string }) =>
  unwrap(api.PATCH('/api/v1/customer-settings/tags/{tag_id}', { params: { path: { tag_id: id } }, body }))

export const deleteTag = (id: number) =>
  expectOk(api.DELETE('/api/v1/customer-settings/tags/{tag_id}', { params: { path: { tag_id: id } } }))

export const listOptions = () => unwrap(api.GET('/api/v1/customer-settings/options'))

export const saveOption = (kind: string, code: string, body: OptionInput) =>
  unwrap(api.PUT('/api/v1/customer-settings/options/{kind}/{code}', { params: { path: { kind, code } }, body }))

export const listCustomFields = () => unwrap(api.GET('/api/v1/customer-settings/fields'))

export const createCustomField = (body: CustomFieldInput) => unwrap(api.POST('/api/v1/customer-settings/fields', { body }))

export const updateCustomField = (id: number, body: CustomFieldPatch) =>
  unwrap(api.PATCH('/api/v1/customer-settings/fields/{field_id}', { params: { path: { field_id: id } }, body }))

// ---- import ----

export const listImportTargets = () => unwrap(api.GET('/api/v1/customers/import-fields'))

export const uploadImport = (file: File) =>
  unwrap(
    api.POST('/api/v1/customers/imports', {
      body: { file: file as unknown as string },
      bodySerializer: () => {
        const form = new FormData()
        form.append('file', file, file.name)
        return form
      },
    }),
  )

export const previewImport = (id: number, mapping: Record<string, string>) =>
  unwrap(api.POST('/api/v1/customers/imports/{job_id}/preview', { params: { path: { job_id: id } }, body: { mapping } }))

export const runImport = (id: number, body: ImportRun) =>
  unwrap(api.POST('/api/v1/customers/imports/{job_id}/run', { params: { path: { job_id: id } }, body }))

export const getImport = (id: number) =>
  unwrap(api.GET('/api/v1/customers/imports/{job_id}', { params: { path: { job_id: id } } }))

export const cancelImport = (id: number) =>
  unwrap(api.POST('/api/v1/customers/imports/{job_id}/cancel', { params: { path: { job_id: id } } }))

export const listImportTemplates = () => unwrap(api.GET('/api/v1/customers/import-templates'))

export const saveImportTemplate = (body: { name: string; mapping: Record<string, string>; is_shared: boolean }) =>
  unwrap(api.POST('/api/v1/customers/import-templates', { body }))

/** The rejected rows as .xlsx (a plain link: the browser downloads it with the session cookie). */
export const importErrorsUrl = (id: number) => `${API}/customers/imports/${id}/errors`

// ---- export ----

/** The CSV of the filtered list, streamed: open it as a plain link with the filter query string. */
export const exportCsvUrl = (queryString: string) =>
  `${API}/customers/export.csv${queryString ? `?${queryString}` : ''}`

export const startExport = (filters: CustomerFilterParams) => unwrap(api.POST('/api/v1/customers/exports', { body: { filters } }))

export const getExport = (id: number) =>
  unwrap(api.GET('/api/v1/customers/exports/{job_id}', { params: { path: { job_id: id } } }))

export const exportDownloadUrl = (id: number) => `${API}/customers/exports/${id}/download`

// ---- regions ----

/** Provinces, or the children of a 6-digit division code. */
export const listRegions = (parent = '') => unwrap(api.GET('/api/v1/regions', { params: { query: { parent } } }))
export type Region = Schemas['RegionOut']
