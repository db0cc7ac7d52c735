import { api, expectOk, unwrap } from '@/api/http'
import type { paths } from '@/api/generated/schema'

type Body<T> = T extends { requestBody?: infer B } ? NonNullable<B> extends { content: { 'application/json': infer J } } ? J : never : never

/** One page of the signed-in user's own notifications, newest first. */
export const listNotifications = (limit = 10, cursor: string | null = null, unreadOnly = false) =>
  unwrap(api.GET('/api/v1/notifications', { params: { query: { limit, cursor, unread_only: unreadOnly } } }))

/** How many of the user's notifications are still unread. */
export const unreadCount = async (): Promise<number> => (await unwrap(api.GET('/api/v1/notifications/unread-count'))).count

export const markRead = (id: number) =>
  expectOk(api.POST('/api/v1/notifications/{notification_id}/read', { params: { path: { notification_id: id } } }))

export const markAllRead = () => expectOk(api.POST('/api/v1/notifications/read-all'))

export type NotificationPage = Awaited<ReturnType<typeof listNotifications>>
export type AppNotification = NotificationPage['items'][number]

// ---- kinds and preferences ----

export const listKinds = () => unwrap(api.GET('/api/v1/notifications/kinds'))
export const getPreferences = () => unwrap(api.GET('/api/v1/notifications/preferences'))
export type PreferencesInput = Body<paths['/api/v1/notifications/preferences']['put']>
export const savePreferences = (body: PreferencesInput) => unwrap(api.PUT('/api/v1/notifications/preferences', { body }))
export type Preferences = Awaited<ReturnType<typeof getPreferences>>

// ---- channel settings (admin) ----

const channelPath = (id: number) => ({ params: { path: { channel_id: id } } })
export const listChannels = () => unwrap(api.GET('/api/v1/notifications/channels'))
export type ChannelEndpoint = Awaited<ReturnType<typeof listChannels>>[number]
export type ChannelEndpointInput = Body<paths['/api/v1/notifications/channels']['post']>
export type ChannelEndpointPatch = Body<paths['/api/v1/notifications/channels/{channel_id}']['patch']>
export const createChannel = (body: ChannelEndpointInput) => unwrap(api.POST('/api/v1/notifications/channels', { body }))
export const updateChannel = (id: number, body: ChannelEndpointPatch) =>
  unwrap(api.PATCH('/api/v1/notifications/channels/{channel_id}', { ...channelPath(id), body }))
export const deleteChannel = (id: number) => expectOk(api.DELETE('/api/v1/notifications/channels/{channel_id}', channelPath(id)))
export const testChannel = (id: number) => expectOk(api.POST('/api/v1/notifications/channels/{channel_id}/test', channelPath(id)))
export const emailSettings = () => unwrap(api.GET('/api/v1/notifications/email'))
export const testEmail = () => expectOk(api.POST('/api/v1/notifications/email/test'))

// ---- outbox (admin) ----

export type DeliveryQuery = NonNullable<paths['/api/v1/notifications/deliveries']['get']['parameters']['query']>
export const listDeliveries = (query: DeliveryQuery) => unwrap(api.GET('/api/v1/notifications/deliveries', { params: { query } }))
export type Delivery = Awaited<ReturnType<typeof listDeliveries>>['items'][number]
export const retryDelivery = (id: number) =>
  unwrap(api.POST('/api/v1/notifications/deliveries/{delivery_id}/retry', { params: { path: { delivery_id: id } } }))

/** Departments, to pick the one a robot serves. */
export const listDepartmentOptions = () => unwrap(api.GET('/api/v1/departments'))
