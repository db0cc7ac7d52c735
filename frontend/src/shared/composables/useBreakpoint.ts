import { onBeforeUnmount, ref } from 'vue'

/** Below this width the sidebar becomes a drawer and forms stack. */
export const PHONE_MAX_WIDTH = 767

/** Reactive "is this a phone-sized screen" flag. */
export function useBreakpoint() {
  const query = window.matchMedia?.(`(max-width: ${PHONE_MAX_WIDTH}px)`)
  const isMobile = ref(query?.matches ?? false)
  const update = (event: MediaQueryListEvent) => {
    isMobile.value = event.matches
  }
  query?.addEventListener('change', update)
  onBeforeUnmount(() => query?.removeEventListener('change', update))
  return { isMobile }
}
