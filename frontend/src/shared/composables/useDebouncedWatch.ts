import { onBeforeUnmount, watch, type WatchSource } from 'vue'

/** Run `effect` once the sources stop changing for `delay` ms (search boxes). */
export function useDebouncedWatch(sources: WatchSource<unknown>[], effect: () => void, delay = 300): void {
  let timer: ReturnType<typeof setTimeout> | undefined
  watch(sources, () => {
    clearTimeout(timer)
    timer = setTimeout(effect, delay)
  })
  onBeforeUnmount(() => clearTimeout(timer))
}
