import { computed, reactive, ref, shallowRef } from 'vue'
import { useSessionStore } from '@/app/stores/session'
import { translateError } from '@/shared/errors'

/** The sign-in form: credentials, the last failure (re-translated when the language changes). */
export function useLogin() {
  const session = useSessionStore()
  const credentials = reactive({ username: '', password: '' })
  const isSubmitting = ref(false)
  const failure = shallowRef<unknown>(null)
  const errorText = computed(() => (failure.value ? translateError(failure.value) : ''))

  async function submit(): Promise<boolean> {
    if (isSubmitting.value) return false
    isSubmitting.value = true
    failure.value = null
    try {
      await session.signIn(credentials.username.trim(), credentials.password)
      return true
    } catch (error) {
      failure.value = error
      credentials.password = ''
      return false
    } finally {
      isSubmitting.value = false
    }
  }

  return { credentials, isSubmitting, errorText, submit }
}
