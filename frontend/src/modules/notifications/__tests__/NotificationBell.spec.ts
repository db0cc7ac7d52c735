import { flushPromises, mount } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { i18n, setLocale } from '@/app/i18n'
import * as api from '../api'
import NotificationBell from '../components/NotificationBell.vue'

vi.mock('../api', () => ({ listNotifications: vi.fn(), unreadCount: vi.fn(), markRead: vi.fn(), markAllRead: vi.fn() }))

const notification = (id: number, readAt: string | null): api.AppNotification => ({
  id,
  kind: 'risk_digest',
  title: `风险商机 ${id}`,
  body: '2 个商机需要关注',
  link: `/opportunities/${id}`,
  subject_type: 'opportunity',
  subject_id: String(id),
  data: {},
  created_at: '2026-10-05T08:30:00Z',
  read_at: readAt,
})

afterEach(() => {
  document.body.innerHTML = ''
})

describe('NotificationBell', () => {
  it('shows the unread count, lists notifications, marks one read and opens its link', async () => {
    setLocale('zh-CN')
    vi.mocked(api.unreadCount).mockResolvedValueOnce(2).mockResolvedValue(1)
    vi.mocked(api.listNotifications).mockResolvedValue({ items: [notification(5, null), notification(6, '2026-10-05T09:00:00Z')], next_cursor: null, count: 2, count_capped: false })
    vi.mocked(api.markRead).mockResolvedValue()
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: { render: () => null } },
        { path: '/opportunities/:id', component: { render: () => null } },
      ],
    })
    await router.push('/')
    const wrapper = mount(NotificationBell, { global: { plugins: [i18n, router] }, attachTo: document.body })
    await flushPromises()
    expect(wrapper.find('[data-testid="notification-badge"]').text()).toContain('2')

    await wrapper.find('[data-testid="notification-bell"] button').trigger('click')
    // The popover opens on a timer of its own.
    await vi.waitFor(() => expect(api.listNotifications).toHaveBeenCalledWith(10))
    await flushPromises()
    const item = document.querySelector<HTMLButtonElement>('[data-testid="notification-5"]')!
    expect(item.textContent).toContain('风险商机 5')
    expect(item.classList.contains('unread')).toBe(true)
    item.click()
    await flushPromises()
    expect(api.markRead).toHaveBeenCalledWith(5)
    expect(router.currentRoute.value.fullPath).toBe('/opportunities/5')
    expect(wrapper.find('[data-testid="notification-badge"]').text()).toContain('1')
    wrapper.unmount()
  })
})
