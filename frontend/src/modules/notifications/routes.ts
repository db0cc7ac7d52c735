import type { RouteRecordRaw } from 'vue-router'

/** The notification centre, delivery preferences and the admin's channel settings. */
export const notificationsRoutes: RouteRecordRaw[] = [
  {
    path: 'notifications',
    name: 'notifications',
    component: () => import('./pages/NotificationCentrePage.vue'),
    meta: { titleKey: 'notifications.centre.title' },
  },
  {
    path: 'notifications/preferences',
    name: 'notification-preferences',
    component: () => import('./pages/NotificationPreferencesPage.vue'),
    meta: { titleKey: 'notifications.preferences.title' },
  },
  {
    path: 'settings/notification-channels',
    name: 'notification-channels',
    component: () => import('./pages/NotificationChannelsPage.vue'),
    meta: { resource: 'notification_settings', titleKey: 'nav.notificationChannels' },
  },
]
