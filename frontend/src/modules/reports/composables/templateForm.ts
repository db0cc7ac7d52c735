import type { ReportKind, ReportTemplate, ReportTemplateInput } from '../api'

/** A section row of the template editor. */
export interface SectionDraft {
  key: string
  label: string
  label_en: string
  required: boolean
}

/** What the template editor holds. */
export interface TemplateDraft {
  kind: ReportKind
  department_id: number | null
  name: string
  sections: SectionDraft[]
  figures: string[]
}

export function emptyTemplate(kind: ReportKind = 'daily'): TemplateDraft {
  return {
    kind,
    department_id: null,
    name: '',
    sections: [
      { key: 'summary', label: kind === 'daily' ? '今日总结' : '本周总结', label_en: '', required: true },
      { key: 'plan', label: kind === 'daily' ? '明日计划' : '下周计划', label_en: '', required: false },
      { key: 'problems', label: '遇到的问题', label_en: '', required: false },
    ],
    figures: ['follow_ups', 'visits', 'new_leads', 'new_customers', 'new_opportunities', 'tasks_done', 'tasks_overdue'],
  }
}

export function draftOf(template: ReportTemplate): TemplateDraft {
  return {
    kind: template.kind as ReportKind,
    department_id: template.department_id ?? null,
    name: template.name,
    sections: template.sections.map((section) => ({
      key: section.key,
      label: section.label,
      label_en: section.label_en ?? '',
      required: section.required ?? false,
    })),
    figures: [...template.figures],
  }
}

/** A fresh key for an added section ("section_2", …) that is not taken yet. */
export function nextSectionKey(sections: SectionDraft[]): string {
  const taken = new Set(sections.map((section) => section.key))
  let index = sections.length + 1
  while (taken.has(`section_${index}`)) index += 1
  return `section_${index}`
}

/** The create body (trimmed labels). */
export function templateBody(draft: TemplateDraft): ReportTemplateInput {
  return {
    kind: draft.kind,
    department_id: draft.department_id,
    name: draft.name.trim(),
    sections: draft.sections.map((section) => ({ ...section, label: section.label.trim(), label_en: section.label_en.trim() })),
    figures: draft.figures,
  }
}
