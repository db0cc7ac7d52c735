import type { RouteRecordRaw } from 'vue-router'

/** The follow-up log, field visits (week plan, team log) and the phone check-in page. */
export const followUpRoutes: RouteRecordRaw[] = [
  {
    path: 'follow-ups',
    name: 'follow-ups',
    component: () => import('./pages/FollowUpLogPage.vue'),
    meta: { resource: 'follow_ups', titleKey: 'activities.followUps.log.title' },
  },
  {
    path: 'visits',
    name: 'visits',
    component: () => import('./pages/VisitsPage.vue'),
    meta: { resource: 'visits', titleKey: 'activities.followUps.visits.title' },
  },
  {
    path: 'visits/:id(\\d+)/check-in',
    name: 'visit-check-in',
    component: () => import('./pages/VisitCheckInPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { resource: 'visits', titleKey: 'activities.followUps.checkIn.title', navKey: 'visits' },
  },
  {
    path: 'visits/check-in',
    name: 'visit-check-in-new',
    component: () => import('./pages/VisitCheckInPage.vue'),
    props: (route) => ({ id: null, customerId: Number(route.query.customer) || null }),
    meta: { resource: 'visits', titleKey: 'activities.followUps.checkIn.unplanned', navKey: 'visits' },
  },
]
