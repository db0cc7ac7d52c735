import { computed, shallowRef } from 'vue'
import { currentLocale } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { listPipelines, type Pipeline, type Stage } from '../api'

const pipelines = shallowRef<Pipeline[]>([])
let loading: Promise<void> | null = null

/** Every pipeline and stage, loaded once per page session: lists and the detail page name stages by id. */
export function useStageCatalog() {
  const stages = computed(() => pipelines.value.flatMap((pipeline) => pipeline.stages))
  const byId = computed(() => new Map(stages.value.map((stage) => [stage.id, stage])))

  function ensureLoaded(force = false): Promise<void> {
    if (pipelines.value.length && !force) return Promise.resolve()
    loading ??= listPipelines()
      .then((found) => {
        pipelines.value = found
      })
      .catch(notifyError)
      .finally(() => {
        loading = null
      })
    return loading
  }

  const stageName = (stageId: number | null | undefined): string => {
    const stage = stageId == null ? undefined : byId.value.get(stageId)
    if (!stage) return stageId == null ? '' : `#${stageId}`
    return currentLocale.value === 'en' && stage.name_en ? stage.name_en : stage.name
  }

  /** The active stages of a deal's pipeline, in board order. */
  const stagesOf = (pipelineId: number | null | undefined): Stage[] =>
    pipelines.value.find((pipeline) => pipeline.id === pipelineId)?.stages.filter((stage) => stage.is_active) ?? []

  return { pipelines, stages, byId, ensureLoaded, stageName, stagesOf }
}
