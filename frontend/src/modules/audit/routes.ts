import type { RouteRecordRaw } from 'vue-router'

export const auditRoutes: RouteRecordRaw[] = [
  {
    path: 'audit',
    name: 'audit',
    component: () => import('./pages/AuditPage.vue'),
    meta: { resource: 'audit', titleKey: 'nav.audit' },
  },
]
