import type { Pinia } from 'pinia'
import type { LocationQuery, LocationQueryValue, RouteLocationRaw, RouteMeta, RouteRecordNameGeneric, Router } from 'vue-router'
import { i18n } from './i18n'
import { useSessionStore, type Resource } from './stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean
    /** The resource whose `view` right the page needs. */
    resource?: Resource
    /** i18n key of the page title. */
    titleKey?: string
    /** The sidebar item to highlight when it differs from the route name (detail pages). */
    navKey?: string
  }
}

/** A `next` target we are willing to follow: same-site paths only, never back to the login page. */
export function safeNext(next: LocationQueryValue | LocationQueryValue[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return '/'
  return value
}

export interface SessionView {
  isSignedIn: boolean
  can: (resource: Resource) => boolean
}

export interface NavigationTarget {
  name?: RouteRecordNameGeneric | null
  meta: RouteMeta
  fullPath: string
  query: LocationQuery
}

/** Where a navigation may go: through, to the login page, or to the 403 page. */
export function accessDecision(to: NavigationTarget, session: SessionView): true | RouteLocationRaw {
  if (to.name === 'login') return session.isSignedIn ? safeNext(to.query.next) : true
  if (to.meta.public) return true
  if (!session.isSignedIn) {
    return to.fullPath === '/' ? { name: 'login' } : { name: 'login', query: { next: to.fullPath } }
  }
  if (to.meta.resource && !session.can(to.meta.resource)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
}

export function installGuards(router: Router, pinia: Pinia): void {
  router.beforeEach(async (to) => {
    const session = useSessionStore(pinia)
    if (!to.meta.public || to.name === 'login') {
      try {
        await session.ensureLoaded()
      } catch {
        // The server could not say who we are (down, 5xx): the login page is the safe place to wait.
        return to.name === 'login' ? true : { name: 'login', query: { next: to.fullPath } }
      }
    }
    return accessDecision(to, session)
  })

  router.afterEach((to) => {
    const { t } = i18n.global
    const page = to.meta.titleKey ? t(to.meta.titleKey) : ''
    document.title = page ? `${page} · ${t('app.name')}` : t('app.name')
  })
}
