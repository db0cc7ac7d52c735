import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { UNREAD_POLL_INTERVAL, useUnreadCount } from '../composables/useUnreadCount'

function start(fetchCount: () => Promise<number>) {
  const scope = effectScope()
  const unread = scope.run(() => useUnreadCount(fetchCount))!
  return { scope, unread }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('useUnreadCount', () => {
  it('asks at once, then every 60 seconds, and keeps the newest count', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValueOnce(2).mockResolvedValueOnce(5).mockResolvedValue(7)
    const { scope, unread } = start(fetchCount)
    await flushPromises()
    expect(fetchCount).toHaveBeenCalledTimes(1)
    expect(unread.count.value).toBe(2)

    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL - 1)
    expect(fetchCount).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    expect(unread.count.value).toBe(5)

    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL)
    expect(fetchCount).toHaveBeenCalledTimes(3)
    expect(unread.count.value).toBe(7)
    scope.stop()
  })

  it('asks again when the window regains focus and restarts the clock', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValue(1)
    const { scope } = start(fetchCount)
    await vi.advanceTimersByTimeAsync(30_000)
    window.dispatchEvent(new Event('focus'))
    await flushPromises()
    expect(fetchCount).toHaveBeenCalledTimes(2)
    // The next tick is a full interval after the focus, not after the first ask.
    await vi.advanceTimersByTimeAsync(30_000)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(30_000)
    expect(fetchCount).toHaveBeenCalledTimes(3)
    scope.stop()
  })

  it('keeps the last count when a poll fails', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValueOnce(3).mockRejectedValueOnce(new Error('offline')).mockResolvedValue(4)
    const { scope, unread } = start(fetchCount)
    await flushPromises()
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL)
    expect(unread.count.value).toBe(3)
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL)
    expect(unread.count.value).toBe(4)
    scope.stop()
  })

  it('stops polling and listening for focus when its scope ends', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValue(0)
    const { scope } = start(fetchCount)
    await flushPromises()
    scope.stop()
    window.dispatchEvent(new Event('focus'))
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL * 3)
    expect(fetchCount).toHaveBeenCalledTimes(1)
  })
})
