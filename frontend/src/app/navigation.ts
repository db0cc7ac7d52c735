import { Document, HomeFilled, OfficeBuilding, Postcard, User, UserFilled } from '@element-plus/icons-vue'
import type { Component } from 'vue'
import type { Resource } from './stores/session'

export interface NavItem {
  /** Route name for a leaf, a stable key for a group. */
  name: string
  labelKey: string
  icon: Component
  /** The resource whose `view` right shows the item; none means everyone sees it. */
  resource?: Resource
  children?: NavItem[]
}

export const NAVIGATION: NavItem[] = [
  { name: 'dashboard', labelKey: 'nav.dashboard', icon: HomeFilled },
  { name: 'customers', labelKey: 'nav.customers', icon: Postcard, resource: 'customers' },
  {
    name: 'organisation',
    labelKey: 'nav.organisation',
    icon: OfficeBuilding,
    children: [
      { name: 'departments', labelKey: 'nav.departments', icon: OfficeBuilding, resource: 'departments' },
      { name: 'users', labelKey: 'nav.users', icon: User, resource: 'users' },
      { name: 'roles', labelKey: 'nav.roles', icon: UserFilled, resource: 'roles' },
    ],
  },
  { name: 'audit', labelKey: 'nav.audit', icon: Document, resource: 'audit' },
]

/** The menu a user may see: items they can view, and groups that keep at least one child. */
export function visibleNavigation(items: NavItem[], canView: (resource: Resource) => boolean): NavItem[] {
  return items.flatMap((item) => {
    if (item.resource && !canView(item.resource)) return []
    if (!item.children) return [item]
    const children = visibleNavigation(item.children, canView)
    return children.length ? [{ ...item, children }] : []
  })
}
