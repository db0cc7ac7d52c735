import { describe, expect, it } from 'vitest'
import type { WorkReport } from '../api'
import { missingRequired, saveBody, sectionErrors, sectionLabel, textsOf } from '../composables/reportForm'
import { draftOf, emptyTemplate, nextSectionKey, templateBody } from '../composables/templateForm'

const SECTIONS = [
  { key: 'summary', label: '今日总结', label_en: "Today's summary", required: true },
  { key: 'customer_feedback', label: '客户反馈', label_en: '', required: true },
  { key: 'plan', label: '明日计划', label_en: '', required: false },
]

describe('report form', () => {
  it('reads standard sections from their fields and template sections from `sections`', () => {
    const report = {
      summary: '拜访两家',
      plan: null,
      sections: { customer_feedback: '想要折扣' },
      layout: { sections: SECTIONS, figures: [] },
    } as unknown as WorkReport
    expect(textsOf(report)).toEqual({ summary: '拜访两家', customer_feedback: '想要折扣', plan: '' })
  })

  it('builds the save body with extra sections apart', () => {
    const texts = { summary: '总结', customer_feedback: '反馈', plan: '' }
    expect(saveBody('daily', '2026-03-04', 2, SECTIONS, texts)).toEqual({
      kind: 'daily',
      date: '2026-03-04',
      version: 2,
      summary: '总结',
      plan: '',
      sections: { customer_feedback: '反馈' },
    })
    expect(saveBody('weekly', '2026-03-04', null, SECTIONS.slice(0, 1), { summary: 'x' })).toEqual({
      kind: 'weekly',
      date: '2026-03-04',
      version: null,
      summary: 'x',
    })
  })

  it('finds empty required sections and maps server field errors', () => {
    expect(missingRequired(SECTIONS, { summary: '  ', customer_feedback: 'ok' })).toEqual(['summary'])
    expect(sectionErrors({ 'sections.customer_feedback': '必填', summary: '必填' })).toEqual({
      customer_feedback: '必填',
      summary: '必填',
    })
    expect(sectionLabel(SECTIONS[0]!, 'en')).toBe("Today's summary")
    expect(sectionLabel(SECTIONS[1]!, 'en')).toBe('客户反馈')
    expect(sectionLabel(SECTIONS[0]!, 'zh-CN')).toBe('今日总结')
  })
})

describe('template form', () => {
  it('starts from the standard sections and adds fresh keys', () => {
    const draft = emptyTemplate('weekly')
    expect(draft.sections.map((section) => section.key)).toEqual(['summary', 'plan', 'problems'])
    expect(nextSectionKey(draft.sections)).toBe('section_4')
    expect(nextSectionKey([...draft.sections, { key: 'section_4', label: '', label_en: '', required: false }])).toBe(
      'section_5',
    )
  })

  it('round-trips a template into a trimmed body', () => {
    const draft = draftOf({
      id: 3,
      kind: 'daily',
      department_id: 7,
      department_name: '上海组',
      name: ' 上海组日报 ',
      sections: [{ key: 'summary', label: ' 总结 ', label_en: '', required: true }],
      figures: ['follow_ups'],
      is_default: false,
      version: 1,
    })
    expect(templateBody(draft)).toEqual({
      kind: 'daily',
      department_id: 7,
      name: '上海组日报',
      sections: [{ key: 'summary', label: '总结', label_en: '', required: true }],
      figures: ['follow_ups'],
    })
  })
})
