import { api, expectOk, unwrap } from '@/api/http'
import type { paths } from '@/api/generated/schema'

/* The calendar (items in a range, drag to reschedule) and the private iCalendar feed URL. */

type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } } ? NonNullable<Q> : never
type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never

export type CalendarQuery = Query<'/api/v1/calendar/events'>
export type RescheduleInput = Body<paths['/api/v1/calendar/reschedule']['post']>

export const listCalendarItems = (query: CalendarQuery) => unwrap(api.GET('/api/v1/calendar/events', { params: { query } }))

export const rescheduleItem = (body: RescheduleInput) => unwrap(api.POST('/api/v1/calendar/reschedule', { body }))

export const getFeed = () => unwrap(api.GET('/api/v1/calendar/feed'))

/** Create or rotate the feed; the answer carries the URL, shown this once. */
export const createFeed = () => unwrap(api.POST('/api/v1/calendar/feed'))

export const revokeFeed = () => expectOk(api.DELETE('/api/v1/calendar/feed'))

export type CalendarItem = Awaited<ReturnType<typeof listCalendarItems>>[number]
export type CalendarFeed = Awaited<ReturnType<typeof getFeed>>
export type MovableType = RescheduleInput['item_type']
