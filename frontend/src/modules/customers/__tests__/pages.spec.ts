import { flushPromises } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import * as api from '../api'
import CustomerDialog from '../components/CustomerDialog.vue'
import QuickSearch from '../components/QuickSearch.vue'
import CustomerSettingsPage from '../pages/CustomerSettingsPage.vue'
import CustomersPage from '../pages/CustomersPage.vue'
import DuplicatesPage from '../pages/DuplicatesPage.vue'
import { customer, mountPage, stubCatalog } from './pageHarness'

vi.mock('../api', async (original) => {
  const real = await original<typeof api>()
  const stubs = Object.fromEntries(
    Object.entries(real)
      .filter(([name, value]) => typeof value === 'function' && !['DuplicateError', 'isDuplicateError'].includes(name) && !name.endsWith('Url'))
      .map(([name]) => [name, vi.fn()]),
  )
  return { ...real, ...stubs }
})

beforeEach(stubCatalog)

afterEach(() => {
  document.body.innerHTML = ''
})

describe('CustomersPage', () => {
  it('lists customers with option chips and tags, filtered from the URL', async () => {
    vi.mocked(api.listCustomers).mockResolvedValue({ items: [customer(5, '平安银行')], next_cursor: null, count: 1, count_capped: false })
    vi.mocked(api.listViews).mockResolvedValue([])
    const { wrapper } = await mountPage(CustomersPage, '/?level=a&q=payh')
    expect(api.listCustomers).toHaveBeenCalledWith(expect.objectContaining({ q: 'payh', level: ['a'] }))
    const table = wrapper.find('[data-testid="customers-table"]')
    expect(table.text()).toContain('平安银行')
    expect(table.text()).toContain('A 类')
    expect(table.text()).toContain('重点')
    const csv = wrapper.find('[data-testid="customers-export-csv"]')
    expect(csv.attributes('href')).toBe('/api/v1/customers/export.csv?q=payh&level=a')
    expect(wrapper.find('[data-testid="customers-views"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="customers-columns"]').exists()).toBe(true)
  })

  it('searches as the user types, mirrors it in the URL, and runs bulk actions on the selection', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.mocked(api.listCustomers).mockResolvedValue({
      items: [customer(5, '平安银行'), customer(6, '招商银行')],
      next_cursor: null,
      count: 2,
      count_capped: false,
    })
    vi.mocked(api.listViews).mockResolvedValue([])
    vi.mocked(api.bulkUpdate).mockResolvedValue({ done: 1, refused_ids: [6] })
    const { wrapper, router } = await mountPage(CustomersPage)
    await wrapper.find('input[data-testid="customers-search"]').setValue('银行')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(api.listCustomers).toHaveBeenLastCalledWith(expect.objectContaining({ q: '银行', cursor: null }))
    expect(router.currentRoute.value.query.q).toBe('银行')

    const checkboxes = wrapper.findAll('[data-testid="customers-table"] .el-table__body .el-checkbox input')
    expect(checkboxes.length).toBe(2)
    await checkboxes[0]!.setValue(true)
    await checkboxes[1]!.setValue(true)
    await flushPromises()
    expect(wrapper.find('[data-testid="customers-bulk-bar"]').text()).toContain('已选 2 个客户')
    await wrapper.find('[data-testid="customers-bulk-add-tags"]').trigger('click')
    await flushPromises()
    expect(document.querySelector('[data-testid="customers-bulk-dialog"]')).not.toBeNull()
    vi.useRealTimers()
  })
})

describe('CustomersPage custom field filters', () => {
  const field = (id: number, key: string, field_type: string, extra: Partial<api.CustomField> = {}): api.CustomField => ({
    id,
    entity: 'customer',
    key,
    label: key,
    label_en: '',
    field_type,
    choices: [],
    is_active: true,
    is_required: false,
    is_unique: false,
    position: id,
    ...extra,
  })

  it('offers filters for filterable fields, restores them from the URL and sends them as custom JSON', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.mocked(api.listCustomFields).mockResolvedValue([
      field(1, 'grade', 'choice', { label: '等级', choices: [{ value: 'g1', label: '一级' }] }),
      field(2, 'budget', 'money', { label: '预算' }),
      field(3, 'erp_id', 'text'),
      field(4, 'vip', 'boolean'),
      field(5, 'renewal', 'date'),
      field(6, 'old', 'number', { is_active: false }),
      { ...field(7, 'hobby', 'choice'), entity: 'contact' },
    ])
    vi.mocked(api.listCustomers).mockResolvedValue({ items: [], next_cursor: null, count: 0, count_capped: false })
    vi.mocked(api.listViews).mockResolvedValue([])
    const custom = encodeURIComponent(JSON.stringify({ grade: 'g1' }))
    const { wrapper, router } = await mountPage(CustomersPage, `/?custom=${custom}`)
    expect(api.listCustomers).toHaveBeenCalledWith(expect.objectContaining({ custom: '{"grade":"g1"}' }))
    for (const key of ['grade', 'budget', 'vip', 'renewal']) {
      expect(wrapper.find(`[data-testid="customers-filter-custom-${key}"]`).exists(), key).toBe(true)
    }
    for (const key of ['erp_id', 'old', 'hobby']) {
      expect(wrapper.find(`[data-testid="customers-filter-custom-${key}"]`).exists()).toBe(false)
    }
    expect(wrapper.find('[data-testid="customers-filter-custom-grade"]').text()).toContain('一级')

    const min = wrapper.find('[data-testid="customers-filter-custom-budget-min"] input')
    await min.setValue('1000')
    await min.trigger('change')
    await vi.advanceTimersByTimeAsync(350)
    await flushPromises()
    expect(api.listCustomers).toHaveBeenLastCalledWith(expect.objectContaining({ custom: '{"budget":[1000,null],"grade":"g1"}' }))
    expect(router.currentRoute.value.query.custom).toBe('{"budget":[1000,null],"grade":"g1"}')
    vi.useRealTimers()
  })
})

describe('CustomerDialog', () => {
  it('asks before saving a likely duplicate, then saves with allow_duplicate', async () => {
    const save = vi
      .fn()
      .mockRejectedValueOnce(
        new api.DuplicateError(new ApiError({ status: 409, code: 'customer.duplicate', message: '' }), [
          { id: 9, name: '平安银行', owner_name: '李雷', is_visible: true, reasons: ['name'], score: 1 },
        ]),
      )
      .mockResolvedValueOnce(undefined)
    vi.mocked(api.checkDuplicates).mockResolvedValue([])
    const { wrapper } = await mountPage({
      components: { CustomerDialog },
      setup: () => ({ save }),
      template: '<customer-dialog :model-value="true" :customer="null" :save="save" />',
    })
    const name = document.querySelector<HTMLInputElement>('input[data-testid="customer-name"]')
    expect(name).not.toBeNull()
    name!.value = '平安银行'
    name!.dispatchEvent(new Event('input'))
    await flushPromises()
    ;(document.querySelector('[data-testid="customer-save"]') as HTMLElement).click()
    await flushPromises()
    expect(save).toHaveBeenCalledWith(expect.anything(), null, false)
    const confirm = document.querySelector('[data-testid="duplicate-confirm"]')
    expect(confirm?.textContent).toContain('平安银行')
    expect(confirm?.textContent).toContain('李雷')
    ;(document.querySelector('[data-testid="duplicate-save-anyway"]') as HTMLElement).click()
    await flushPromises()
    expect(save).toHaveBeenLastCalledWith(expect.anything(), null, true)
    wrapper.unmount()
  })
})

describe('DuplicatesPage', () => {
  it('merges the chosen pair with the picked values and offers undo', async () => {
    vi.mocked(api.listDuplicateGroups).mockResolvedValue([
      {
        reason: 'name',
        key: '平安银行',
        customers: [customer(1, '平安银行', { phone: '' }), customer(2, '平安银行股份有限公司', { phone: '0755-1' })],
      },
    ])
    vi.mocked(api.mergeCustomers).mockResolvedValue({
      id: 77,
      survivor_id: 1,
      merged_id: 2,
      merged_name: '平安银行股份有限公司',
      actor_name: '管理员',
      created_at: '2025-01-03T00:00:00Z',
      undone_at: null,
    })
    const { wrapper } = await mountPage(DuplicatesPage)
    expect(wrapper.find('[data-testid="duplicate-group-0"]').text()).toContain('名称相同')
    await wrapper.find('[data-testid="merge-submit"]').trigger('click')
    await flushPromises()
    ;(document.querySelector('[data-testid="merge-confirm"]') as HTMLElement).click()
    await flushPromises()
    expect(api.mergeCustomers).toHaveBeenCalledWith({
      survivor_id: 1,
      merged_id: 2,
      take_from_merged: ['phone'],
      custom_from_merged: [],
    })
    expect(wrapper.find('[data-testid="merge-undo-77"]').exists()).toBe(true)
  })
})

describe('CustomerSettingsPage', () => {
  it('lists tags, option lists and custom fields', async () => {
    const { wrapper } = await mountPage(CustomerSettingsPage)
    expect(wrapper.find('[data-testid="settings-tags"]').text()).toContain('重点')
    expect(wrapper.find('[data-testid="settings-tag-add"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="settings-options"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="settings-field-add"]').exists()).toBe(true)
  })
})

describe('QuickSearch', () => {
  it('searches after a pause and opens the customer on Enter', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    vi.mocked(api.quickSearch).mockResolvedValue({ customers: [customer(5, '平安银行')], contacts: [] })
    const { wrapper, router } = await mountPage(QuickSearch)
    const input = wrapper.find('input[data-testid="global-search"]')
    await input.trigger('focus')
    await input.setValue('payh')
    await vi.advanceTimersByTimeAsync(300)
    await flushPromises()
    expect(api.quickSearch).toHaveBeenCalledWith('payh', 8)
    expect(wrapper.find('[data-testid="global-search-customer-5"]').text()).toContain('平安银行')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/customers/5')
    vi.useRealTimers()
  })

  it('searches at once when Enter comes before the pause', async () => {
    vi.mocked(api.quickSearch).mockResolvedValue({
      customers: [],
      contacts: [{ id: 9, customer_id: 12, name: '张伟', is_primary: false, created_at: '', updated_at: '', version: 1 }],
    })
    const { wrapper, router } = await mountPage(QuickSearch)
    const input = wrapper.find('input[data-testid="global-search"]')
    await input.setValue('zw')
    await input.trigger('keydown', { key: 'Enter' })
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/customers/12')
  })
})
