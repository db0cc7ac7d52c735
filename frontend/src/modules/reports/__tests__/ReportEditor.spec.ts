import { flushPromises, mount } from '@vue/test-utils'
import { ElFormItem, ElMessageBox } from 'element-plus'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import * as api from '../api'
import type { WorkReport } from '../api'
import ReportEditor from '../components/ReportEditor.vue'

vi.mock('../api', async (original) => ({
  ...(await original<typeof api>()),
  saveDraft: vi.fn(),
  submitReport: vi.fn(),
  withdrawReport: vi.fn(),
}))

function report(extra: Partial<WorkReport> = {}): WorkReport {
  return {
    id: null,
    kind: 'daily',
    period_start: '2026-03-04',
    period_end: '2026-03-04',
    author_id: 1,
    author_name: '王芳',
    department_id: null,
    department_name: null,
    status: 'draft',
    summary: '',
    plan: '',
    problems: '',
    sections: {},
    layout: {
      sections: [
        { key: 'summary', label: '今日总结', label_en: '', required: true },
        { key: 'plan', label: '明日计划', label_en: '', required: false },
      ],
      figures: ['follow_ups'],
    },
    figures: {
      follow_ups: 0,
      follow_ups_by_kind: {},
      visits: 0,
      far_visits: 0,
      new_leads: 0,
      new_customers: 0,
      new_opportunities: 0,
      stage_moves: 0,
      won_deals: 0,
      won_amount: '0.00',
      tasks_done: 0,
      tasks_overdue: 0,
    },
    figures_live: true,
    submitted_at: null,
    submitted_to_id: null,
    submitted_to_name: null,
    rating: null,
    comment_count: 0,
    version: null,
    created_at: null,
    updated_at: null,
    can_edit: true,
    can_withdraw: false,
    can_comment: false,
    can_export: false,
    ...extra,
  }
}

function mountEditor(current: WorkReport) {
  return mount(ReportEditor, {
    props: { report: current, kind: 'daily', date: '2026-03-04' },
    global: { plugins: [i18n] },
    attachTo: document.body,
  })
}

describe('the report editor', () => {
  beforeEach(() => {
    vi.mocked(api.saveDraft).mockReset()
    vi.mocked(api.submitReport).mockReset()
    vi.spyOn(ElMessageBox, 'confirm').mockResolvedValue('confirm' as never)
  })

  it('does not submit while a required section is empty', async () => {
    const wrapper = mountEditor(report())
    await wrapper.get('[data-testid="report-submit"]').trigger('click')
    await flushPromises()
    expect(api.saveDraft).not.toHaveBeenCalled()
    const [summary, plan] = wrapper.findAllComponents(ElFormItem)
    expect(summary?.props('error')).toBe(i18n.global.t('reports.write.required'))
    expect(plan?.props('error')).toBeUndefined()
  })

  it('saves then submits with the saved version', async () => {
    const saved = report({ id: 9, version: 1, summary: '拜访两家' })
    vi.mocked(api.saveDraft).mockResolvedValue(saved)
    vi.mocked(api.submitReport).mockResolvedValue(report({ id: 9, version: 2, status: 'submitted', submitted_to_name: '主管' }))
    const wrapper = mountEditor(report())
    await wrapper.get('[data-testid="section-summary"]').setValue('拜访两家')
    await wrapper.get('[data-testid="report-submit"]').trigger('click')
    await flushPromises()
    expect(api.saveDraft).toHaveBeenCalledWith({ kind: 'daily', date: '2026-03-04', version: null, summary: '拜访两家', plan: '' })
    expect(api.submitReport).toHaveBeenCalledWith(9, 1)
    const changed = wrapper.emitted('changed') ?? []
    expect((changed.at(-1)?.[0] as WorkReport).status).toBe('submitted')
  })

  it('takes the current report from a 409 answer', async () => {
    const current = report({ id: 9, version: 3, summary: '别处改过' })
    vi.mocked(api.saveDraft).mockRejectedValue(
      new ApiError({ status: 409, code: 'conflict.stale_version', message: '', current: current as unknown as Record<string, unknown> }),
    )
    const wrapper = mountEditor(report({ id: 9, version: 2, summary: '旧' }))
    await wrapper.get('[data-testid="report-save"]').trigger('click')
    await flushPromises()
    expect(wrapper.emitted('changed')).toEqual([[current]])
  })
})
