import type { RouteRecordRaw } from 'vue-router'

/** Daily and weekly reports, the team view and the templates. */
export const reportsRoutes: RouteRecordRaw[] = [
  {
    path: 'work-reports',
    name: 'work-reports',
    component: () => import('./pages/WorkReportsPage.vue'),
    meta: { resource: 'work_reports', titleKey: 'nav.workReports' },
  },
  {
    path: 'work-reports/:id(\\d+)',
    name: 'work-report-detail',
    component: () => import('./pages/WorkReportDetailPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { resource: 'work_reports', titleKey: 'reports.detailTitle', navKey: 'work-reports' },
  },
  {
    path: 'work-reports/team',
    name: 'work-report-team',
    component: () => import('./pages/WorkReportTeamPage.vue'),
    meta: { resource: 'work_reports', titleKey: 'nav.workReportTeam' },
  },
  {
    path: 'report-templates',
    name: 'report-templates',
    component: () => import('./pages/ReportTemplatesPage.vue'),
    meta: { resource: 'report_settings', titleKey: 'nav.reportTemplates' },
  },
]
