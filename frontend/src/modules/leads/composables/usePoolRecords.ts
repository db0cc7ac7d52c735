import { ElMessage } from 'element-plus'
import { computed, ref, shallowRef } from 'vue'
import { i18n } from '@/app/i18n'
import { useCursorList } from '@/shared/composables/useCursorList'
import { notifyError } from '@/shared/errors'
import { claimRecord, myPools, poolRecords, type MemberPool, type PoolRecordItem, type PoolResource } from '../poolsApi'
import { claimRefusalText } from './poolClaim'

/** The pools page: the viewer's pools of one resource, the records waiting in the chosen one, and claims. */
export function usePoolRecords(resource: () => PoolResource) {
  const pools = shallowRef<MemberPool[]>([])
  const poolId = ref<number | null>(null)
  const isLoadingPools = ref(false)
  const claimingId = ref<number | null>(null)
  const selected = shallowRef<PoolRecordItem[]>([])

  const pool = computed(() => pools.value.find((item) => item.id === poolId.value) ?? null)
  const list = useCursorList((cursor) => poolRecords(poolId.value as number, cursor))

  async function loadPools(): Promise<void> {
    isLoadingPools.value = true
    try {
      pools.value = await myPools(resource())
      if (!pools.value.some((item) => item.id === poolId.value)) poolId.value = pools.value[0]?.id ?? null
    } catch (error) {
      notifyError(error)
    } finally {
      isLoadingPools.value = false
    }
  }

  async function reloadRecords(): Promise<void> {
    selected.value = []
    if (poolId.value == null) {
      list.items.value = []
      list.count.value = 0
      return
    }
    await list.reload()
  }

  async function load(): Promise<void> {
    await loadPools()
    await reloadRecords()
  }

  async function choose(id: number): Promise<void> {
    poolId.value = id
    await reloadRecords()
  }

  /** Claim one record; a refusal shows the message naming the limit that stopped it. */
  async function claim(record: PoolRecordItem): Promise<boolean> {
    const { t } = i18n.global
    claimingId.value = record.id
    try {
      await claimRecord(resource(), record.id)
      ElMessage.success(t('leads.pools.page.claimed', { name: record.name }))
      await load()
      return true
    } catch (error) {
      const refusal = claimRefusalText(error, pool.value, t)
      if (refusal) ElMessage.error({ message: refusal, grouping: true, customClass: 'pool-claim-refusal' })
      else notifyError(error)
      return false
    } finally {
      claimingId.value = null
    }
  }

  return { pools, poolId, pool, isLoadingPools, claimingId, selected, list, load, choose, reloadRecords, claim }
}
