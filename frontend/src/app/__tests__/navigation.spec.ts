import { describe, expect, it } from 'vitest'
import { NAVIGATION, visibleNavigation } from '@/app/navigation'
import { hasPermission, type Action, type Resource } from '@/app/stores/session'

function namesFor(permissions: Record<string, string[]>) {
  const items = visibleNavigation(NAVIGATION, (resource: Resource, action: Action) => hasPermission(permissions, resource, action))
  return items.map((item) => (item.children ? `${item.name}(${item.children.map((c) => c.name).join(',')})` : item.name))
}

describe('visibleNavigation', () => {
  it('shows only the dashboard to a user without rights', () => {
    expect(namesFor({})).toEqual(['dashboard'])
  })

  it('shows every module to a user who may view everything', () => {
    const all = Object.fromEntries(['customers', 'departments', 'users', 'roles', 'audit'].map((r) => [r, ['view']]))
    expect(namesFor(all)).toEqual(['dashboard', 'customer-center(customers)', 'organisation(departments,users,roles)', 'audit'])
  })

  it('keeps the organisation group with only the children the user may view', () => {
    expect(namesFor({ users: ['view'], customers: ['view', 'create'] })).toEqual([
      'dashboard',
      'customer-center(customers)',
      'organisation(users)',
    ])
  })

  it('needs the view action, not just any right on the resource', () => {
    expect(namesFor({ audit: ['export'], roles: ['edit'] })).toEqual(['dashboard'])
  })

  it('shows customer tools only with the right they need', () => {
    expect(
      namesFor({ customers: ['view', 'edit', 'delete', 'import'], customer_settings: ['view', 'edit'] }),
    ).toEqual(['dashboard', 'customer-center(customers,customer-duplicates,customer-import,customer-settings)'])
    expect(namesFor({ customers: ['view'], customer_settings: ['view'] })).toEqual(['dashboard', 'customer-center(customers)'])
  })
})
