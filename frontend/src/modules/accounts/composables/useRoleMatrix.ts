import { computed, reactive, type Ref } from 'vue'
import type { FieldRule, Grant, PermissionCatalog, Role } from '../api'

/** Columns in a stable business order; actions the catalog adds later go at the end. */
export const ACTION_ORDER = ['view', 'create', 'edit', 'delete', 'export', 'import', 'assign', 'approve']
export const DEFAULT_SCOPE = 'own'
export const CUSTOM_SCOPE = 'custom'
export const FIELD_RULES = ['hidden', 'masked'] as const

export interface GrantState {
  actions: string[]
  scope: string
  department_ids: number[]
}

export interface FieldRuleRow {
  resource: string
  field: string
  rule: string
}

function ordered(actions: Iterable<string>): string[] {
  const rank = (action: string) => {
    const index = ACTION_ORDER.indexOf(action)
    return index === -1 ? ACTION_ORDER.length : index
  }
  return [...new Set(actions)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
}

/**
 * The editable permission matrix of one role: per resource the checked actions, the data scope and
 * (for the custom scope) the departments; plus the field rules. `toGrants`/`toFieldRules` give the
 * request body parts.
 */
export function useRoleMatrix(catalog: Ref<PermissionCatalog | null>) {
  const grants = reactive<Record<string, GrantState>>({})
  const fieldRules = reactive<FieldRuleRow[]>([])

  const resources = computed(() => catalog.value?.resources ?? [])
  const scopes = computed(() => catalog.value?.scopes ?? [])
  const actions = computed(() => ordered(resources.value.flatMap((resource) => resource.actions)))

  function stateOf(resource: string): GrantState {
    grants[resource] ??= { actions: [], scope: DEFAULT_SCOPE, department_ids: [] }
    return grants[resource]
  }

  /** Start editing a role (or a blank one). Grants on resources the catalog no longer lists are kept. */
  function reset(role: Pick<Role, 'grants' | 'field_rules'> | null): void {
    for (const key of Object.keys(grants)) delete grants[key]
    for (const resource of resources.value) stateOf(resource.code)
    for (const grant of role?.grants ?? []) {
      grants[grant.resource] = {
        actions: ordered(grant.actions ?? []),
        scope: grant.scope || DEFAULT_SCOPE,
        department_ids: [...(grant.department_ids ?? [])],
      }
    }
    fieldRules.splice(0, fieldRules.length, ...(role?.field_rules ?? []).map((rule) => ({ ...rule })))
  }

  function isAllowed(resource: string, action: string): boolean {
    return resources.value.find((item) => item.code === resource)?.actions.includes(action) ?? false
  }

  function hasAction(resource: string, action: string): boolean {
    return grants[resource]?.actions.includes(action) ?? false
  }

  /**
   * Check or uncheck one cell. Any action implies `view` (nobody edits what they cannot see), so
   * checking one checks `view` too, and unchecking `view` clears the row.
   */
  function toggle(resource: string, action: string): void {
    if (!isAllowed(resource, action)) return
    const state = stateOf(resource)
    if (hasAction(resource, action)) {
      state.actions = action === 'view' ? [] : state.actions.filter((item) => item !== action)
      return
    }
    const next = [...state.actions, action]
    if (isAllowed(resource, 'view')) next.push('view')
    state.actions = ordered(next)
  }

  /** Change the data scope; leaving `custom` forgets its department list. */
  function setScope(resource: string, scope: string): void {
    const state = stateOf(resource)
    state.scope = scope
    if (scope !== CUSTOM_SCOPE) state.department_ids = []
  }

  function setDepartments(resource: string, departmentIds: number[]): void {
    stateOf(resource).department_ids = [...departmentIds]
  }

  function fieldsOf(resource: string): string[] {
    return resources.value.find((item) => item.code === resource)?.fields ?? []
  }

  function addFieldRule(): void {
    fieldRules.push({ resource: resources.value[0]?.code ?? '', field: '', rule: 'hidden' })
  }

  function removeFieldRule(index: number): void {
    fieldRules.splice(index, 1)
  }

  function setRuleResource(index: number, resource: string): void {
    const row = fieldRules[index]
    if (!row) return
    row.resource = resource
    if (!fieldsOf(resource).includes(row.field)) row.field = ''
  }

  /** Rows with at least one action; the department list only travels with the custom scope. */
  function toGrants(): Grant[] {
    return Object.entries(grants)
      .filter(([, state]) => state.actions.length > 0)
      .map(([resource, state]) => ({
        resource,
        actions: ordered(state.actions),
        scope: state.scope,
        department_ids: state.scope === CUSTOM_SCOPE ? [...state.department_ids] : [],
      }))
  }

  /** Complete rules only, one per resource and field (the last one wins). */
  function toFieldRules(): FieldRule[] {
    const byKey = new Map<string, FieldRule>()
    for (const row of fieldRules) {
      if (row.resource && row.field && row.rule) byKey.set(`${row.resource}.${row.field}`, { ...row })
    }
    return [...byKey.values()]
  }

  return {
    grants,
    fieldRules,
    resources,
    scopes,
    actions,
    reset,
    isAllowed,
    hasAction,
    toggle,
    setScope,
    setDepartments,
    fieldsOf,
    addFieldRule,
    removeFieldRule,
    setRuleResource,
    toGrants,
    toFieldRules,
  }
}

export type RoleMatrix = ReturnType<typeof useRoleMatrix>
