import { beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import type { PermissionCatalog, Role } from '../api'
import { useRoleMatrix, type RoleMatrix } from '../composables/useRoleMatrix'

const catalog: PermissionCatalog = {
  resources: [
    { code: 'customers', label: '客户', actions: ['view', 'create', 'edit', 'delete', 'export'], fields: ['phone', 'credit_code'] },
    { code: 'audit', label: '审计', actions: ['export', 'view'], fields: [] },
  ],
  scopes: ['own', 'subordinates', 'department', 'department_tree', 'all', 'custom'],
}

const role: Pick<Role, 'grants' | 'field_rules'> = {
  grants: [{ resource: 'customers', actions: ['edit', 'view'], scope: 'department', department_ids: [] }],
  field_rules: [{ resource: 'customers', field: 'phone', rule: 'masked' }],
}

describe('useRoleMatrix', () => {
  let matrix: RoleMatrix

  beforeEach(() => {
    matrix = useRoleMatrix(ref(catalog))
    matrix.reset(role)
  })

  it('lists the union of catalog actions in business order', () => {
    expect(matrix.actions.value).toEqual(['view', 'create', 'edit', 'delete', 'export'])
  })

  it('loads the role grants and gives other resources an empty row', () => {
    expect(matrix.hasAction('customers', 'edit')).toBe(true)
    expect(matrix.grants.audit).toEqual({ actions: [], scope: 'own', department_ids: [] })
  })

  it('unchecks and re-checks one action', () => {
    matrix.toggle('customers', 'edit')
    expect(matrix.hasAction('customers', 'edit')).toBe(false)
    expect(matrix.hasAction('customers', 'view')).toBe(true)
    matrix.toggle('customers', 'delete')
    expect(matrix.toGrants()).toEqual([
      { resource: 'customers', actions: ['view', 'delete'], scope: 'department', department_ids: [] },
    ])
  })

  it('checks view along with any other action', () => {
    matrix.toggle('audit', 'export')
    expect(matrix.grants.audit?.actions).toEqual(['view', 'export'])
  })

  it('clears the row when view is unchecked, dropping it from the grants', () => {
    matrix.toggle('customers', 'view')
    expect(matrix.grants.customers?.actions).toEqual([])
    expect(matrix.toGrants()).toEqual([])
  })

  it('ignores actions the catalog does not offer for a resource', () => {
    matrix.toggle('audit', 'delete')
    expect(matrix.hasAction('audit', 'delete')).toBe(false)
  })

  it('sends chosen departments only with the custom scope', () => {
    matrix.setScope('customers', 'custom')
    matrix.setDepartments('customers', [3, 5])
    expect(matrix.toGrants()[0]).toMatchObject({ scope: 'custom', department_ids: [3, 5] })
    matrix.setScope('customers', 'department_tree')
    expect(matrix.toGrants()[0]).toMatchObject({ scope: 'department_tree', department_ids: [] })
    expect(matrix.grants.customers?.department_ids).toEqual([])
  })

  it('keeps complete field rules only, one per field', () => {
    matrix.addFieldRule()
    matrix.addFieldRule()
    const last = matrix.fieldRules[2]!
    last.field = 'phone'
    last.rule = 'hidden'
    expect(matrix.toFieldRules()).toEqual([{ resource: 'customers', field: 'phone', rule: 'hidden' }])
  })

  it('forgets the field when the rule moves to a resource without it', () => {
    matrix.setRuleResource(0, 'audit')
    expect(matrix.fieldRules[0]).toEqual({ resource: 'audit', field: '', rule: 'masked' })
  })

  it('keeps grants on resources the catalog no longer lists', () => {
    matrix.reset({ grants: [{ resource: 'legacy', actions: ['view'], scope: 'all' }], field_rules: [] })
    expect(matrix.toGrants()).toEqual([{ resource: 'legacy', actions: ['view'], scope: 'all', department_ids: [] }])
  })
})
