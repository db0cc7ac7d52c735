import type { ReportKind, WorkReport, WorkReportSaveInput, WorkReportSection } from '../api'

/** Sections stored in their own columns; the others go into `sections`. */
export const STANDARD_SECTIONS = ['summary', 'plan', 'problems'] as const

/** The editable text of a report, one entry per layout section. */
export type SectionTexts = Record<string, string>

function isStandard(key: string): key is (typeof STANDARD_SECTIONS)[number] {
  return (STANDARD_SECTIONS as readonly string[]).includes(key)
}

/** The texts of a report's sections, as the editor holds them. */
export function textsOf(report: WorkReport): SectionTexts {
  const texts: SectionTexts = {}
  for (const section of report.layout.sections) {
    texts[section.key] = isStandard(section.key) ? (report[section.key] ?? '') : (report.sections[section.key] ?? '')
  }
  return texts
}

/** The save body: standard sections as fields, the template's others under `sections`. */
export function saveBody(
  kind: ReportKind,
  date: string,
  version: number | null,
  sections: WorkReportSection[],
  texts: SectionTexts,
): WorkReportSaveInput {
  const body: WorkReportSaveInput = { kind, date, version }
  const extra: Record<string, string> = {}
  for (const section of sections) {
    const text = texts[section.key] ?? ''
    if (isStandard(section.key)) body[section.key] = text
    else extra[section.key] = text
  }
  if (Object.keys(extra).length > 0) body.sections = extra
  return body
}

/** Required sections left empty (checked before submitting; the server checks again). */
export function missingRequired(sections: WorkReportSection[], texts: SectionTexts): string[] {
  return sections.filter((section) => section.required && !(texts[section.key] ?? '').trim()).map((s) => s.key)
}

/** The section's label in the UI language (English falls back to the Chinese label). */
export function sectionLabel(section: WorkReportSection, locale: string): string {
  return locale.startsWith('en') && section.label_en ? section.label_en : section.label
}

/** Field errors from the server ("sections.customer_feedback") keyed by section key. */
export function sectionErrors(fields: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {}
  for (const [name, message] of Object.entries(fields)) result[name.replace(/^sections\./, '')] = message
  return result
}
