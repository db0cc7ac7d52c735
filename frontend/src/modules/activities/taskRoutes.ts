import type { RouteRecordRaw } from 'vue-router'

/** Tasks (my / team / overdue) and the calendar. */
export const taskRoutes: RouteRecordRaw[] = [
  {
    path: 'tasks',
    name: 'tasks',
    component: () => import('./pages/TasksPage.vue'),
    meta: { resource: 'tasks', titleKey: 'nav.tasks' },
  },
  {
    path: 'calendar',
    name: 'calendar',
    component: () => import('./pages/CalendarPage.vue'),
    meta: { resource: 'tasks', titleKey: 'nav.calendar' },
  },
]
