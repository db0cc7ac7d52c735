import { ElMessage } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError, translateError } from '@/shared/errors'
import {
  cancelImport,
  getImport,
  listImportTargets,
  listImportTemplates,
  previewImport,
  runImport,
  saveImportTemplate,
  uploadImport,
  type ImportJob,
  type ImportMode,
  type ImportPreview,
  type ImportTarget,
  type ImportTemplate,
} from '../api'
import { applyTemplate, cleanMapping, isFinished, isMappingReady, setTarget, type Mapping } from './importMapping'
import { usePolling } from './usePolling'

export const IMPORT_STEPS = ['upload', 'mapping', 'preview', 'run'] as const
export const ACCEPTED_FILES = '.xlsx,.xls,.csv'

/** An upload refusal as text: the server's own message carries the details (the cell, the limit). */
export function uploadErrorText(error: unknown): string {
  if (!isApiError(error)) return translateError(error)
  return error.fields.file || error.message || translateError(error)
}

/**
 * The import wizard: upload → column mapping (with templates) → preview with options → run, polled
 * every second until it finishes, with counts and the error report.
 */
export function useImportWizard() {
  const step = ref(0)
  const targets = shallowRef<ImportTarget[]>([])
  const templates = shallowRef<ImportTemplate[]>([])
  const job = shallowRef<ImportJob | null>(null)
  const preview = shallowRef<ImportPreview | null>(null)
  const mapping = ref<Mapping>({})
  const mode = ref<ImportMode>('create')
  const dryRun = ref(false)
  const skipInvalid = ref(false)
  const uploadError = ref('')
  const mappingError = ref('')
  const isBusy = ref(false)

  const headers = computed(() => preview.value?.headers ?? [])
  const isReady = computed(() => isMappingReady(mapping.value))

  const polling = usePolling(
    () => getImport((job.value as ImportJob).id),
    (value) => (job.value = value),
    (value) => isFinished(value.status),
  )

  async function loadChoices(): Promise<void> {
    try {
      const [found, saved] = await Promise.all([listImportTargets(), listImportTemplates()])
      targets.value = found
      templates.value = saved
    } catch (error) {
      notifyError(error)
    }
  }

  async function busy<T>(work: () => Promise<T>): Promise<T> {
    isBusy.value = true
    try {
      return await work()
    } finally {
      isBusy.value = false
    }
  }

  async function upload(file: File): Promise<void> {
    uploadError.value = ''
    try {
      const result = await busy(() => uploadImport(file))
      job.value = result.job
      preview.value = result.preview
      mapping.value = { ...result.preview.mapping }
      step.value = 1
    } catch (error) {
      uploadError.value = uploadErrorText(error)
    }
  }

  function mapColumn(header: string, key: string): void {
    mapping.value = setTarget(mapping.value, header, key)
  }

  function pickTemplate(template: ImportTemplate): void {
    mapping.value = applyTemplate(headers.value, template.mapping, targets.value.map((target) => target.key))
  }

  async function saveTemplate(name: string, isShared: boolean): Promise<void> {
    const template = await saveImportTemplate({ name, mapping: cleanMapping(mapping.value), is_shared: isShared })
    templates.value = [...templates.value, template].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
    ElMessage.success(i18n.global.t('customers.import.templateSaved'))
  }

  async function toPreview(): Promise<void> {
    if (!job.value) return
    mappingError.value = ''
    const id = job.value.id
    try {
      preview.value = await busy(() => previewImport(id, cleanMapping(mapping.value)))
      step.value = 2
    } catch (error) {
      if (isApiError(error) && Object.keys(error.fields).length) mappingError.value = Object.values(error.fields).join(' ')
      else notifyError(error)
    }
  }

  async function run(): Promise<void> {
    if (!job.value) return
    const id = job.value.id
    const body = { mapping: cleanMapping(mapping.value), mode: mode.value, dry_run: dryRun.value, skip_invalid: skipInvalid.value }
    try {
      job.value = await busy(() => runImport(id, body))
      step.value = 3
      if (!isFinished(job.value.status)) polling.start()
    } catch (error) {
      notifyError(error)
    }
  }

  async function cancel(): Promise<void> {
    if (!job.value) return
    const id = job.value.id
    try {
      job.value = await busy(() => cancelImport(id))
    } catch (error) {
      notifyError(error)
    }
  }

  function restart(): void {
    polling.stop()
    step.value = 0
    job.value = null
    preview.value = null
    mapping.value = {}
    mode.value = 'create'
    dryRun.value = false
    skipInvalid.value = false
    uploadError.value = ''
    mappingError.value = ''
  }

  return {
    step,
    targets,
    templates,
    job,
    preview,
    mapping,
    mode,
    dryRun,
    skipInvalid,
    uploadError,
    mappingError,
    isBusy,
    headers,
    isReady,
    isPolling: polling.isPolling,
    loadChoices,
    upload,
    mapColumn,
    pickTemplate,
    saveTemplate,
    toPreview,
    run,
    cancel,
    restart,
  }
}
