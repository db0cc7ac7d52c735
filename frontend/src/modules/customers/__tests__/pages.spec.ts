import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/api/errors'
import { i18n, setLocale } from '@/app/i18n'
import { useSessionStore } from '@/app/stores/session'
import * as api from '../api'
import type { Customer } from '../api'
import CustomerDialog from '../components/CustomerDialog.vue'
import QuickSearch from '../components/QuickSearch.vue'
import CustomerDetailPage from '../pages/CustomerDetailPage.vue'
import CustomerSettingsPage from '../pages/CustomerSettingsPage.vue'
import CustomersPage from '../pages/CustomersPage.vue'
import DuplicatesPage from '../pages/DuplicatesPage.vue'
import ImportWizardPage from '../pages/ImportWizardPage.vue'

vi.mock('../api', async (original) => {
  const real = await original<typeof api>()
  const stubs = Object.fromEntries(
    Object.entries(real)
      .filter(([name, value]) => typeof value === 'function' && !['DuplicateError', 'isDuplicateError'].includes(name) && !name.endsWith('Url'))
      .map(([name]) => [name, vi.fn()]),
  )
  return { ...real, ...stubs }
})

const ALL = ['view', 'create', 'edit', 'delete', 'export', 'import', 'assign']

function customer(id: number, name: string, extra: Partial<Customer> = {}): Customer {
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

async function mountPage(component: object, path = '/') {
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

beforeEach(() => {
  setLocale('zh-CN')
  vi.mocked(api.listOptions).mockResolvedValue([
    { id: 1, kind: 'level', code: 'a', label: 'A 类', label_en: 'A', color: '#E6A23C', position: 0, is_active: true },
    { id: 2, kind: 'stage', code: 'won', label: '成交', label_en: 'Customer', color: '#67C23A', position: 0, is_active: true },
  ])
  vi.mocked(api.listTags).mockResolvedValue([{ id: 1, name: '重点', color: '#F56C6C' }])
  vi.mocked(api.listCustomFields).mockResolvedValue([])
  vi.mocked(api.listRegions).mockResolvedValue([])
})

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

describe('ImportWizardPage', () => {
  it('uploads, maps, previews and runs an import, polling its progress', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    const job = {
      id: 3,
      filename: 'a.xlsx',
      file_format: 'xlsx',
      mapping: { 公司: 'name' },
      mode: 'create',
      is_dry_run: false,
      skip_invalid: false,
      status: 'pending',
      total_rows: 2,
      processed_rows: 0,
      created_count: 0,
      updated_count: 0,
      error_count: 0,
      message: '',
      created_at: '2025-01-01T00:00:00Z',
    }
    const preview = {
      headers: ['公司', '手机'],
      mapping: { 公司: 'name' },
      rows: [
        { row: 2, cells: ['平安银行', '13800138000'], errors: [], action: 'create' },
        { row: 3, cells: ['', ''], errors: ['客户名称：此项为必填项。'], action: 'create' },
      ],
    }
    vi.mocked(api.listImportTargets).mockResolvedValue([
      { key: 'name', label: '客户名称' },
      { key: 'contact_mobile', label: '联系人手机' },
    ])
    vi.mocked(api.listImportTemplates).mockResolvedValue([])
    vi.mocked(api.uploadImport).mockResolvedValue({ job, preview })
    vi.mocked(api.previewImport).mockResolvedValue(preview)
    vi.mocked(api.runImport).mockResolvedValue({ ...job, status: 'running', total_rows: 2 })
    vi.mocked(api.getImport).mockResolvedValue({ ...job, status: 'done', total_rows: 2, processed_rows: 2, created_count: 1, error_count: 1 })
    const { wrapper } = await mountPage(ImportWizardPage)

    const input = wrapper.find('input[type="file"][data-testid="import-file"]')
    const file = new File(['x'], 'a.xlsx')
    Object.defineProperty(input.element, 'files', { value: [file] })
    await input.trigger('change')
    await flushPromises()
    expect(api.uploadImport).toHaveBeenCalledWith(file)
    expect(wrapper.find('[data-testid="import-mapping-0"]').exists()).toBe(true)

    await wrapper.find('[data-testid="import-next"]').trigger('click')
    await flushPromises()
    expect(api.previewImport).toHaveBeenCalledWith(3, { 公司: 'name' })
    expect(wrapper.find('[data-testid="import-preview"]').text()).toContain('此项为必填项')

    await wrapper.find('[data-testid="import-skip-invalid"] input').setValue(true)
    await wrapper.find('[data-testid="import-run"]').trigger('click')
    await flushPromises()
    expect(api.runImport).toHaveBeenCalledWith(3, { mapping: { 公司: 'name' }, mode: 'create', dry_run: false, skip_invalid: true })
    expect(wrapper.find('[data-testid="import-status"]').attributes('data-status')).toBe('running')
    expect(wrapper.find('[data-testid="import-cancel"]').exists()).toBe(true)

    await vi.advanceTimersByTimeAsync(1100)
    await flushPromises()
    expect(wrapper.find('[data-testid="import-status"]').attributes('data-status')).toBe('done')
    expect(wrapper.find('[data-testid="import-result"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="import-error-report"]').attributes('href')).toBe('/api/v1/customers/imports/3/errors')
    vi.useRealTimers()
  })

  it('shows the server message when an upload is refused', async () => {
    vi.mocked(api.listImportTargets).mockResolvedValue([])
    vi.mocked(api.listImportTemplates).mockResolvedValue([])
    vi.mocked(api.uploadImport).mockRejectedValue(
      new ApiError({ status: 422, code: 'import.formula_cells', message: '表格含有公式（第一个在 B3）。' }),
    )
    const { wrapper } = await mountPage(ImportWizardPage)
    const input = wrapper.find('input[data-testid="import-file"]')
    Object.defineProperty(input.element, 'files', { value: [new File(['x'], 'a.xlsx')] })
    await input.trigger('change')
    await flushPromises()
    expect(wrapper.find('[data-testid="import-upload-error"]').text()).toContain('B3')
  })
})

describe('CustomerDetailPage', () => {
  it('shows the 360 summary, contacts, and merges with undo', async () => {
    vi.mocked(api.getCustomer).mockResolvedValue(customer(5, '平安银行', { short_name: '平安', last_follow_up_at: null }))
    vi.mocked(api.listCollaborators).mockResolvedValue([])
    vi.mocked(api.customerContacts).mockResolvedValue([
      {
        id: 8,
        customer_id: 5,
        name: '张伟',
        mobile: '138****8000',
        is_primary: true,
        created_at: '2025-01-01T00:00:00Z',
        updated_at: '2025-01-01T00:00:00Z',
        version: 1,
      },
    ])
    vi.mocked(api.customerMerges).mockResolvedValue([
      { id: 4, survivor_id: 5, merged_id: 6, merged_name: '平安银行股份', actor_name: '管理员', created_at: '2025-01-02T00:00:00Z', undone_at: null },
    ])
    vi.mocked(api.customerTimeline).mockResolvedValue({
      items: [
        { id: 1, at: '2025-01-02T00:00:00Z', action: 'customer.updated', actor_name: '王芳', subject_type: 'customers', subject_id: '5', changes: { stage: ['intent', 'won'] } },
      ],
      next_cursor: null,
      count: 1,
      count_capped: false,
    })
    const { wrapper } = await mountPage({
      components: { CustomerDetailPage },
      template: '<customer-detail-page :id="5" />',
    })
    expect(wrapper.find('[data-testid="customer-summary"]').text()).toContain('平安')
    expect(wrapper.find('[data-testid="customer-contacts"]').text()).toContain('138****8000')
    expect(wrapper.find('[data-testid="contact-add"]').exists()).toBe(true)
    expect(wrapper.find('[data-testid="merge-undo-4"]').exists()).toBe(true)
    await wrapper.find('#tab-timeline').trigger('click')
    await flushPromises()
    const timeline = wrapper.find('[data-testid="customer-timeline"]')
    expect(timeline.text()).toContain('修改了客户')
    expect(timeline.text()).toContain('成交')
  })
})

describe('CustomerDetailPage attachments', () => {
  const attachment = (id: number, name: string, size: number): api.Attachment => ({
    id,
    resource: 'customers',
    object_id: 5,
    name,
    size,
    content_type: 'application/pdf',
    uploaded_by_name: '王芳',
    created_at: '2025-01-02T08:00:00Z',
  })

  beforeEach(() => vi.clearAllMocks())

  async function openTab() {
    vi.mocked(api.getCustomer).mockResolvedValue(customer(5, '平安银行'))
    vi.mocked(api.listCollaborators).mockResolvedValue([])
    vi.mocked(api.customerContacts).mockResolvedValue([])
    vi.mocked(api.customerMerges).mockResolvedValue([])
    vi.mocked(api.listAttachments).mockResolvedValue([attachment(11, '报价单.pdf', 1536)])
    const mounted = await mountPage({ components: { CustomerDetailPage }, template: '<customer-detail-page :id="5" />' })
    await mounted.wrapper.find('#tab-attachments').trigger('click')
    await flushPromises()
    return mounted
  }

  function pick(wrapper: VueWrapper, file: File) {
    const element = wrapper.find('input[type="file"][data-testid="attachment-file"]')
    Object.defineProperty(element.element, 'files', { value: [file], configurable: true })
    return element.trigger('change')
  }

  it('lists the files with a download link, size and uploader', async () => {
    const { wrapper } = await openTab()
    expect(api.listAttachments).toHaveBeenCalledWith(5)
    const row = wrapper.find('[data-testid="attachment-row-11"]')
    expect(row.text()).toContain('报价单.pdf')
    expect(row.find('a').attributes('href')).toBe('/api/v1/attachments/11/download')
    const panel = wrapper.find('[data-testid="customer-attachments"]')
    expect(panel.text()).toContain('1.5 KB')
    expect(panel.text()).toContain('王芳')
  })

  it('uploads a picked file and shows it first', async () => {
    vi.mocked(api.uploadAttachment).mockResolvedValue(attachment(12, '合同.docx', 2048))
    const { wrapper } = await openTab()
    const file = new File(['hello'], '合同.docx')
    await pick(wrapper, file)
    await flushPromises()
    expect(api.uploadAttachment).toHaveBeenCalledWith(5, file)
    const rows = wrapper.findAll('[data-testid^="attachment-row-"]')
    expect(rows.map((item) => item.attributes('data-testid'))).toEqual(['attachment-row-12', 'attachment-row-11'])
  })

  it('refuses a disallowed file before sending it, and shows the server reason on 422', async () => {
    vi.mocked(api.uploadAttachment).mockRejectedValue(
      new ApiError({ status: 422, code: 'validation_error', message: '', fields: { file: '文件内容与类型不符。' } }),
    )
    const { wrapper } = await openTab()
    await pick(wrapper, new File(['MZ'], 'setup.exe'))
    await flushPromises()
    expect(api.uploadAttachment).not.toHaveBeenCalled()
    expect(wrapper.find('[data-testid="attachment-upload-error"]').text()).toContain('.exe')

    await pick(wrapper, new File(['<html>'], 'fake.pdf'))
    await flushPromises()
    expect(api.uploadAttachment).toHaveBeenCalledTimes(1)
    expect(wrapper.find('[data-testid="attachment-upload-error"]').text()).toContain('文件内容与类型不符')
  })

  it('deletes a file after confirmation', async () => {
    vi.mocked(api.deleteAttachment).mockResolvedValue(undefined)
    const { wrapper } = await openTab()
    await wrapper.find('[data-testid="attachment-delete-11"]').trigger('click')
    await flushPromises()
    expect(document.body.textContent).toContain('确定删除附件「报价单.pdf」吗？')
    ;(document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click()
    await flushPromises()
    await vi.waitFor(() => expect(api.deleteAttachment).toHaveBeenCalledWith(11))
    await flushPromises()
    expect(wrapper.find('[data-testid="attachment-row-11"]').exists()).toBe(false)
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
