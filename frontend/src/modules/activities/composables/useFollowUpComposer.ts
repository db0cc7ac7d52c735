import { reactive, ref, shallowRef } from 'vue'
import { translateError } from '@/shared/errors'
import { useFieldErrors } from '@/shared/composables/useFieldErrors'
import {
  logFollowUp,
  updateFollowUp,
  uploadActivityFile,
  type Colleague,
  type FollowUp,
  type FollowUpKind,
  type RecordType,
} from '../followUpsApi'

/** Where a new follow-up goes. */
export interface ComposerTarget {
  recordType: RecordType
  recordId: number
}

export interface ComposerValues {
  kind: FollowUpKind
  content: string
  /** Null means "now" (the server stamps it). */
  occurredAt: Date | null
  nextFollowUpAt: Date | null
  participantIds: number[]
}

export interface ComposerResult {
  followUp: FollowUp
  /** Files that could not be uploaded, with the reason (the follow-up itself is saved). */
  failedFiles: { name: string; reason: string }[]
}

/** The colleagues still @mentioned in the text (a mention deleted from the text is dropped). */
export function mentionedUserIds(content: string, mentions: Colleague[]): number[] {
  const ids = new Set<number>()
  for (const colleague of mentions) {
    if (content.includes(`@${colleague.name}`)) ids.add(colleague.id)
  }
  return [...ids]
}

const iso = (value: Date | null) => (value ? value.toISOString() : null)

/** The follow-up composer's state: values, @mentions, files waiting for upload, and saving. */
export function useFollowUpComposer() {
  const values = reactive<ComposerValues>({ kind: 'phone', content: '', occurredAt: null, nextFollowUpAt: null, participantIds: [] })
  const mentions = ref<Colleague[]>([])
  const files = shallowRef<File[]>([])
  const isSaving = ref(false)
  const { errors, apply, clear, set } = useFieldErrors()

  function reset(existing?: FollowUp | null, kind: FollowUpKind = 'phone'): void {
    clear()
    values.kind = (existing?.kind as FollowUpKind | undefined) ?? kind
    values.content = existing?.content ?? ''
    values.occurredAt = existing ? new Date(existing.occurred_at) : null
    values.nextFollowUpAt = existing?.next_follow_up_at ? new Date(existing.next_follow_up_at) : null
    values.participantIds = existing?.participants.map((person) => person.id) ?? []
    mentions.value = existing?.mentions.map((person) => ({ id: person.id, name: person.name })) ?? []
    files.value = []
  }

  function mention(colleague: Colleague): void {
    if (!mentions.value.some((known) => known.id === colleague.id)) mentions.value = [...mentions.value, colleague]
  }

  function addFiles(list: FileList | File[] | null): void {
    if (list) files.value = [...files.value, ...Array.from(list)]
  }

  function removeFile(index: number): void {
    files.value = files.value.filter((_, position) => position !== index)
  }

  async function upload(followUp: FollowUp): Promise<ComposerResult['failedFiles']> {
    const failed: ComposerResult['failedFiles'] = []
    for (const file of files.value) {
      try {
        await uploadActivityFile('follow_ups', followUp.id, file)
      } catch (error) {
        failed.push({ name: file.name, reason: translateError(error) })
      }
    }
    files.value = []
    return failed
  }

  /** Log a new follow-up on the target, or save the edited one; then upload the waiting files. */
  async function submit(target: ComposerTarget, existing?: FollowUp | null): Promise<ComposerResult | null> {
    clear()
    if (!values.content.trim()) {
      set('content', 'required')
      return null
    }
    isSaving.value = true
    const common = {
      kind: values.kind,
      content: values.content.trim(),
      next_follow_up_at: iso(values.nextFollowUpAt),
      participant_ids: values.participantIds,
      mentioned_user_ids: mentionedUserIds(values.content, mentions.value),
    }
    try {
      const followUp = existing
        ? await updateFollowUp(existing.id, {
            ...common,
            version: existing.version,
            ...(values.occurredAt ? { occurred_at: values.occurredAt.toISOString() } : {}),
          })
        : await logFollowUp({
            ...common,
            record_type: target.recordType,
            record_id: target.recordId,
            occurred_at: iso(values.occurredAt),
          })
      return { followUp, failedFiles: await upload(followUp) }
    } catch (error) {
      if (!apply(error)) throw error
      return null
    } finally {
      isSaving.value = false
    }
  }

  return { values, mentions, files, isSaving, errors, reset, mention, addFiles, removeFile, submit }
}
