import { onScopeDispose, ref } from 'vue'
import { unreadCount } from '../api'

/** How often the bell asks the server for the unread count. */
export const UNREAD_POLL_INTERVAL = 60_000

/**
 * The unread-notification count, asked for now, every `interval` ms and whenever the window regains
 * focus. Failures keep the last known count quietly (a toast every minute would be noise). Stops when
 * the owning component or effect scope goes away.
 */
export function useUnreadCount(fetchCount: () => Promise<number> = unreadCount, interval = UNREAD_POLL_INTERVAL) {
  const count = ref(0)
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0
  let isStopped = false

  async function refresh(): Promise<void> {
    const mine = ++generation
    try {
      const value = await fetchCount()
      if (mine === generation && !isStopped) count.value = value
    } catch {
      // Offline or signed out: the next tick tries again.
    }
  }

  function schedule(): void {
    clearTimeout(timer)
    if (isStopped) return
    timer = setTimeout(() => {
      void refresh().finally(schedule)
    }, interval)
  }

  /** Ask now and restart the clock (focus, after marking read). */
  function refreshNow(): Promise<void> {
    schedule()
    return refresh()
  }

  const onFocus = () => void refreshNow()

  function stop(): void {
    isStopped = true
    clearTimeout(timer)
    window.removeEventListener('focus', onFocus)
  }

  window.addEventListener('focus', onFocus)
  void refreshNow()
  onScopeDispose(stop)

  return { count, refresh: refreshNow, stop }
}
