import { ElMessage } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import {
  deleteCustomer,
  getCustomer,
  listCollaborators,
  removeCollaborator,
  setCollaborator,
  transferCustomer,
  updateCustomer,
  type Collaborator,
  type CollaboratorAccess,
  type Customer,
} from '../api'
import { customerPatch, type CustomerFormValues } from './customerFields'

/** One customer's detail page: the record, its collaborators and the writes on them. */
export function useCustomer(id: () => number) {
  const customer = shallowRef<Customer | null>(null)
  const collaborators = ref<Collaborator[]>([])
  const isLoading = ref(false)
  const failure = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    isLoading.value = true
    failure.value = null
    try {
      const [record, people] = await Promise.all([getCustomer(id()), listCollaborators(id()).catch(() => [])])
      customer.value = record
      collaborators.value = people
    } catch (error) {
      failure.value = error
      customer.value = null
    } finally {
      isLoading.value = false
    }
  }

  /** Run a write that answers the new record; a stale version shows the server's current one. */
  async function write(action: () => Promise<Customer>): Promise<void> {
    try {
      customer.value = await action()
      ElMessage.success(i18n.global.t('common.saved'))
    } catch (error) {
      if (isApiError(error) && error.status === 409) await load()
      throw error
    }
  }

  const save = (values: CustomerFormValues) =>
    write(() => {
      const current = customer.value as Customer
      return updateCustomer(current.id, customerPatch(current, values))
    })

  const transfer = (ownerId: number) =>
    write(() => {
      const current = customer.value as Customer
      return transferCustomer(current.id, ownerId, current.version)
    })

  async function remove(): Promise<void> {
    await deleteCustomer(id())
    ElMessage.success(i18n.global.t('customers.deleted'))
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

  return { customer, collaborators, isLoading, failure, load, save, transfer, remove, shareWith, unshare }
}
