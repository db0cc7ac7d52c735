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
]
