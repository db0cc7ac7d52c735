import { describe, expect, it, vi } from 'vitest'
import { useCalendarFeed } from '../composables/useCalendarFeed'

describe('calendar feed URL', () => {
  it('shows the URL once after creating it and forgets it when revoked', async () => {
    const api = {
      getFeed: vi.fn().mockResolvedValue({ is_active: false }),
      createFeed: vi.fn().mockResolvedValue({ is_active: true, created_at: '2031-03-01T00:00:00Z', url: 'https://crm.example/ical/abc.ics' }),
      revokeFeed: vi.fn().mockResolvedValue(undefined),
    }
    const feed = useCalendarFeed(api)
    await feed.load()
    expect(feed.feed.value).toEqual({ is_active: false })
    await feed.create()
    expect(feed.url.value).toBe('https://crm.example/ical/abc.ics')
    expect(feed.feed.value).toEqual({ is_active: true, created_at: '2031-03-01T00:00:00Z', url: null })
    await feed.revoke()
    expect(feed.url.value).toBeNull()
    expect(feed.feed.value).toEqual({ is_active: false })
    expect(feed.isBusy.value).toBe(false)
  })
})
