import { flushPromises, mount } from '@vue/test-utils'
import { createPinia, setActivePinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { ApiError } from '@/api/errors'
import { i18n, setLocale } from '@/app/i18n'
import * as accountsApi from '../api'
import LoginPage from '../pages/LoginPage.vue'

vi.mock('../api', () => ({ signIn: vi.fn(), fetchMe: vi.fn(), signOut: vi.fn() }))

const me = {
  id: 1,
  username: 'li',
  display_name: '李雷',
  email: '',
  is_admin: false,
  department_id: null,
  department_name: null,
  roles: [],
  permissions: {},
}

async function mountLogin(next?: string) {
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/login', name: 'login', component: LoginPage },
      { path: '/:rest(.*)*', name: 'elsewhere', component: { render: () => null } },
    ],
  })
  await router.push(next ? { path: '/login', query: { next } } : '/login')
  const pinia = createPinia()
  setActivePinia(pinia)
  const wrapper = mount(LoginPage, { global: { plugins: [pinia, i18n, router] }, attachTo: document.body })
  return { wrapper, router }
}

async function fillAndSubmit(wrapper: Awaited<ReturnType<typeof mountLogin>>['wrapper']) {
  await wrapper.find('input[data-testid="login-username"]').setValue('li')
  await wrapper.find('input[data-testid="login-password"]').setValue('wrong')
  await wrapper.find('[data-testid="login-form"]').trigger('submit')
  await flushPromises()
}

describe('LoginPage', () => {
  beforeEach(() => setLocale('zh-CN'))
  afterEach(() => {
    document.body.innerHTML = ''
  })

  it('puts the test ids on the native inputs and the submit button', async () => {
    const { wrapper } = await mountLogin()
    expect(wrapper.find('input[data-testid="login-username"]').exists()).toBe(true)
    expect(wrapper.find('input[data-testid="login-password"]').attributes('type')).toBe('password')
    expect(wrapper.find('button[data-testid="login-submit"]').exists()).toBe(true)
  })

  it('shows the translated invalid-credentials message in an alert', async () => {
    vi.mocked(accountsApi.signIn).mockRejectedValueOnce(
      new ApiError({ status: 401, code: 'auth.invalid_credentials', message: 'Wrong username or password.' }),
    )
    const { wrapper } = await mountLogin()
    await fillAndSubmit(wrapper)
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('用户名或密码错误。')
    setLocale('en')
    await flushPromises()
    expect(wrapper.find('[data-testid="login-error"]').text()).toContain('Wrong username or password.')
  })

  it('goes to the `next` page after signing in', async () => {
    vi.mocked(accountsApi.signIn).mockResolvedValueOnce(me)
    const { wrapper, router } = await mountLogin('/customers?q=abc')
    await fillAndSubmit(wrapper)
    expect(router.currentRoute.value.fullPath).toBe('/customers?q=abc')
  })

  it('refuses to follow a `next` that leaves the site', async () => {
    vi.mocked(accountsApi.signIn).mockResolvedValueOnce(me)
    const { wrapper, router } = await mountLogin('//evil.example/')
    await fillAndSubmit(wrapper)
    expect(router.currentRoute.value.fullPath).toBe('/')
  })
})
