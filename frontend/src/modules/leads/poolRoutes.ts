import type { RouteRecordRaw } from 'vue-router'

/** The pool, pool settings and scoring rules pages (spread into the leads module's routes). */
export const poolRoutes: RouteRecordRaw[] = [
  {
    path: 'leads/pools',
    name: 'lead-pools',
    component: () => import('./pages/PoolsPage.vue'),
    props: { resource: 'leads' },
    meta: { resource: 'leads', titleKey: 'leads.pools.nav.leadPools' },
  },
  {
    path: 'customers/pools',
    name: 'customer-pools',
    component: () => import('./pages/PoolsPage.vue'),
    props: { resource: 'customers' },
    meta: { resource: 'customers', titleKey: 'leads.pools.nav.customerPools' },
  },
  {
    path: 'pools/settings',
    name: 'pool-settings',
    component: () => import('./pages/PoolSettingsPage.vue'),
    meta: { resource: 'pools', titleKey: 'leads.pools.nav.settings' },
  },
  {
    path: 'leads/scoring',
    name: 'lead-scoring',
    component: () => import('./pages/ScoringRulesPage.vue'),
    meta: { resource: 'lead_settings', titleKey: 'leads.pools.nav.scoring' },
  },
]
