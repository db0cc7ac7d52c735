import { api, expectOk, unwrap } from '@/api/http'
import type { components } from '@/api/generated/schema'

/*
 * Daily and weekly reports: writing one's own, reading the team's, templates. Types come from the
 * generated schema.
 */

type Schemas = components['schemas']

export type ReportKind = 'daily' | 'weekly'
export type WorkReport = Schemas['WorkReportOut']
export type WorkReportRow = Schemas['WorkReportRowOut']
export type WorkReportFigures = Schemas['WorkReportFiguresOut']
export type WorkReportSection = Schemas['WorkReportSectionOut']
export type WorkReportComment = Schemas['WorkReportCommentOut']
export type WorkReportRecord = Schemas['WorkReportRecordOut']
export type WorkReportMissing = Schemas['WorkReportMissingOut']
export type WorkReportRollup = Schemas['WorkReportRollupOut']
export type WorkReportRollupRow = Schemas['WorkReportRollupRowOut']
export type ReportTemplate = Schemas['ReportTemplateOut']
export type ReportTemplateInput = Schemas['ReportTemplateIn']
export type ReportTemplatePatch = Schemas['ReportTemplatePatch']
export type WorkReportSaveInput = Schemas['WorkReportSaveIn']
export type WorkReportFilters = {
  kind?: ReportKind | null
  author_id?: number | null
  department_id?: number | null
  status?: string | null
  inbox?: boolean
}

const reportPath = (id: number) => ({ params: { path: { report_id: id } } })

// ---- my reports ----

export const getDraft = (kind: ReportKind, date: string) =>
  unwrap(api.GET('/api/v1/work-reports/draft', { params: { query: { kind, date } } }))

export const saveDraft = (body: WorkReportSaveInput) => unwrap(api.PUT('/api/v1/work-reports/draft', { body }))

export const submitReport = (id: number, version: number) =>
  unwrap(api.POST('/api/v1/work-reports/{report_id}/submit', { ...reportPath(id), body: { version } }))

export const withdrawReport = (id: number, version: number) =>
  unwrap(api.POST('/api/v1/work-reports/{report_id}/withdraw', { ...reportPath(id), body: { version } }))

// ---- reading ----

export const listReports = (filters: WorkReportFilters, cursor: string | null, limit = 20) =>
  unwrap(api.GET('/api/v1/work-reports', { params: { query: { ...filters, cursor, limit } } }))

export const getReport = (id: number) => unwrap(api.GET('/api/v1/work-reports/{report_id}', reportPath(id)))

export const listComments = (id: number) => unwrap(api.GET('/api/v1/work-reports/{report_id}/comments', reportPath(id)))

export const addComment = (id: number, body: string, rating: number | null) =>
  unwrap(api.POST('/api/v1/work-reports/{report_id}/comments', { ...reportPath(id), body: { body, rating } }))

export const figureRecords = (id: number, figure: string, cursor: string | null, followUpKind?: string | null) =>
  unwrap(
    api.GET('/api/v1/work-reports/{report_id}/figures/{figure}/records', {
      params: { path: { report_id: id, figure }, query: { cursor, limit: 20, follow_up_kind: followUpKind ?? null } },
    }),
  )

/** The PDF's URL (a plain download: the browser sends the session cookie). */
export const pdfUrl = (id: number) => `/api/v1/work-reports/${id}/pdf`

// ---- the team ----

export const listMissing = (kind: ReportKind, date: string, cursor: string | null) =>
  unwrap(api.GET('/api/v1/work-reports/missing', { params: { query: { kind, date, cursor, limit: 50 } } }))

export const remindMissing = (kind: ReportKind, date: string, userIds: number[] | null = null) =>
  unwrap(api.POST('/api/v1/work-reports/missing/remind', { body: { kind, date, user_ids: userIds } }))

export const getRollup = (kind: ReportKind, date: string, departmentId: number | null) =>
  unwrap(
    api.GET('/api/v1/work-reports/rollup', { params: { query: { kind, date, department_id: departmentId } } }),
  )

export const rollupRecords = (
  query: { figure: string; user_id: number; kind: ReportKind; date: string; follow_up_kind?: string | null },
  cursor: string | null,
) => unwrap(api.GET('/api/v1/work-reports/rollup/records', { params: { query: { ...query, cursor, limit: 20 } } }))

// ---- templates ----

export const listTemplates = () => unwrap(api.GET('/api/v1/report-templates'))

export const createTemplate = (body: ReportTemplateInput) => unwrap(api.POST('/api/v1/report-templates', { body }))

export const updateTemplate = (id: number, body: ReportTemplatePatch) =>
  unwrap(api.PATCH('/api/v1/report-templates/{template_id}', { params: { path: { template_id: id } }, body }))

export const deleteTemplate = (id: number) =>
  expectOk(api.DELETE('/api/v1/report-templates/{template_id}', { params: { path: { template_id: id } } }))

/** Departments, for the template editor and the roll-up filter. */
export const listDepartments = () => unwrap(api.GET('/api/v1/departments'))
