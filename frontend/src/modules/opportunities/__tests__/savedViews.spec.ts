import { flushPromises, mount } from '@vue/test-utils'
import { ElDropdown } from 'element-plus'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/app/i18n'
import { useSessionStore } from '@/app/stores/session'
import * as customersApi from '@/modules/customers/api'
import type { SavedView } from '@/shared/composables/useSavedViews'
import * as api from '../api'
import OpportunitiesPage from '../pages/OpportunitiesPage.vue'
import { pipeline } from './fixtures'

vi.mock('../api', async (original) => {
  const real = await original<typeof api>()
  const stubs = Object.entries(real).filter(([, value]) => typeof value === 'function')
  return { ...real, ...Object.fromEntries(stubs.map(([name]) => [name, vi.fn()])) }
})
vi.mock('@/modules/customers/api', async (original) => {
  const real = await original<typeof customersApi>()
  return { ...real, listOptions: vi.fn(), listTags: vi.fn(), listCustomFields: vi.fn() }
})

const EMPTY_PAGE = { items: [], next_cursor: null, count: 0, count_capped: false }

function view(id: number, name: string, extra: Partial<SavedView> = {}): SavedView {
  return { id, name, is_shared: false, is_mine: true, filters: {}, columns: [], ordering: '', ...extra }
}

async function mountPage(path = '/opportunities') {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/opportunities', name: 'opportunities', component: OpportunitiesPage },
      { path: '/opportunities/:id', name: 'opportunity-detail', component: { render: () => null } },
    ],
  })
  await router.push(path)
  const pinia = createPinia()
  setActivePinia(pinia)
  const session = useSessionStore()
  session.me = { id: 1, is_admin: false, permissions: { opportunities: ['view'] } } as unknown as typeof session.me
  const wrapper = mount(OpportunitiesPage, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  await flushPromises()
  return { wrapper, router }
}

beforeEach(() => {
  setLocale('zh-CN')
  vi.mocked(customersApi.listOptions).mockResolvedValue([])
  vi.mocked(customersApi.listTags).mockResolvedValue([])
  vi.mocked(customersApi.listCustomFields).mockResolvedValue([])
  vi.mocked(api.listPipelines).mockResolvedValue([pipeline])
  vi.mocked(api.listOpportunities).mockResolvedValue(EMPTY_PAGE)
})

afterEach(() => {
  vi.useRealTimers()
  vi.clearAllMocks()
  document.body.innerHTML = ''
})

describe('OpportunitiesPage saved views', () => {
  it('applies a picked view: its filters and order reach the list and the URL', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const shared = view(3, '本月重点', {
      is_mine: false,
      is_shared: true,
      filters: { status: ['open'], risk: ['no_activity', 'not_a_risk'], owner_id: 7 },
      ordering: '-amount_cny',
    })
    vi.mocked(api.listViews).mockResolvedValue([view(2, '我的大单'), shared])
    const { wrapper, router } = await mountPage()
    expect(wrapper.find('[data-testid="opportunities-views"]').text()).toBe('视图')

    wrapper.findComponent(ElDropdown).vm.$emit('command', 'view-3')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(api.listOpportunities).toHaveBeenLastCalledWith({
      status: ['open'],
      risk: ['no_activity'],
      owner_id: 7,
      ordering: '-amount_cny',
      cursor: null,
    })
    expect(router.currentRoute.value.query).toEqual({ owner_id: '7', status: ['open'], risk: ['no_activity'], ordering: '-amount_cny' })
    expect(wrapper.find('[data-testid="opportunities-views"]').text()).toBe('本月重点')

    wrapper.findComponent(ElDropdown).vm.$emit('command', 'none')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(api.listOpportunities).toHaveBeenLastCalledWith({ ordering: null, cursor: null })
    expect(wrapper.find('[data-testid="opportunities-views"]').text()).toBe('视图')
  })

  it('saves the current filters and order as a new view', async () => {
    vi.mocked(api.listViews).mockResolvedValue([])
    vi.mocked(api.createView).mockResolvedValue(view(9, '赢单', { filters: { status: ['won'] }, ordering: 'expected_close_date' }))
    const { wrapper } = await mountPage('/opportunities?status=won&amount_min=1000&ordering=expected_close_date')

    wrapper.findComponent(ElDropdown).vm.$emit('command', 'save-as')
    await flushPromises()
    const name = document.body.querySelector<HTMLInputElement>('input[data-testid="view-name"]')!
    name.value = ' 赢单 '
    name.dispatchEvent(new Event('input'))
    document.body.querySelector<HTMLElement>('[data-testid="view-shared"]')!.click()
    document.body.querySelector<HTMLButtonElement>('[data-testid="view-save"]')!.click()
    await flushPromises()

    expect(api.createView).toHaveBeenCalledWith({
      name: '赢单',
      is_shared: true,
      filters: { amount_min: '1000', status: ['won'] },
      columns: [],
      ordering: 'expected_close_date',
    })
    expect(wrapper.find('[data-testid="opportunities-views"]').text()).toBe('赢单')
  })
})
