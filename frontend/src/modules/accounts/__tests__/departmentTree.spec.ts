import { describe, expect, it } from 'vitest'
import type { Department } from '../api'
import { buildDepartmentTree, subtreeIds, type DepartmentNode } from '../composables/useDepartments'

function department(id: number, parentId: number | null, name = `D${id}`): Department {
  return { id, name, parent_id: parentId, path: '', depth: 0, is_active: true, version: 1 }
}

function shape(nodes: DepartmentNode[]): unknown[] {
  return nodes.map((node) => (node.children.length ? { [node.id]: shape(node.children) } : node.id))
}

describe('buildDepartmentTree', () => {
  it('nests children under their parents in list order', () => {
    const tree = buildDepartmentTree([
      department(1, null),
      department(2, 1),
      department(3, 2),
      department(4, 1),
      department(5, null),
    ])
    expect(shape(tree)).toEqual([{ 1: [{ 2: [3] }, 4] }, 5])
  })

  it('makes a department whose parent is not visible a root', () => {
    const tree = buildDepartmentTree([department(7, 3), department(8, 7), department(9, 42)])
    expect(shape(tree)).toEqual([{ 7: [8] }, 9])
  })

  it('still shows every department once when the data has a parent cycle', () => {
    const tree = buildDepartmentTree([department(1, 2), department(2, 1), department(3, null)])
    const ids: number[] = []
    const walk = (nodes: DepartmentNode[]) => nodes.forEach((n) => (ids.push(n.id), walk(n.children)))
    walk(tree)
    expect(ids.sort()).toEqual([1, 2, 3])
  })

  it('does not change the flat list it was given', () => {
    const flat = [department(1, null), department(2, 1)]
    buildDepartmentTree(flat)
    expect(flat[0]).not.toHaveProperty('children')
  })

  it('lists a subtree for excluding move targets', () => {
    const [root] = buildDepartmentTree([department(1, null), department(2, 1), department(3, 2), department(4, null)])
    expect([...subtreeIds(root!)].sort()).toEqual([1, 2, 3])
  })
})
