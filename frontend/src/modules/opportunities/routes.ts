import type { RouteRecordRaw } from 'vue-router'
import { forecastRoutes } from './forecastRoutes'

export const opportunitiesRoutes: RouteRecordRaw[] = [
  {
    path: 'opportunities/board',
    name: 'opportunity-board',
    component: () => import('./pages/OpportunityBoardPage.vue'),
    meta: { resource: 'opportunities', titleKey: 'nav.opportunityBoard' },
  },
  {
    path: 'opportunities',
    name: 'opportunities',
    component: () => import('./pages/OpportunitiesPage.vue'),
    meta: { resource: 'opportunities', titleKey: 'nav.opportunities' },
  },
  {
    path: 'opportunities/:id(\\d+)',
    name: 'opportunity-detail',
    component: () => import('./pages/OpportunityDetailPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { resource: 'opportunities', titleKey: 'opportunities.detailTitle', navKey: 'opportunities' },
  },
  ...forecastRoutes,
]
