import { ElMessage, ElMessageBox } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import {
  createContact,
  customerContacts,
  customerMerges,
  deleteContact,
  deleteCustomer,
  getCustomer,
  isDuplicateError,
  listCollaborators,
  removeCollaborator,
  setCollaborator,
  transferCustomer,
  undoMerge,
  updateContact,
  updateCustomer,
  type Collaborator,
  type CollaboratorAccess,
  type Contact,
  type Customer,
  type Merge,
} from '../api'
import { contactInput, contactPatch, type ContactFormValues } from './contactFields'
import { customerPatch, type CustomerFormValues } from './customerFields'
import { useCatalogStore } from './useCatalog'

/** One customer's 360 page: the record, its contacts, collaborators and merges, and the writes on them. */
export function useCustomer(id: () => number) {
  const catalog = useCatalogStore()
  const customer = shallowRef<Customer | null>(null)
  const contacts = shallowRef<Contact[]>([])
  const collaborators = ref<Collaborator[]>([])
  const merges = shallowRef<Merge[]>([])
  const isLoading = ref(false)
  const failure = shallowRef<unknown>(null)

  async function load(): Promise<void> {
    isLoading.value = true
    failure.value = null
    try {
      const [record, people, found, merged] = await Promise.all([
        getCustomer(id()),
        listCollaborators(id()).catch(() => []),
        customerContacts(id()).catch(() => []),
        customerMerges(id()).catch(() => []),
        catalog.ensureLoaded(),
      ])
      customer.value = record
      collaborators.value = people
      contacts.value = found
      merges.value = merged
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
      if (isApiError(error) && error.code === 'conflict.stale_version') await load()
      throw error
    }
  }

  const save = (values: CustomerFormValues) =>
    write(() => {
      const current = customer.value as Customer
      return updateCustomer(current.id, customerPatch(current, values, catalog.activeFields('customer')))
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

  async function reloadContacts(): Promise<void> {
    contacts.value = await customerContacts(id())
  }

  /** A mobile or email already at another customer answers 409: list who has it, save on confirmation. */
  async function createContactConfirmingDuplicates(body: ReturnType<typeof contactInput>): Promise<void> {
    try {
      await createContact(id(), body)
    } catch (error) {
      if (!isDuplicateError(error) || error.code !== 'customer.duplicate') throw error
      const t = i18n.global.t
      const owners = error.candidates.map((candidate) => `${candidate.name}（${t('customers.duplicates.ownedBy', { name: candidate.owner_name })}）`)
      await ElMessageBox.confirm(
        `${t('customers.duplicates.confirmText')}\n${owners.join('\n')}`,
        t('customers.duplicates.confirmTitle'),
        { confirmButtonText: t('customers.duplicates.saveAnyway'), cancelButtonText: t('customers.duplicates.back') },
      )
      await createContact(id(), { ...body, allow_duplicate: true })
    }
  }

  /** Create (contact null) or edit a contact; `moveTo` hands it to another customer. */
  async function saveContact(contact: Contact | null, values: ContactFormValues, moveTo: number | null): Promise<void> {
    const fields = catalog.activeFields('contact')
    try {
      if (contact) await updateContact(contact.id, contactPatch(contact, values, fields, moveTo))
      else await createContactConfirmingDuplicates(contactInput(values, fields))
    } catch (error) {
      if (isApiError(error) && error.code === 'conflict.stale_version') await reloadContacts()
      throw error
    }
    ElMessage.success(i18n.global.t('common.saved'))
    await reloadContacts()
  }

  async function removeContact(contact: Contact): Promise<void> {
    try {
      await deleteContact(contact.id)
      contacts.value = contacts.value.filter((item) => item.id !== contact.id)
    } catch (error) {
      notifyError(error)
    }
  }

  async function undo(merge: Merge): Promise<void> {
    try {
      await undoMerge(merge.id)
      ElMessage.success(i18n.global.t('customers.merges.undone', { name: merge.merged_name }))
      await load()
    } catch (error) {
      notifyError(error)
    }
  }

  return {
    customer,
    contacts,
    collaborators,
    merges,
    isLoading,
    failure,
    load,
    save,
    transfer,
    remove,
    shareWith,
    unshare,
    saveContact,
    removeContact,
    undo,
  }
}
