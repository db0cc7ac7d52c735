import { api, expectOk, unwrap } from '@/api/http'

/** One page of the signed-in user's own notifications, newest first. */
export const listNotifications = (limit = 10, cursor: string | null = null) =>
  unwrap(api.GET('/api/v1/notifications', { params: { query: { limit, cursor } } }))

/** How many of the user's notifications are still unread. */
export const unreadCount = async (): Promise<number> => (await unwrap(api.GET('/api/v1/notifications/unread-count'))).count

export const markRead = (id: number) =>
  expectOk(api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } }))

export const markAllRead = () => expectOk(api.POST('/api/v1/notifications/read-all'))

export type NotificationPage = Awaited<ReturnType<typeof listNotifications>>
export type AppNotification = NotificationPage['items'][number]
