import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope } from 'vue'
import { STREAM_FAILURES_BEFORE_POLLING, UNREAD_POLL_INTERVAL, useUnreadCount, type UnreadStream } from '../composables/useUnreadCount'

/** A stand-in for the browser's EventSource that the test drives by hand. */
class FakeStream implements UnreadStream {
  readyState = 0
  onmessage: ((event: MessageEvent<string>) => void) | null = null
  onerror: ((event: Event) => void) | null = null
  isClosed = false

  send(count: number): void {
    this.readyState = 1
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify({ count }) }))
  }

  fail(readyState: number): void {
    this.readyState = readyState
    this.onerror?.(new Event('error'))
  }

  close(): void {
    this.isClosed = true
    this.readyState = 2
  }
}

function start(fetchCount: () => Promise<number>, stream: FakeStream | null) {
  const scope = effectScope()
  const unread = scope.run(() => useUnreadCount(fetchCount, UNREAD_POLL_INTERVAL, () => stream))!
  return { scope, unread }
}

beforeEach(() => {
  vi.useFakeTimers()
})

afterEach(() => {
  vi.useRealTimers()
})

describe('useUnreadCount over server-sent events', () => {
  it('takes the count from the stream and does not poll while it is live', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValue(9)
    const stream = new FakeStream()
    const { scope, unread } = start(fetchCount, stream)
    stream.send(3)
    expect(unread.count.value).toBe(3)
    expect(unread.isLive.value).toBe(true)
    // The server closes each stream after a while; the browser reconnects and the next event arrives.
    stream.fail(0)
    stream.send(4)
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL * 3)
    expect(fetchCount).not.toHaveBeenCalled()
    expect(unread.count.value).toBe(4)
    scope.stop()
    expect(stream.isClosed).toBe(true)
  })

  it('falls back to polling when the stream is refused for good', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValue(5)
    const stream = new FakeStream()
    const { scope, unread } = start(fetchCount, stream)
    stream.fail(2)
    await flushPromises()
    expect(stream.isClosed).toBe(true)
    expect(unread.isLive.value).toBe(false)
    expect(fetchCount).toHaveBeenCalledTimes(1)
    expect(unread.count.value).toBe(5)
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    scope.stop()
  })

  it('falls back to polling after repeated errors without an event in between', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValue(1)
    const stream = new FakeStream()
    const { scope, unread } = start(fetchCount, stream)
    for (let attempt = 1; attempt < STREAM_FAILURES_BEFORE_POLLING; attempt++) stream.fail(0)
    expect(unread.isLive.value).toBe(true)
    stream.fail(0)
    await flushPromises()
    expect(unread.isLive.value).toBe(false)
    expect(fetchCount).toHaveBeenCalledTimes(1)
    scope.stop()
  })

  it('polls from the start when the browser has no EventSource', async () => {
    const fetchCount = vi.fn<() => Promise<number>>().mockResolvedValue(2)
    const { scope, unread } = start(fetchCount, null)
    await flushPromises()
    expect(unread.isLive.value).toBe(false)
    expect(unread.count.value).toBe(2)
    await vi.advanceTimersByTimeAsync(UNREAD_POLL_INTERVAL)
    expect(fetchCount).toHaveBeenCalledTimes(2)
    scope.stop()
  })
})
