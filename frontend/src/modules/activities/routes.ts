import type { RouteRecordRaw } from 'vue-router'
import { followUpRoutes } from './followUpRoutes'
import { taskRoutes } from './taskRoutes'

/** Follow-ups, field visits, tasks and the calendar. */
export const activitiesRoutes: RouteRecordRaw[] = [...followUpRoutes, ...taskRoutes]
