import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError, translateError } from '@/shared/errors'
import { deleteAttachment, listAttachments, uploadAttachment, type Attachment } from '../api'
import { attachmentProblem, formatFileSize, MAX_ATTACHMENT_BYTES, type AttachmentProblem } from './attachments'

function problemText(problem: AttachmentProblem): string {
  const t = i18n.global.t
  switch (problem.reason) {
    case 'empty':
      return t('customers.attachments.empty')
    case 'tooLarge':
      return t('customers.attachments.tooLarge', { max: formatFileSize(MAX_ATTACHMENT_BYTES) })
    case 'type':
      return t('customers.attachments.badType', { suffix: problem.suffix || t('customers.attachments.noSuffix') })
  }
}

/** A customer's attachments: the list, an upload checked before it is sent, and deletes. */
export function useAttachments(customerId: () => number) {
  const items = shallowRef<Attachment[]>([])
  const isLoading = ref(false)
  const isUploading = ref(false)
  /** Why the last file was refused (by the checks here or by the server's `fields.file`). */
  const uploadError = ref('')

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      items.value = await listAttachments(customerId())
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  async function upload(file: File): Promise<void> {
    const problem = attachmentProblem(file)
    uploadError.value = problem ? problemText(problem) : ''
    if (problem) return
    isUploading.value = true
    try {
      const added = await uploadAttachment(customerId(), file)
      items.value = [added, ...items.value.filter((item) => item.id !== added.id)]
      ElMessage.success(i18n.global.t('customers.attachments.uploaded', { name: added.name }))
    } catch (error) {
      // A 422 names the reason under `file` (size, type, content); anything else is a plain failure.
      uploadError.value = (isApiError(error) && error.fields.file) || translateError(error)
    } finally {
      isUploading.value = false
    }
  }

  async function remove(attachment: Attachment): Promise<void> {
    try {
      await deleteAttachment(attachment.id)
      items.value = items.value.filter((item) => item.id !== attachment.id)
      ElMessage.success(i18n.global.t('customers.attachments.deleted', { name: attachment.name }))
    } catch (error) {
      notifyError(error)
    }
  }

  function clearError(): void {
    uploadError.value = ''
  }

  return { items, isLoading, isUploading, uploadError, load, upload, remove, clearError }
}
