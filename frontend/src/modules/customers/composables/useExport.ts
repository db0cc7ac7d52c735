import { computed, ref, shallowRef, type Ref } from 'vue'
import { notifyError } from '@/shared/errors'
import { exportCsvUrl, exportDownloadUrl, getExport, startExport, type ExportJob } from '../api'
import { isFinished } from './importMapping'
import type { CustomerFilterParams } from './customerFilters'
import { usePolling } from './usePolling'

/** Offer a file to the browser (a generated CSV of the selection). */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = filename
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 1000)
}

/** Exports of the current filter: the streamed CSV link, and the .xlsx built in the background. */
export function useExport(filters: Ref<CustomerFilterParams>, queryString: Ref<string>) {
  const csvUrl = computed(() => exportCsvUrl(queryString.value))
  const job = shallowRef<ExportJob | null>(null)
  const isStarting = ref(false)
  const downloadUrl = computed(() => (job.value?.status === 'done' ? exportDownloadUrl(job.value.id) : null))

  const polling = usePolling(
    () => getExport((job.value as ExportJob).id),
    (value) => {
      job.value = value
      if (value.status === 'done') window.location.assign(exportDownloadUrl(value.id))
    },
    (value) => isFinished(value.status),
  )

  async function startXlsx(): Promise<void> {
    isStarting.value = true
    try {
      job.value = await startExport(filters.value)
      if (isFinished(job.value.status)) {
        if (job.value.status === 'done') window.location.assign(exportDownloadUrl(job.value.id))
      } else polling.start()
    } catch (error) {
      notifyError(error)
    } finally {
      isStarting.value = false
    }
  }

  function dismiss(): void {
    polling.stop()
    job.value = null
  }

  return { csvUrl, job, isStarting, isPolling: polling.isPolling, downloadUrl, startXlsx, dismiss }
}
