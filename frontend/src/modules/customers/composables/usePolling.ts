import { onBeforeUnmount, ref } from 'vue'
import { notifyError } from '@/shared/errors'

/**
 * Ask `fetch` every `interval` ms until `isDone` says so (a background job's status). One request at
 * a time; stops when the component goes away or on `stop()`.
 */
export function usePolling<T>(fetch: () => Promise<T>, onUpdate: (value: T) => void, isDone: (value: T) => boolean, interval = 1000) {
  const isPolling = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0

  async function tick(mine: number): Promise<void> {
    try {
      const value = await fetch()
      if (mine !== generation) return
      onUpdate(value)
      if (isDone(value)) {
        isPolling.value = false
        return
      }
    } catch (error) {
      if (mine !== generation) return
      notifyError(error)
      isPolling.value = false
      return
    }
    timer = setTimeout(() => void tick(mine), interval)
  }

  function start(): void {
    stop()
    isPolling.value = true
    const mine = ++generation
    timer = setTimeout(() => void tick(mine), interval)
  }

  function stop(): void {
    generation += 1
    clearTimeout(timer)
    isPolling.value = false
  }

  onBeforeUnmount(stop)
  return { isPolling, start, stop }
}
