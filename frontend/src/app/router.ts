import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { accountsPublicRoutes, accountsRoutes } from '@/modules/accounts/routes'
import { activitiesRoutes } from '@/modules/activities/routes'
import { auditRoutes } from '@/modules/audit/routes'
import { customersRoutes } from '@/modules/customers/routes'
import { leadsRoutes } from '@/modules/leads/routes'
import { notificationsRoutes } from '@/modules/notifications/routes'
import { opportunitiesRoutes } from '@/modules/opportunities/routes'
import { reportsRoutes } from '@/modules/reports/routes'
import AppLayout from './layouts/AppLayout.vue'

export const routes: RouteRecordRaw[] = [
  ...accountsPublicRoutes,
  {
    path: '/',
    component: AppLayout,
    children: [
      {
        path: '',
        name: 'dashboard',
        component: () => import('./pages/DashboardPage.vue'),
        meta: { titleKey: 'nav.dashboard' },
      },
      ...customersRoutes,
      ...leadsRoutes,
      ...opportunitiesRoutes,
      ...activitiesRoutes,
      ...reportsRoutes,
      ...notificationsRoutes,
      ...accountsRoutes,
      ...auditRoutes,
      {
        path: '403',
        name: 'forbidden',
        component: () => import('./pages/ForbiddenPage.vue'),
        meta: { titleKey: 'status.forbiddenTitle' },
      },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    name: 'not-found',
    component: () => import('./pages/NotFoundPage.vue'),
    meta: { public: true, titleKey: 'status.notFoundTitle' },
  },
]

export function createAppRouter() {
  // The SPA lives at the site root; only its assets sit under /static/app/ (Vite's base).
  return createRouter({ history: createWebHistory('/'), routes })
}
