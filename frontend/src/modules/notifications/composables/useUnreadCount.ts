import { onScopeDispose, ref } from 'vue'
import { unreadCount } from '../api'

/** The live unread count (server-sent events). */
export const UNREAD_STREAM_URL = '/api/v1/notifications/stream'

/** How often the bell asks the server for the unread count when the live stream is not available. */
export const UNREAD_POLL_INTERVAL = 60_000
/** Errors in a row (with no event between them) after which the stream is given up for polling. */
export const STREAM_FAILURES_BEFORE_POLLING = 3

/** The part of EventSource the bell uses (tests pass a fake). */
export interface UnreadStream {
  readonly readyState: number
  onmessage: ((event: MessageEvent<string>) => void) | null
  onerror: ((event: Event) => void) | null
  close(): void
}

const CLOSED = 2

/** The browser's EventSource on the live count, or null where there is none. */
export function openUnreadStream(): UnreadStream | null {
  if (typeof EventSource === 'undefined') return null
  return new EventSource(UNREAD_STREAM_URL, { withCredentials: true })
}

/**
 * The unread-notification count, live over server-sent events: the server sends it at once and on every
 * change, and closes the stream every ~25 s (the browser reconnects by itself). When the stream cannot be
 * opened, is refused (closed for good), or keeps failing, the count is polled every `interval` ms instead.
 * Focus always asks once. Failures keep the last known count quietly. Stops with its effect scope.
 */
export function useUnreadCount(
  fetchCount: () => Promise<number> = unreadCount,
  interval = UNREAD_POLL_INTERVAL,
  openStream: () => UnreadStream | null = openUnreadStream,
) {
  const count = ref(0)
  const isLive = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  let generation = 0
  let isStopped = false
  let stream: UnreadStream | null = null
  let failures = 0

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
    if (isStopped || isLive.value) return
    timer = setTimeout(() => {
      void refresh().finally(schedule)
    }, interval)
  }

  /** Ask now and restart the clock (focus, after marking read). */
  function refreshNow(): Promise<void> {
    schedule()
    return refresh()
  }

  function fallBackToPolling(): void {
    stream?.close()
    stream = null
    isLive.value = false
    if (!isStopped) void refreshNow()
  }

  function startStream(): boolean {
    try {
      stream = openStream()
    } catch {
      stream = null
    }
    if (!stream) return false
    isLive.value = true
    stream.onmessage = (event) => {
      failures = 0
      try {
        const value = (JSON.parse(event.data) as { count?: unknown }).count
        if (typeof value === 'number' && !isStopped) {
          generation++
          count.value = value
        }
      } catch {
        // A malformed event changes nothing.
      }
    }
    stream.onerror = () => {
      failures++
      // CLOSED: refused for good (401, not an event stream); otherwise the browser is reconnecting.
      if (stream?.readyState === CLOSED || failures >= STREAM_FAILURES_BEFORE_POLLING) fallBackToPolling()
    }
    return true
  }

  const onFocus = () => void refreshNow()

  function stop(): void {
    isStopped = true
    clearTimeout(timer)
    stream?.close()
    stream = null
    window.removeEventListener('focus', onFocus)
  }

  window.addEventListener('focus', onFocus)
  if (!startStream()) void refreshNow()
  onScopeDispose(stop)

  return { count, isLive, refresh: refreshNow, stop }
}
