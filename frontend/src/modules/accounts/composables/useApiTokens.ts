import { ref } from 'vue'
import { notifyError } from '@/shared/errors'
import * as accountsApi from '../api'
import type { ApiToken, CreatedApiToken } from '../api'

export type TokenState = 'active' | 'revoked' | 'expired'

export function tokenState(token: ApiToken, now = Date.now()): TokenState {
  if (token.revoked_at) return 'revoked'
  if (token.expires_at && Date.parse(token.expires_at) <= now) return 'expired'
  return 'active'
}

/** The signed-in user's API tokens: list, create (plaintext kept until dismissed), revoke. */
export function useApiTokens() {
  const tokens = ref<ApiToken[]>([])
  const isLoading = ref(false)
  const created = ref<CreatedApiToken | null>(null)

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      tokens.value = await accountsApi.listApiTokens()
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  /** Throws the ApiError so the dialog can show field errors. */
  async function create(name: string, expiresInDays: number | null): Promise<void> {
    created.value = await accountsApi.createApiToken(name, expiresInDays)
    await load()
  }

  async function revoke(token: ApiToken): Promise<void> {
    await accountsApi.revokeApiToken(token.id)
    await load()
  }

  return { tokens, isLoading, created, load, create, revoke }
}
