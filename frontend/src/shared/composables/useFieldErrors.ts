import { reactive } from 'vue'
import { isApiError } from '@/api/errors'

/**
 * Server-side field errors for one form: bind `errors.<field>` to each el-form-item's `error` prop.
 * `apply` returns true when the error named fields (so the caller may skip a toast).
 */
export function useFieldErrors() {
  const errors = reactive<Record<string, string>>({})

  function clear(): void {
    for (const key of Object.keys(errors)) delete errors[key]
  }

  function apply(error: unknown, rename: Record<string, string> = {}): boolean {
    clear()
    if (!isApiError(error)) return false
    for (const [field, message] of Object.entries(error.fields)) {
      errors[rename[field] ?? field] = message
    }
    return Object.keys(errors).length > 0
  }

  function set(field: string, message: string): void {
    errors[field] = message
  }

  return { errors, apply, clear, set }
}
