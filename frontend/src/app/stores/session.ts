import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import { isApiError } from '@/api/errors'
import * as accountsApi from '@/modules/accounts/api'
import type { Me } from '@/modules/accounts/api'

export type Resource =
  | 'customers'
  | 'customer_settings'
  | 'opportunities'
  | 'targets'
  | 'opportunity_settings'
  | 'leads'
  | 'lead_settings'
  | 'pools'
  | 'follow_ups'
  | 'visits'
  | 'tasks'
  | 'work_reports'
  | 'report_settings'
  | 'notification_settings'
  | 'departments'
  | 'users'
  | 'roles'
  | 'audit'
export type Action = 'view' | 'create' | 'edit' | 'delete' | 'export' | 'import' | 'assign' | 'approve'

/** Whether a permission map (from /auth/me) grants an action on a resource. */
export function hasPermission(permissions: Record<string, string[]> | undefined, resource: string, action = 'view') {
  return permissions?.[resource]?.includes(action) ?? false
}

/** The signed-in user, shared by the shell, the guards and every page that checks a right. */
export const useSessionStore = defineStore('session', () => {
  const me = ref<Me | null>(null)
  const isLoaded = ref(false)
  let loading: Promise<void> | null = null

  const isSignedIn = computed(() => me.value !== null)

  /** Ask the server who we are, once; a 401 simply means nobody is signed in. */
  function ensureLoaded(): Promise<void> {
    if (isLoaded.value) return Promise.resolve()
    loading ??= accountsApi
      .fetchMe()
      .then((value) => {
        me.value = value
      })
      .catch((error: unknown) => {
        if (!isApiError(error) || error.status !== 401) throw error
        me.value = null
      })
      .then(() => {
        isLoaded.value = true
      })
      .finally(() => {
        loading = null
      })
    return loading
  }

  async function refresh(): Promise<void> {
    me.value = await accountsApi.fetchMe()
    isLoaded.value = true
  }

  async function signIn(username: string, password: string): Promise<void> {
    me.value = await accountsApi.signIn(username, password)
    isLoaded.value = true
  }

  async function signOut(): Promise<void> {
    try {
      await accountsApi.signOut()
    } finally {
      forget()
    }
  }

  /** Drop the user locally (the server already ended the session). */
  function forget(): void {
    me.value = null
    isLoaded.value = true
  }

  function can(resource: Resource, action: Action = 'view'): boolean {
    return hasPermission(me.value?.permissions, resource, action)
  }

  return { me, isLoaded, isSignedIn, ensureLoaded, refresh, signIn, signOut, forget, can }
})
