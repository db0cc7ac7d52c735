import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import FollowUpComposer from '../components/FollowUpComposer.vue'
import { mentionedUserIds, useFollowUpComposer } from '../composables/useFollowUpComposer'
import * as api from '../followUpsApi'
import type { FollowUp } from '../followUpsApi'

vi.mock('../followUpsApi', async (original) => {
  const real = await original<typeof api>()
  return {
    ...real,
    logFollowUp: vi.fn(),
    updateFollowUp: vi.fn(),
    uploadActivityFile: vi.fn(),
    searchColleagues: vi.fn(async () => []),
  }
})

const TARGET = { recordType: 'customers' as const, recordId: 11 }

function followUp(extra: Partial<FollowUp> = {}): FollowUp {
  return {
    id: 5,
    kind: 'phone',
    content: '电话沟通',
    occurred_at: '2031-03-03T10:00:00+08:00',
    record_type: 'customers',
    record_id: 11,
    record_name: '明达科技',
    lead_id: null,
    customer_id: 11,
    customer_name: '明达科技',
    contact_id: null,
    opportunity_id: null,
    author_id: 3,
    author_name: '王芳',
    department_id: 2,
    department_name: '上海组',
    participants: [],
    participant_contacts: [],
    mentions: [],
    next_follow_up_at: null,
    visit_id: null,
    source: 'manual',
    attachment_count: 0,
    can_edit: true,
    created_at: '2031-03-03T10:00:00+08:00',
    updated_at: '2031-03-03T10:00:00+08:00',
    version: 2,
    ...extra,
  }
}

afterEach(() => {
  document.body.innerHTML = ''
})

describe('mentions', () => {
  it('keeps only the colleagues still @named in the text', () => {
    const people = [
      { id: 1, name: '王芳' },
      { id: 2, name: '李雷' },
    ]
    expect(mentionedUserIds('@王芳 请跟进报价', people)).toEqual([1])
    expect(mentionedUserIds('请跟进报价', people)).toEqual([])
    expect(mentionedUserIds('@李雷 @王芳', people).sort()).toEqual([1, 2])
  })
})

describe('useFollowUpComposer', () => {
  it('refuses an empty follow-up without calling the server', async () => {
    const composer = useFollowUpComposer()
    composer.reset()
    composer.values.content = '   '
    expect(await composer.submit(TARGET)).toBeNull()
    expect(composer.errors.content).toBe('required')
    expect(api.logFollowUp).not.toHaveBeenCalled()
  })

  it('logs on the record with mentions and the next time, then uploads the photos', async () => {
    vi.mocked(api.logFollowUp).mockResolvedValue(followUp({ id: 9 }))
    vi.mocked(api.uploadActivityFile)
      .mockResolvedValueOnce({} as Awaited<ReturnType<typeof api.uploadActivityFile>>)
      .mockRejectedValueOnce(new ApiError({ status: 422, code: 'validation_error', message: 'bad', fields: { file: '不支持的文件类型' } }))
    const composer = useFollowUpComposer()
    composer.reset(null, 'wechat')
    composer.values.content = '@王芳 客户要报价'
    composer.mention({ id: 3, name: '王芳' })
    composer.mention({ id: 4, name: '李雷' })
    const next = new Date('2031-03-10T01:00:00Z')
    composer.values.nextFollowUpAt = next
    const photo = new File(['x'], '现场.jpg', { type: 'image/jpeg' })
    const bad = new File(['x'], 'a.exe')
    composer.addFiles([photo, bad])

    const result = await composer.submit(TARGET)

    expect(api.logFollowUp).toHaveBeenCalledWith({
      record_type: 'customers',
      record_id: 11,
      kind: 'wechat',
      content: '@王芳 客户要报价',
      occurred_at: null,
      next_follow_up_at: next.toISOString(),
      participant_ids: [],
      mentioned_user_ids: [3],
    })
    expect(api.uploadActivityFile).toHaveBeenCalledWith('follow_ups', 9, photo)
    expect(result?.failedFiles).toEqual([{ name: 'a.exe', reason: expect.any(String) }])
    expect(composer.files.value).toEqual([])
  })

  it('edits with the version it read and shows field errors from the server', async () => {
    vi.mocked(api.updateFollowUp).mockRejectedValue(
      new ApiError({ status: 422, code: 'validation_error', message: 'x', fields: { mentioned_user_ids: '以下同事无权查看该记录，不能@：李雷' } }),
    )
    const composer = useFollowUpComposer()
    const existing = followUp({ next_follow_up_at: '2031-03-09T09:00:00+08:00' })
    composer.reset(existing)
    expect(composer.values.nextFollowUpAt?.toISOString()).toBe('2031-03-09T01:00:00.000Z')
    composer.values.nextFollowUpAt = null

    expect(await composer.submit(TARGET, existing)).toBeNull()
    expect(vi.mocked(api.updateFollowUp).mock.calls[0]).toEqual([
      5,
      expect.objectContaining({ version: 2, next_follow_up_at: null, content: '电话沟通' }),
    ])
    expect(composer.errors.mentioned_user_ids).toContain('李雷')
  })
})

describe('FollowUpComposer', () => {
  it('picks a kind chip, takes the text and saves to the record', async () => {
    vi.mocked(api.logFollowUp).mockResolvedValue(followUp({ id: 12, kind: 'visit' }))
    const pinia = createPinia()
    setActivePinia(pinia)
    const wrapper = mount(FollowUpComposer, {
      props: { modelValue: false, target: TARGET },
      global: { plugins: [pinia, i18n] },
      attachTo: document.body,
    })
    await wrapper.setProps({ modelValue: true })
    await flushPromises()
    const body = document.body
    ;(body.querySelector('[data-testid=follow-up-kind-visit]') as HTMLElement).click()
    const textarea = body.querySelector('[data-testid=follow-up-content] textarea, textarea') as HTMLTextAreaElement
    textarea.value = '现场演示顺利'
    textarea.dispatchEvent(new Event('input'))
    await flushPromises()
    const photoInput = body.querySelector('[data-testid=follow-up-photo-input]') as HTMLInputElement
    expect(photoInput.getAttribute('accept')).toBe('image/*')
    expect(photoInput.getAttribute('capture')).toBe('environment')
    ;(body.querySelector('[data-testid=follow-up-save]') as HTMLElement).click()
    await flushPromises()

    expect(api.logFollowUp).toHaveBeenCalledWith(expect.objectContaining({ kind: 'visit', content: '现场演示顺利', record_id: 11 }))
    expect(wrapper.emitted('saved')?.[0]).toEqual([expect.objectContaining({ id: 12 })])
    expect(wrapper.emitted('update:modelValue')?.at(-1)).toEqual([false])
    wrapper.unmount()
  })
})
