import type { RouteRecordRaw } from 'vue-router'
import { poolRoutes } from './poolRoutes'

/** The lead list and page, capture settings (forms, mailboxes), assignment rules and the fairness report. */
export const leadsRoutes: RouteRecordRaw[] = [
  {
    path: 'leads',
    name: 'leads',
    component: () => import('./pages/LeadsPage.vue'),
    meta: { resource: 'leads', titleKey: 'nav.leads' },
  },
  {
    path: 'leads/:id(\\d+)',
    name: 'lead-detail',
    component: () => import('./pages/LeadDetailPage.vue'),
    props: (route) => ({ id: Number(route.params.id) }),
    meta: { resource: 'leads', titleKey: 'leads.detailTitle', navKey: 'leads' },
  },
  {
    path: 'leads/forms',
    name: 'lead-forms',
    component: () => import('./pages/LeadFormsPage.vue'),
    meta: { resource: 'lead_settings', titleKey: 'nav.leadForms' },
  },
  {
    path: 'leads/mailboxes',
    name: 'lead-mailboxes',
    component: () => import('./pages/MailboxesPage.vue'),
    meta: { resource: 'lead_settings', titleKey: 'nav.leadMailboxes' },
  },
  {
    path: 'leads/rules',
    name: 'lead-rules',
    component: () => import('./pages/AssignmentRulesPage.vue'),
    meta: { resource: 'lead_settings', titleKey: 'nav.leadRules' },
  },
  {
    path: 'leads/fairness',
    name: 'lead-fairness',
    component: () => import('./pages/FairnessReportPage.vue'),
    meta: { resource: 'leads', titleKey: 'nav.leadFairness' },
  },
  ...poolRoutes,
]
