import { ref } from 'vue'
import { notifyError } from '@/shared/errors'
import { createFeed, getFeed, revokeFeed, type CalendarFeed } from '../calendarApi'

/** The private iCalendar URL: its state, create / rotate (the URL is kept only until the page closes), revoke. */
export function useCalendarFeed(api = { getFeed, createFeed, revokeFeed }) {
  const feed = ref<CalendarFeed | null>(null)
  const url = ref<string | null>(null)
  const isBusy = ref(false)

  async function run(step: () => Promise<void>): Promise<void> {
    isBusy.value = true
    try {
      await step()
    } catch (error) {
      notifyError(error)
    } finally {
      isBusy.value = false
    }
  }

  const load = () =>
    run(async () => {
      feed.value = await api.getFeed()
    })

  const create = () =>
    run(async () => {
      const created = await api.createFeed()
      url.value = created.url ?? null
      feed.value = { ...created, url: null }
    })

  const revoke = () =>
    run(async () => {
      await api.revokeFeed()
      url.value = null
      feed.value = { is_active: false }
    })

  return { feed, url, isBusy, load, create, revoke }
}
