import type { RouteRecordRaw } from 'vue-router'

/** The forecast, targets, at-risk and pipeline settings pages (spread into the module's routes). */
export const forecastRoutes: RouteRecordRaw[] = [
  {
    path: 'opportunities/forecast',
    name: 'opportunity-forecast',
    component: () => import('./pages/ForecastPage.vue'),
    meta: { resource: 'opportunities', titleKey: 'opportunities.opportunityForecast.nav.forecast' },
  },
  {
    path: 'opportunities/targets',
    name: 'opportunity-targets',
    component: () => import('./pages/TargetsPage.vue'),
    meta: { resource: 'targets', titleKey: 'opportunities.opportunityForecast.nav.targets' },
  },
  {
    path: 'opportunities/at-risk',
    name: 'opportunity-at-risk',
    component: () => import('./pages/AtRiskPage.vue'),
    meta: { resource: 'opportunities', titleKey: 'opportunities.opportunityForecast.nav.atRisk' },
  },
  {
    path: 'opportunities/settings',
    name: 'opportunity-settings',
    component: () => import('./pages/PipelineSettingsPage.vue'),
    meta: { resource: 'opportunity_settings', titleKey: 'opportunities.opportunityForecast.nav.settings' },
  },
]
