import type { ImportPreviewRow } from '../api'

/** File header → target field key; a header mapped to "" (or absent) is ignored. */
export type Mapping = Record<string, string>

export interface MappingRow {
  index: number
  header: string
  key: string
}

/** One row per file column, in file order, with its current target. */
export function mappingRows(headers: string[], mapping: Mapping): MappingRow[] {
  return headers.map((header, index) => ({ index, header, key: mapping[header] ?? '' }))
}

/** Point a column at a field; a field comes from one column only, so any other column using it lets go. */
export function setTarget(mapping: Mapping, header: string, key: string): Mapping {
  const next: Mapping = {}
  for (const [other, target] of Object.entries(mapping)) {
    if (other !== header && !(key && target === key)) next[other] = target
  }
  if (key) next[header] = key
  return next
}

/** A saved template applied to this file: only its headers that the file has, known targets only. */
export function applyTemplate(headers: string[], template: Mapping, targets: string[] | null = null): Mapping {
  let mapping: Mapping = {}
  for (const header of headers) {
    const key = template[header]
    if (key && (targets === null || targets.includes(key))) mapping = setTarget(mapping, header, key)
  }
  return mapping
}

/** Only the mapped columns (what the server stores and runs with). */
export function cleanMapping(mapping: Mapping): Mapping {
  return Object.fromEntries(Object.entries(mapping).filter(([, key]) => key))
}

export interface MappingProblems {
  /** No column gives the customer name (the server refuses that). */
  missingName: boolean
  /** Fields mapped from more than one column. */
  duplicated: string[]
}

export function mappingProblems(mapping: Mapping): MappingProblems {
  const used = Object.values(mapping).filter(Boolean)
  const duplicated = [...new Set(used.filter((key, index) => used.indexOf(key) !== index))]
  return { missingName: !used.includes('name'), duplicated }
}

export function isMappingReady(mapping: Mapping): boolean {
  const problems = mappingProblems(mapping)
  return !problems.missingName && problems.duplicated.length === 0
}

export interface PreviewSummary {
  create: number
  update: number
  invalid: number
}


/** What the previewed rows would do. */
export function previewSummary(rows: ImportPreviewRow[]): PreviewSummary {
  const summary: PreviewSummary = { create: 0, update: 0, invalid: 0 }
  for (const row of rows) {
    if (row.errors.length) summary.invalid += 1
    else if (row.action === 'update') summary.update += 1
    else if (row.action === 'create') summary.create += 1
  }
  return summary
}

/** 0–100 progress of a running job (an unknown total shows 0). */
export function progressPercent(job: { total_rows: number; processed_rows: number }): number {
  if (!job.total_rows) return 0
  return Math.min(100, Math.round((job.processed_rows / job.total_rows) * 100))
}

export const FINISHED_STATUSES = ['done', 'failed', 'cancelled'] as const

export function isFinished(status: string): boolean {
  return (FINISHED_STATUSES as readonly string[]).includes(status)
}
