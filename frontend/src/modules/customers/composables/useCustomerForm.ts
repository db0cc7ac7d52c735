import type { FormInstance, FormItemRule, FormRules } from 'element-plus'
import { computed, ref, shallowRef, watch, type Ref } from 'vue'
import { isApiError } from '@/api/errors'
import { i18n } from '@/app/i18n'
import { useFieldErrors } from '@/shared/composables/useFieldErrors'
import { notifyError } from '@/shared/errors'
import { isDuplicateError, type Candidate, type Customer, type CustomField } from '../api'
import { customerFormValues, type CustomerFormValues } from './customerFields'
import { isBlank } from './customFields'
import { asMobile, useDuplicateCheck } from './useDuplicateCheck'

export type SaveCustomer = (values: CustomerFormValues, ownerId: number | null, allowDuplicate: boolean) => Promise<void>

/**
 * The customer dialog's state: values reset on open, rules (custom required fields included), the
 * live duplicate warning, and saving with the duplicate confirmation ("仍然保存") on a 409.
 */
export function useCustomerForm(options: {
  form: Ref<FormInstance | undefined>
  isOpen: Ref<boolean>
  customer: () => Customer | null
  fields: () => CustomField[]
  save: () => SaveCustomer
}) {
  const form = options.form
  const values = ref<CustomerFormValues>(customerFormValues(null))
  const ownerId = ref<number | null>(null)
  const isSaving = ref(false)
  /** Candidates of a 409 "customer.duplicate": the confirmation lists them. */
  const confirmCandidates = shallowRef<Candidate[]>([])
  /** Candidates of a 409 "customer.duplicate_credit_code": shown, no override. */
  const blockingCandidates = shallowRef<Candidate[]>([])
  const { errors, apply, clear } = useFieldErrors()

  const duplicates = useDuplicateCheck(
    () =>
      options.isOpen.value
        ? {
            name: values.value.text.name,
            creditCode: values.value.text.credit_code,
            mobiles: asMobile(values.value.text.phone),
          }
        : null,
    () => options.customer()?.id ?? null,
  )

  const rules = computed<FormRules>(() => {
    const { t } = i18n.global
    const required = (message: string): FormItemRule => ({
      validator: (_rule, value, callback) => (isBlank(value) ? callback(new Error(message)) : callback()),
      trigger: 'change',
    })
    const result: FormRules = { 'text.name': [{ required: true, message: t('common.required'), trigger: 'blur' }] }
    for (const field of options.fields()) {
      if (field.is_required) result[`custom.${field.key}`] = [required(t('common.required'))]
    }
    return result
  })

  watch(
    options.isOpen,
    (open) => {
      if (!open) {
        duplicates.clear()
        return
      }
      values.value = customerFormValues(options.customer(), options.fields())
      ownerId.value = null
      confirmCandidates.value = []
      blockingCandidates.value = []
      clear()
      form.value?.clearValidate()
    },
    { immediate: true },
  )

  // A refused credit code stops being the warning once the code is edited.
  watch(
    () => values.value.text.credit_code,
    () => (blockingCandidates.value = []),
  )

  async function submit(allowDuplicate = false): Promise<void> {
    const isValid = await form.value?.validate().catch(() => false)
    if (!isValid) return
    isSaving.value = true
    clear()
    try {
      await options.save()(values.value, ownerId.value, allowDuplicate)
      confirmCandidates.value = []
      options.isOpen.value = false
    } catch (error) {
      onFailure(error)
    } finally {
      isSaving.value = false
    }
  }

  function onFailure(error: unknown): void {
    if (isDuplicateError(error) && error.code === 'customer.duplicate') {
      confirmCandidates.value = error.candidates
      return
    }
    confirmCandidates.value = []
    if (isDuplicateError(error) && error.code === 'customer.duplicate_credit_code') {
      blockingCandidates.value = error.candidates
    }
    if (!apply(error)) notifyError(error)
    // A stale version: the page reloads the record; close so the user starts from it.
    if (isApiError(error) && error.code === 'conflict.stale_version') options.isOpen.value = false
  }

  /** The live warning's candidates, or the ones a refused save named. */
  const warning = computed(() => (blockingCandidates.value.length ? blockingCandidates.value : duplicates.candidates.value))

  return { values, ownerId, isSaving, errors, rules, warning, confirmCandidates, submit }
}
