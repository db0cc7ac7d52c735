import { computed, ref } from 'vue'
import { notifyError } from '@/shared/errors'
import { listDepartments, type Department } from '../api'

export interface DepartmentNode extends Department {
  children: DepartmentNode[]
}

/**
 * Turn the flat list (ordered by path) into a forest. A department whose parent is not in the list
 * (outside the viewer's scope) becomes a root, and so does anything caught in a parent cycle.
 */
export function buildDepartmentTree(departments: readonly Department[]): DepartmentNode[] {
  const nodes = new Map<number, DepartmentNode>()
  for (const department of departments) nodes.set(department.id, { ...department, children: [] })

  const roots: DepartmentNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parent_id == null ? undefined : nodes.get(node.parent_id)
    if (parent && parent !== node) parent.children.push(node)
    else roots.push(node)
  }

  const reached = new Set<number>()
  const walk = (list: DepartmentNode[]) => {
    for (const node of list) {
      reached.add(node.id)
      walk(node.children)
    }
  }
  walk(roots)
  for (const node of nodes.values()) {
    if (reached.has(node.id)) continue
    // A parent cycle in the data: cut it here so every department still shows once.
    const parent = node.parent_id == null ? undefined : nodes.get(node.parent_id)
    if (parent) parent.children = parent.children.filter((child) => child !== node)
    roots.push(node)
    walk([node])
  }
  return roots
}

/** The ids of a department and everything below it (a move target must be outside this set). */
export function subtreeIds(node: DepartmentNode): Set<number> {
  const ids = new Set<number>()
  const walk = (current: DepartmentNode) => {
    ids.add(current.id)
    current.children.forEach(walk)
  }
  walk(node)
  return ids
}

/** The departments the viewer may see, as a flat list, a tree and a lookup by id. */
export function useDepartments() {
  const departments = ref<Department[]>([])
  const isLoading = ref(false)
  const tree = computed(() => buildDepartmentTree(departments.value))
  const byId = computed(() => new Map(departments.value.map((department) => [department.id, department])))

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      departments.value = await listDepartments()
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  return { departments, tree, byId, isLoading, load }
}
