import type { RouteRecordRaw } from 'vue-router'

/** Pages outside the signed-in shell. */
export const accountsPublicRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { public: true, titleKey: 'accounts.login.title' },
  },
]

/** Pages inside the shell (children of the layout route). */
export const accountsRoutes: RouteRecordRaw[] = [
  {
    path: 'profile',
    name: 'profile',
    component: () => import('./pages/ProfilePage.vue'),
    meta: { titleKey: 'accounts.profile.title' },
  },
  {
    path: 'departments',
    name: 'departments',
    component: () => import('./pages/DepartmentsPage.vue'),
    meta: { resource: 'departments', titleKey: 'nav.departments' },
  },
  {
    path: 'users',
    name: 'users',
    component: () => import('./pages/UsersPage.vue'),
    meta: { resource: 'users', titleKey: 'nav.users' },
  },
  {
    path: 'roles',
    name: 'roles',
    component: () => import('./pages/RolesPage.vue'),
    meta: { resource: 'roles', titleKey: 'nav.roles' },
  },
]
