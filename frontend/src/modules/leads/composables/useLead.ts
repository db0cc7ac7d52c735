import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import {
  deleteLead,
  getLead,
  leadDuplicates,
  listCollaborators,
  markInvalid,
  removeCollaborator,
  setCollaborator,
  transferLead,
  updateLead,
  type Collaborator,
  type CollaboratorAccess,
  type LeadDetail,
  type LeadDuplicates,
  type LeadPatch,
} from '../api'

/** One lead's page: the record, what it duplicates, its collaborators, and every write on them. */
export function useLead(id: () => number) {
  const lead = shallowRef<LeadDetail | null>(null)
  const duplicates = shallowRef<LeadDuplicates | null>(null)
  const collaborators = ref<Collaborator[]>([])
  const isLoading = ref(false)
  const failure = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    isLoading.value = true
    failure.value = null
    try {
      const [record, matches, people] = await Promise.all([
        getLead(id()),
        leadDuplicates(id()).catch(() => null),
        listCollaborators(id()).catch(() => []),
      ])
      lead.value = record
      duplicates.value = matches
      collaborators.value = people
    } catch (error) {
      failure.value = error
      lead.value = null
    } finally {
      isLoading.value = false
    }
  }

  /** A write; a stale version reloads the server's current lead, then rethrows. */
  async function write(action: (current: LeadDetail) => Promise<unknown>): Promise<void> {
    const current = lead.value
    if (!current) return
    try {
      await action(current)
      lead.value = await getLead(current.id)
      ElMessage.success(i18n.global.t('common.saved'))
    } catch (error) {
      if (isApiError(error) && error.code === 'conflict.stale_version') await load()
      throw error
    }
  }

  const save = (patch: Omit<LeadPatch, 'version'>) => write((current) => updateLead(current.id, { ...patch, version: current.version }))

  const transfer = (ownerId: number) => write((current) => transferLead(current.id, ownerId, current.version))

  const invalidate = (reason: string) => write((current) => markInvalid(current.id, reason, current.version))

  async function remove(): Promise<void> {
    if (lead.value) await deleteLead(lead.value.id)
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

  return { lead, duplicates, collaborators, isLoading, failure, load, save, transfer, invalidate, remove, shareWith, unshare }
}
