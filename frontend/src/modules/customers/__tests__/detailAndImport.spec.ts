import { flushPromises, type VueWrapper } from '@vue/test-utils'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ApiError } from '@/api/errors'
import * as api from '../api'
import CustomerDetailPage from '../pages/CustomerDetailPage.vue'
import ImportWizardPage from '../pages/ImportWizardPage.vue'
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

