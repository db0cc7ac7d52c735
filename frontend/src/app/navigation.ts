import {
  Aim,
  Bell,
  Calendar,
  ChatDotRound,
  Checked,
  Location,
  Notebook,
  Box,
  CopyDocument,
  DataAnalysis,
  Grid,
  Document,
  EditPen,
  Histogram,
  HomeFilled,
  Message,
  OfficeBuilding,
  Postcard,
  Promotion,
  Setting,
  Share,
  Star,
  Tickets,
  Upload,
  User,
  UserFilled,
  Warning,
} from '@element-plus/icons-vue'
import type { Component } from 'vue'
import type { Action, Resource } from './stores/session'

export interface NavItem {
  /** Route name for a leaf, a stable key for a group. */
  name: string
  labelKey: string
  icon: Component
  /** The resource whose right shows the item; none means everyone sees it. */
  resource?: Resource
  /** The right needed on `resource` (default `view`). */
  action?: Action
  children?: NavItem[]
}

export const NAVIGATION: NavItem[] = [
  { name: 'dashboard', labelKey: 'nav.dashboard', icon: HomeFilled },
  {
    name: 'customer-center',
    labelKey: 'nav.customerCenter',
    icon: Postcard,
    children: [
      { name: 'customers', labelKey: 'nav.customers', icon: Postcard, resource: 'customers' },
      { name: 'customer-duplicates', labelKey: 'nav.customerDuplicates', icon: CopyDocument, resource: 'customers', action: 'edit' },
      { name: 'customer-import', labelKey: 'nav.customerImport', icon: Upload, resource: 'customers', action: 'import' },
      { name: 'customer-settings', labelKey: 'nav.customerSettings', icon: Setting, resource: 'customer_settings', action: 'edit' },
    ],
  },
  {
    name: 'opportunity-center',
    labelKey: 'nav.opportunityCenter',
    icon: Grid,
    children: [
      { name: 'opportunity-board', labelKey: 'nav.opportunityBoard', icon: Grid, resource: 'opportunities' },
      { name: 'opportunities', labelKey: 'nav.opportunities', icon: Tickets, resource: 'opportunities' },
      { name: 'opportunity-forecast', labelKey: 'nav.opportunityForecast', icon: DataAnalysis, resource: 'opportunities' },
      { name: 'opportunity-targets', labelKey: 'nav.opportunityTargets', icon: Aim, resource: 'targets' },
      { name: 'opportunity-at-risk', labelKey: 'nav.opportunityAtRisk', icon: Warning, resource: 'opportunities' },
      {
        name: 'opportunity-settings',
        labelKey: 'nav.opportunitySettings',
        icon: Setting,
        resource: 'opportunity_settings',
        action: 'edit',
      },
    ],
  },
  {
    name: 'lead-center',
    labelKey: 'nav.leadCenter',
    icon: Promotion,
    children: [
      { name: 'leads', labelKey: 'nav.leads', icon: Promotion, resource: 'leads' },
      // Pool members see these (every role holds `pools` view); the pages themselves check the record rights.
      { name: 'lead-pools', labelKey: 'leads.pools.nav.leadPools', icon: Box, resource: 'pools' },
      { name: 'customer-pools', labelKey: 'leads.pools.nav.customerPools', icon: Box, resource: 'pools' },
      { name: 'lead-forms', labelKey: 'nav.leadForms', icon: EditPen, resource: 'lead_settings', action: 'edit' },
      { name: 'lead-mailboxes', labelKey: 'nav.leadMailboxes', icon: Message, resource: 'lead_settings', action: 'edit' },
      { name: 'lead-rules', labelKey: 'nav.leadRules', icon: Share, resource: 'lead_settings', action: 'edit' },
      { name: 'lead-fairness', labelKey: 'nav.leadFairness', icon: Histogram, resource: 'leads', action: 'assign' },
      { name: 'lead-scoring', labelKey: 'leads.pools.nav.scoring', icon: Star, resource: 'lead_settings', action: 'edit' },
      { name: 'pool-settings', labelKey: 'leads.pools.nav.settings', icon: Setting, resource: 'pools', action: 'edit' },
    ],
  },
  {
    name: 'work-center',
    labelKey: 'nav.workCenter',
    icon: Notebook,
    children: [
      { name: 'follow-ups', labelKey: 'nav.followUps', icon: ChatDotRound, resource: 'follow_ups' },
      { name: 'visits', labelKey: 'nav.visits', icon: Location, resource: 'visits' },
      { name: 'tasks', labelKey: 'nav.tasks', icon: Checked, resource: 'tasks' },
      { name: 'calendar', labelKey: 'nav.calendar', icon: Calendar, resource: 'tasks' },
      { name: 'work-reports', labelKey: 'nav.workReports', icon: Notebook, resource: 'work_reports' },
      { name: 'work-report-team', labelKey: 'nav.workReportTeam', icon: DataAnalysis, resource: 'work_reports', action: 'approve' },
      {
        name: 'report-templates',
        labelKey: 'nav.reportTemplates',
        icon: Setting,
        resource: 'report_settings',
        action: 'edit',
      },
    ],
  },
  {
    name: 'organisation',
    labelKey: 'nav.organisation',
    icon: OfficeBuilding,
    children: [
      { name: 'departments', labelKey: 'nav.departments', icon: OfficeBuilding, resource: 'departments' },
      { name: 'users', labelKey: 'nav.users', icon: User, resource: 'users' },
      { name: 'roles', labelKey: 'nav.roles', icon: UserFilled, resource: 'roles' },
      {
        name: 'notification-channels',
        labelKey: 'nav.notificationChannels',
        icon: Bell,
        resource: 'notification_settings',
        action: 'edit',
      },
    ],
  },
  { name: 'audit', labelKey: 'nav.audit', icon: Document, resource: 'audit' },
]

/** The menu a user may see: items they have the right for, and groups that keep at least one child. */
export function visibleNavigation(items: NavItem[], can: (resource: Resource, action: Action) => boolean): NavItem[] {
  return items.flatMap((item) => {
    if (item.resource && !can(item.resource, item.action ?? 'view')) return []
    if (!item.children) return [item]
    const children = visibleNavigation(item.children, can)
    return children.length ? [{ ...item, children }] : []
  })
}
