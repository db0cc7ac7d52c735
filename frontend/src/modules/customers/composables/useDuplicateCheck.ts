import { computed, ref, shallowRef } from 'vue'
import { useDebouncedWatch } from '@/shared/composables/useDebouncedWatch'
import { checkDuplicates, type Candidate } from '../api'
import { duplicateCheckBody, hasBlockingCandidate } from './duplicateCandidates'

export interface DuplicateInput {
  name?: string
  creditCode?: string
  mobiles?: string[]
}

/** A phone worth matching against contact mobiles: +86, spaces and dashes allowed. */
export function asMobile(phone: string | undefined): string[] {
  const digits = (phone ?? '').replace(/[\s-]/g, '').replace(/^(\+?86)/, '')
  return /^1\d{10}$/.test(digits) ? [digits] : []
}

/**
 * The live duplicate warning: while the form is open, what is typed is checked (debounced) and the
 * likely duplicates are listed before anything is saved. Failures stay silent (it is only a hint).
 */
export function useDuplicateCheck(input: () => DuplicateInput | null, excludeId: () => number | null, delay = 400) {
  const candidates = shallowRef<Candidate[]>([])
  const isChecking = ref(false)
  let generation = 0

  const body = computed(() => {
    const current = input()
    return current ? duplicateCheckBody(current, excludeId()) : null
  })
  const key = computed(() => JSON.stringify(body.value))

  async function run(): Promise<void> {
    const mine = ++generation
    const request = body.value
    if (!request) {
      candidates.value = []
      return
    }
    isChecking.value = true
    try {
      const found = await checkDuplicates(request)
      if (mine === generation) candidates.value = found
    } catch {
      if (mine === generation) candidates.value = []
    } finally {
      if (mine === generation) isChecking.value = false
    }
  }

  useDebouncedWatch([key], () => void run(), delay)

  function clear(): void {
    generation += 1
    candidates.value = []
    isChecking.value = false
  }

  const isBlocking = computed(() => hasBlockingCandidate(candidates.value))
  return { candidates, isChecking, isBlocking, run, clear }
}
