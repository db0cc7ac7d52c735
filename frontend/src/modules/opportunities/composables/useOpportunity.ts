import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import type { CollaboratorAccess } from '@/modules/customers/api'
import {
  deleteOpportunity,
  getOpportunity,
  listCollaborators,
  markLost,
  markWon,
  removeCollaborator,
  reopenOpportunity,
  setCollaborator,
  stageHistory,
  transferOpportunity,
  updateOpportunity,
  type OpportunityDetail,
  type OpportunityPatch,
  type StageChange,
} from '../api'
import type { LostValues } from '../components/OpportunityLostDialog.vue'
import type { WonValues } from '../components/OpportunityWonDialog.vue'

type Collaborators = Awaited<ReturnType<typeof listCollaborators>>

/** One deal's page: the record, its stage history and collaborators, and every write on them. */
export function useOpportunity(id: () => number) {
  const opportunity = shallowRef<OpportunityDetail | null>(null)
  const history = shallowRef<StageChange[]>([])
  const collaborators = ref<Collaborators>([])
  const isLoading = ref(false)
  const failure = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    isLoading.value = true
    failure.value = null
    try {
      const [record, moves, people] = await Promise.all([
        getOpportunity(id()),
        stageHistory(id()).catch(() => []),
        listCollaborators(id()).catch(() => []),
      ])
      opportunity.value = record
      history.value = moves
      collaborators.value = people
    } catch (error) {
      failure.value = error
      opportunity.value = null
    } finally {
      isLoading.value = false
    }
  }

  /** A write that answers the deal; a stale version reloads the server's current one, then rethrows. */
  async function write(action: (current: OpportunityDetail) => Promise<unknown>, refreshHistory = false): Promise<void> {
    const current = opportunity.value
    if (!current) return
    try {
      await action(current)
      // Writes answer the list shape; the page needs the detail (lines, contacts, can_edit).
      opportunity.value = await getOpportunity(current.id)
      if (refreshHistory) history.value = await stageHistory(current.id)
      ElMessage.success(i18n.global.t('common.saved'))
    } catch (error) {
      if (isApiError(error) && error.code === 'conflict.stale_version') await load()
      throw error
    }
  }

  const save = (patch: Omit<OpportunityPatch, 'version'>) =>
    write((current) => updateOpportunity(current.id, { ...patch, version: current.version }))

  const won = (values: WonValues) => write((current) => markWon(current.id, { version: current.version, ...values }), true)

  const lost = (values: LostValues) => write((current) => markLost(current.id, { version: current.version, ...values }), true)

  const reopen = (stageId: number) => write((current) => reopenOpportunity(current.id, stageId, current.version), true)

  const transfer = (ownerId: number) => write((current) => transferOpportunity(current.id, ownerId, current.version))

  async function remove(): Promise<void> {
    if (opportunity.value) await deleteOpportunity(opportunity.value.id)
  }

  async function shareWith(userId: number, access: CollaboratorAccess): Promise<void> {
    try {
      await setCollaborator(id(), userId, access)
      collaborators.value = await listCollaborators(id())
    } catch (error) {
      notifyError(error)
    }
  }

  async function unshare(userId: number): Promise<void> {
    try {
      await removeCollaborator(id(), userId)
      collaborators.value = collaborators.value.filter((person) => person.user_id !== userId)
    } catch (error) {
      notifyError(error)
    }
  }

  return { opportunity, history, collaborators, isLoading, failure, load, save, won, lost, reopen, transfer, remove, shareWith, unshare }
}
