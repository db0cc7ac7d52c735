import type { RouteRecordRaw } from 'vue-router'

export const customersRoutes: RouteRecordRaw[] = [
  {
    path: 'customers',
    name: 'customers',
    component: () => import('./pages/CustomersPage.vue'),
    meta: { resource: 'customers', titleKey: 'nav.customers' },
  },
  {
    path: 'customers/:id(\\d+)',
    name: 'customer-detail',
    component: () => import('./pages/CustomerDetailPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { resource: 'customers', titleKey: 'customers.detailTitle', navKey: 'customers' },
  },
  {
    path: 'customers/duplicates',
    name: 'customer-duplicates',
    component: () => import('./pages/DuplicatesPage.vue'),
    meta: { resource: 'customers', titleKey: 'nav.customerDuplicates' },
  },
  {
    path: 'customers/import',
    name: 'customer-import',
    component: () => import('./pages/ImportWizardPage.vue'),
    meta: { resource: 'customers', titleKey: 'nav.customerImport' },
  },
  {
    path: 'customers/settings',
    name: 'customer-settings',
    component: () => import('./pages/CustomerSettingsPage.vue'),
    meta: { resource: 'customer_settings', titleKey: 'nav.customerSettings' },
  },
]
