import { api, expectOk, unwrap } from '@/api/http'
import type { paths } from '@/api/generated/schema'

/*
 * Lead settings: web forms, mailboxes, assignment rules (order, preview), rep availability, the
 * first-contact SLA, and the fairness report. Types come from the generated schema.
 */

type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never

export type FormInput = Body<paths['/api/v1/lead-settings/forms']['post']>
export type MailboxInput = Body<paths['/api/v1/lead-settings/mailboxes']['post']>
export type MailboxPatch = Body<paths['/api/v1/lead-settings/mailboxes/{mailbox_id}']['patch']>
export type RuleInput = Body<paths['/api/v1/lead-settings/rules']['post']>
export type PreviewInput = Body<paths['/api/v1/lead-settings/rules/preview']['post']>
export type AvailabilityInput = Body<paths['/api/v1/lead-settings/availability/{user_id}']['put']>
export type SlaInput = Body<paths['/api/v1/lead-settings/sla']['put']>
export type FairnessQuery = NonNullable<paths['/api/v1/leads/reports/fairness']['get']['parameters']['query']>

// ---- web forms ----

const formPath = (id: number) => ({ params: { path: { form_id: id } } })

export const listForms = () => unwrap(api.GET('/api/v1/lead-settings/forms'))

export const createForm = (body: FormInput) => unwrap(api.POST('/api/v1/lead-settings/forms', { body }))

export const updateForm = (id: number, body: Body<paths['/api/v1/lead-settings/forms/{form_id}']['patch']>) =>
  unwrap(api.PATCH('/api/v1/lead-settings/forms/{form_id}', { ...formPath(id), body }))

export const deleteForm = (id: number) => expectOk(api.DELETE('/api/v1/lead-settings/forms/{form_id}', formPath(id)))

// ---- mailboxes ----

const mailboxPath = (id: number) => ({ params: { path: { mailbox_id: id } } })

export const listMailboxes = () => unwrap(api.GET('/api/v1/lead-settings/mailboxes'))

export const createMailbox = (body: MailboxInput) => unwrap(api.POST('/api/v1/lead-settings/mailboxes', { body }))

export const updateMailbox = (id: number, body: MailboxPatch) =>
  unwrap(api.PATCH('/api/v1/lead-settings/mailboxes/{mailbox_id}', { ...mailboxPath(id), body }))

export const deleteMailbox = (id: number) => expectOk(api.DELETE('/api/v1/lead-settings/mailboxes/{mailbox_id}', mailboxPath(id)))

export const pollMailbox = (id: number) => unwrap(api.POST('/api/v1/lead-settings/mailboxes/{mailbox_id}/poll', mailboxPath(id)))

// ---- assignment rules ----

const rulePath = (id: number) => ({ params: { path: { rule_id: id } } })

export const listRules = () => unwrap(api.GET('/api/v1/lead-settings/rules'))

export const createRule = (body: RuleInput) => unwrap(api.POST('/api/v1/lead-settings/rules', { body }))

export const updateRule = (id: number, body: Body<paths['/api/v1/lead-settings/rules/{rule_id}']['patch']>) =>
  unwrap(api.PATCH('/api/v1/lead-settings/rules/{rule_id}', { ...rulePath(id), body }))

export const deleteRule = (id: number) => expectOk(api.DELETE('/api/v1/lead-settings/rules/{rule_id}', rulePath(id)))

export const reorderRules = (ids: number[]) => unwrap(api.PUT('/api/v1/lead-settings/rules/order', { body: { ids } }))

export const previewAssignment = (body: PreviewInput) => unwrap(api.POST('/api/v1/lead-settings/rules/preview', { body }))

// ---- availability and SLA ----

export const listAvailability = () => unwrap(api.GET('/api/v1/lead-settings/availability'))

export const saveAvailability = (userId: number, body: AvailabilityInput) =>
  unwrap(api.PUT('/api/v1/lead-settings/availability/{user_id}', { params: { path: { user_id: userId } }, body }))

export const getSla = () => unwrap(api.GET('/api/v1/lead-settings/sla'))

export const saveSla = (body: SlaInput) => unwrap(api.PUT('/api/v1/lead-settings/sla', { body }))

// ---- fairness report ----

export const fairnessReport = (query: FairnessQuery) => unwrap(api.GET('/api/v1/leads/reports/fairness', { params: { query } }))

// ---- the shapes the pages work with ----

export type WebForm = Awaited<ReturnType<typeof listForms>>[number]
export type Mailbox = Awaited<ReturnType<typeof listMailboxes>>[number]
export type PollResult = Awaited<ReturnType<typeof pollMailbox>>
export type Rule = Awaited<ReturnType<typeof listRules>>[number]
export type PreviewResult = Awaited<ReturnType<typeof previewAssignment>>
export type Availability = Awaited<ReturnType<typeof listAvailability>>[number]
export type Sla = Awaited<ReturnType<typeof getSla>>
export type Fairness = Awaited<ReturnType<typeof fairnessReport>>

// ---- departures ----

export type DepartureMode = 'rules' | 'colleague'

/** Disable a leaving user and hand on their open leads, customers and deals (one audited step). */
export const departUser = (userId: number, mode: DepartureMode, colleagueId: number | null) =>
  unwrap(
    api.POST('/api/v1/users/{user_id}/departure', {
      params: { path: { user_id: userId } },
      body: { mode, colleague_id: mode === 'colleague' ? colleagueId : null },
    }),
  )
