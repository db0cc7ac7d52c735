import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/app/i18n'
import { useSessionStore } from '@/app/stores/session'
import * as api from '../api'
import type { Customer } from '../api'

/** Shared set-up of the customers page specs: a signed-in admin, a router, and the catalog stubs. */

const ALL = ['view', 'create', 'edit', 'delete', 'export', 'import', 'assign']

export function customer(id: number, name: string, extra: Partial<Customer> = {}): Customer {
  return {
    id,
    name,
    level: 'a',
    stage: 'won',
    tags: [{ id: 1, name: '重点', color: '#F56C6C' }],
    owner_id: 1,
    owner_name: '王芳',
    department_id: null,
    department_name: null,
    region_name: '广东省 深圳市',
    created_at: '2025-01-01T00:00:00Z',
    updated_at: '2025-01-02T00:00:00Z',
    version: 1,
    ...extra,
  }
}

export async function mountPage(component: object, path = '/') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component },
      { path: '/customers', name: 'customers', component: { render: () => null } },
      { path: '/customers/:id', name: 'customer-detail', component: { render: () => null } },
      { path: '/customers/import', name: 'customer-import', component: { render: () => null } },
    ],
  })
  await router.push(path)
  const pinia = createPinia()
  setActivePinia(pinia)
  const session = useSessionStore()
  session.me = {
    id: 1,
    username: 'admin',
    display_name: '管理员',
    email: '',
    is_admin: true,
    department_id: null,
    department_name: null,
    roles: [],
    permissions: { customers: ALL, customer_settings: ['view', 'create', 'edit', 'delete'] },
  } as unknown as typeof session.me
  const wrapper = mount(component, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

/** The option lists, tags and custom fields every page loads (the api module is mocked by each spec). */
export function stubCatalog(): void {
  setLocale('zh-CN')
  vi.mocked(api.listOptions).mockResolvedValue([
    { id: 1, kind: 'level', code: 'a', label: 'A 类', label_en: 'A', color: '#E6A23C', position: 0, is_active: true },
    { id: 2, kind: 'stage', code: 'won', label: '成交', label_en: 'Customer', color: '#67C23A', position: 0, is_active: true },
  ])
  vi.mocked(api.listTags).mockResolvedValue([{ id: 1, name: '重点', color: '#F56C6C' }])
  vi.mocked(api.listCustomFields).mockResolvedValue([])
  vi.mocked(api.listRegions).mockResolvedValue([])
}
