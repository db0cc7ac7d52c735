import { ElMessage } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import { useI18n } from 'vue-i18n'
import { notifyError } from '@/shared/errors'
import {
  createPipeline,
  createRate,
  listGateRequirements,
  listLostReasons,
  listPipelines,
  listRates,
  saveLostReasons,
  updatePipeline,
  type ExchangeRate,
  type ExchangeRateInput,
  type GateRequirement,
  type LostReason,
  type Pipeline,
} from '../settingsApi'
import { lostReasonsBody, stagesBody, starterStages, type LostReasonDraft, type StageDraft } from './pipelineStages'

/** Everything the pipeline settings page edits: pipelines with stages, lost reasons, exchange rates. */
export function usePipelineSettings() {
  const { t } = useI18n()
  const pipelines = shallowRef<Pipeline[]>([])
  const currentId = ref<number | null>(null)
  const gateRequirements = shallowRef<GateRequirement[]>([])
  const lostReasons = shallowRef<LostReason[]>([])
  const rates = shallowRef<ExchangeRate[]>([])
  const isLoading = ref(false)
  const isSaving = ref(false)

  const current = computed(() => pipelines.value.find((pipeline) => pipeline.id === currentId.value) ?? null)

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      const [pipelineList, gates, reasons, rateList] = await Promise.all([listPipelines(), listGateRequirements(), listLostReasons(), listRates()])
      pipelines.value = pipelineList
      gateRequirements.value = gates
      lostReasons.value = reasons
      rates.value = rateList
      if (!current.value) currentId.value = pipelineList.find((pipeline) => pipeline.is_default)?.id ?? pipelineList[0]?.id ?? null
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  async function run<T>(work: () => Promise<T>): Promise<T | null> {
    isSaving.value = true
    try {
      const result = await work()
      ElMessage.success(t('common.saved'))
      return result
    } catch (error) {
      notifyError(error)
      return null
    } finally {
      isSaving.value = false
    }
  }

  function replacePipeline(saved: Pipeline): void {
    const exists = pipelines.value.some((pipeline) => pipeline.id === saved.id)
    pipelines.value = exists ? pipelines.value.map((pipeline) => (pipeline.id === saved.id ? saved : pipeline)) : [...pipelines.value, saved]
    currentId.value = saved.id
  }

  async function saveStages(drafts: StageDraft[]): Promise<void> {
    const pipeline = current.value
    if (!pipeline) return
    const saved = await run(() => updatePipeline(pipeline.id, { version: pipeline.version, stages: stagesBody(drafts) }))
    if (saved) replacePipeline(saved)
  }

  async function renamePipeline(name: string, nameEn: string): Promise<void> {
    const pipeline = current.value
    if (!pipeline) return
    const saved = await run(() => updatePipeline(pipeline.id, { version: pipeline.version, name, name_en: nameEn }))
    if (saved) replacePipeline(saved)
  }

  async function addPipeline(name: string): Promise<void> {
    const saved = await run(() => createPipeline({ name, name_en: '', is_default: false, is_active: true, position: pipelines.value.length, stages: starterStages(t) }))
    if (saved) replacePipeline(saved)
  }

  async function saveReasons(drafts: LostReasonDraft[]): Promise<void> {
    const saved = await run(() => saveLostReasons(lostReasonsBody(drafts)))
    if (saved) lostReasons.value = saved
  }

  async function addRate(body: ExchangeRateInput): Promise<boolean> {
    const saved = await run(() => createRate(body))
    if (saved) rates.value = await listRates().catch(() => [...rates.value, saved])
    return saved !== null
  }

  return {
    pipelines,
    currentId,
    current,
    gateRequirements,
    lostReasons,
    rates,
    isLoading,
    isSaving,
    load,
    saveStages,
    renamePipeline,
    addPipeline,
    saveReasons,
    addRate,
  }
}
