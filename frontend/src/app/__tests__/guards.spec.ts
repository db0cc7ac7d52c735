import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { accessDecision, safeNext, type SessionView } from '@/app/guards'
import { routes } from '@/app/router'

const router = createRouter({ history: createMemoryHistory(), routes })
const anonymous: SessionView = { isSignedIn: false, can: () => false }
const salesperson: SessionView = { isSignedIn: true, can: (resource) => resource === 'customers' }

describe('accessDecision', () => {
  it('sends anonymous users to the login page, keeping the target', () => {
    expect(accessDecision(router.resolve('/users?q=li'), anonymous)).toEqual({
      name: 'login',
      query: { next: '/users?q=li' },
    })
  })

  it('lets anonymous users see the login and not-found pages', () => {
    expect(accessDecision(router.resolve('/login'), anonymous)).toBe(true)
    expect(accessDecision(router.resolve('/no/such/page'), anonymous)).toBe(true)
  })

  it('refuses a page the user lacks the view right for with the 403 page', () => {
    expect(accessDecision(router.resolve('/users'), salesperson)).toEqual({
      name: 'forbidden',
      query: { from: '/users' },
    })
    expect(accessDecision(router.resolve('/customers/12'), salesperson)).toBe(true)
    expect(accessDecision(router.resolve('/'), salesperson)).toBe(true)
    expect(accessDecision(router.resolve('/profile'), salesperson)).toBe(true)
  })

  it('moves a signed-in user away from the login page to `next`', () => {
    expect(accessDecision(router.resolve('/login?next=/customers'), salesperson)).toBe('/customers')
  })
})

describe('safeNext', () => {
  it('accepts same-site paths only', () => {
    expect(safeNext('/roles')).toBe('/roles')
    expect(safeNext('//evil.example')).toBe('/')
    expect(safeNext('https://evil.example')).toBe('/')
    expect(safeNext('/login?next=/x')).toBe('/')
    expect(safeNext(undefined)).toBe('/')
  })
})
